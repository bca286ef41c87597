// ZipPackage: name lookup as real producers need it, whole-part reads, and the limits that stop
// zip bombs, on small archives written by the test itself.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "formats/zip/zip_package.hpp"
#include "support/xlsx_builder.hpp"

namespace kpimap::detail {
namespace {

using test_support::TempDir;
using test_support::write_zip;
using test_support::ZipEntry;

// Runs `fn` and returns the ReadError it throws; fails the test when nothing is thrown.
template <typename Fn>
ReadError expect_read_error(Fn&& fn) {
    try {
        fn();
    } catch (const ReadError& e) {
        return e;
    }
    ADD_FAILURE() << "no ReadError was thrown";
    return ReadError(ErrorCode::ok, "", "");
}

TEST(ZipPackageNormaliseTest, LowerCasesAndUsesForwardSlashes) {
    EXPECT_EQ(ZipPackage::normalise("xl/workbook.xml"), "xl/workbook.xml");
    EXPECT_EQ(ZipPackage::normalise("XL/Workbook.XML"), "xl/workbook.xml");
    EXPECT_EQ(ZipPackage::normalise("xl\\worksheets\\Sheet1.xml"), "xl/worksheets/sheet1.xml");
    EXPECT_EQ(ZipPackage::normalise("/xl/styles.xml"), "xl/styles.xml");
    EXPECT_EQ(ZipPackage::normalise("//\\xl/styles.xml"), "xl/styles.xml");
    EXPECT_EQ(ZipPackage::normalise("[Content_Types].xml"), "[content_types].xml");
    EXPECT_EQ(ZipPackage::normalise(""), "");
    EXPECT_EQ(ZipPackage::normalise("///"), "");
}

TEST(ZipPackageNormaliseTest, LeavesNonAsciiBytesAlone) {
    // Only ASCII letters fold: UTF-8 bytes of "É" (C3 89) stay as they are.
    EXPECT_EQ(ZipPackage::normalise("xl/\xC3\x89t\xC3\xA9.xml"), "xl/\xC3\x89t\xC3\xA9.xml");
}

class ZipPackageTest : public ::testing::Test {
protected:
    std::string write(const std::vector<ZipEntry>& entries) {
        const std::string path = dir_.file("package.zip");
        write_zip(path, entries);
        return path;
    }
    TempDir dir_;
};

TEST_F(ZipPackageTest, FindsPartsByAnySpelling) {
    const std::string path = write({{"xl/Workbook.xml", "<workbook/>"},
                                    {"xl\\worksheets\\sheet1.xml", "<worksheet/>"},
                                    {"/xl/styles.xml", "<styleSheet/>"}});
    ZipPackage package(path, ReadLimits{});
    EXPECT_TRUE(package.contains("xl/workbook.xml"));
    EXPECT_TRUE(package.contains("XL/WORKBOOK.XML"));
    EXPECT_TRUE(package.contains("/xl/workbook.xml"));
    EXPECT_TRUE(package.contains("xl/worksheets/sheet1.xml"));
    EXPECT_TRUE(package.contains("xl\\worksheets\\Sheet1.xml"));
    EXPECT_TRUE(package.contains("xl/styles.xml"));
    EXPECT_FALSE(package.contains("xl/sharedStrings.xml"));
    EXPECT_FALSE(package.contains("workbook.xml"));
    EXPECT_EQ(package.read("XL/WORKBOOK.XML"), "<workbook/>");
    EXPECT_EQ(package.read("xl/worksheets/sheet1.xml"), "<worksheet/>");
    EXPECT_EQ(package.read("xl/styles.xml"), "<styleSheet/>");
}

TEST_F(ZipPackageTest, NamesAreStoredSpellingInArchiveOrder) {
    const std::string path = write({{"b.xml", "1"}, {"A/C.xml", "2"}, {"a\\d.xml", "3"}});
    ZipPackage package(path, ReadLimits{});
    const std::vector<std::string> expected{"b.xml", "A/C.xml", "a\\d.xml"};
    EXPECT_EQ(package.names(), expected);
}

// Issue 9: duplicate entry names were resolved silently (the first won). Which one Excel or
// another reader takes is anybody's guess, so reading one is refused.
TEST_F(ZipPackageTest, NamesSharedByTwoEntriesAreRefusedWhenRead) {
    std::string path = write(
        {{"xl/a.xml", "first"}, {"XL/A.xml", "second"}, {"b.xml", "b"}, {"q.xml", "b again"}});
    // libzip will not write one name twice: rename the last entry in the bytes (local header
    // and central directory alike).
    std::string bytes = test_support::read_file(path);
    for (std::size_t at; (at = bytes.find("q.xml")) != std::string::npos;)
        bytes.replace(at, 5, "b.xml");
    test_support::write_file(path, bytes);
    ZipPackage package(path, ReadLimits{});
    EXPECT_EQ(package.names().size(), 4u);
    const std::vector<std::string> duplicates{"XL/A.xml", "b.xml"};
    EXPECT_EQ(package.duplicate_names(), duplicates);
    EXPECT_TRUE(package.is_ambiguous("xl\\A.XML"));
    EXPECT_FALSE(package.is_ambiguous("c.xml"));
    try {
        package.read("Xl/a.XML");
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::corrupt_zip);
        EXPECT_NE(e.detail().find("two entries"), std::string::npos) << e.detail();
    }
}

TEST_F(ZipPackageTest, ReadPastItsCapIsTooLarge) {
    const std::string path = write({{"big.xml", std::string(100000, 'x')}});
    ZipPackage package(path, ReadLimits{});
    EXPECT_EQ(package.read("big.xml", 100000).size(), 100000u);
    try {
        package.read("big.xml", 99999);
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::too_large);
    }
}

TEST_F(ZipPackageTest, ReadsStoredAndDeflatedPartsAndCountsInflatedBytes) {
    std::string big;
    for (int i = 0; i < 5000; ++i) big += "<row r=\"" + std::to_string(i + 1) + "\"/>";
    ZipEntry stored{"stored.xml", "plain bytes"};
    stored.method = ZIP_CM_STORE;
    const std::string path = write({stored, {"deflated.xml", big}, {"empty.xml", ""}});
    ZipPackage package(path, ReadLimits{});
    EXPECT_EQ(package.read("stored.xml"), "plain bytes");
    EXPECT_EQ(package.read("deflated.xml"), big);
    EXPECT_EQ(package.read("empty.xml"), "");
    EXPECT_EQ(package.total_inflated(), big.size() + std::string("plain bytes").size());
}

TEST_F(ZipPackageTest, StreamsAPartInSmallReads) {
    std::string content;
    for (int i = 0; i < 1000; ++i) content += std::to_string(i) + ",";
    const std::string path = write({{"xl/sharedStrings.xml", content}});
    ZipPackage package(path, ReadLimits{});
    ZipPartStream stream = package.open("XL/sharedstrings.xml");
    EXPECT_EQ(stream.name(), "xl/sharedStrings.xml");  // the stored spelling
    std::string got;
    char buffer[7];
    while (std::size_t n = stream.read(buffer, sizeof buffer)) got.append(buffer, n);
    EXPECT_EQ(got, content);
    EXPECT_EQ(stream.inflated(), content.size());
    EXPECT_EQ(stream.read(buffer, sizeof buffer), 0u);  // stays at the end
}

TEST_F(ZipPackageTest, MissingPartIsMissingPartError) {
    const std::string path = write({{"xl/workbook.xml", "<workbook/>"}});
    ZipPackage package(path, ReadLimits{});
    ReadError e = expect_read_error([&] { package.read("xl/worksheets/sheet9.xml"); });
    EXPECT_EQ(e.code(), ErrorCode::missing_part);
    EXPECT_EQ(e.part(), "xl/worksheets/sheet9.xml");
    e = expect_read_error([&] { package.open("nope.xml"); });
    EXPECT_EQ(e.code(), ErrorCode::missing_part);
    EXPECT_EQ(package.read_if_present("nope.xml"), std::nullopt);
    EXPECT_EQ(package.read_if_present("XL/WORKBOOK.xml"),
              std::optional<std::string>("<workbook/>"));
}

TEST_F(ZipPackageTest, NotAZipIsCorruptZip) {
    const std::string path = dir_.file("text.xlsx");
    test_support::write_file(path, "just some text, not a ZIP archive at all\n");
    ReadError e = expect_read_error([&] { ZipPackage package(path, ReadLimits{}); });
    EXPECT_EQ(e.code(), ErrorCode::corrupt_zip);
}

TEST_F(ZipPackageTest, DamagedCompressedDataIsCorruptZip) {
    std::string content;
    for (int i = 0; i < 2000; ++i)
        content += "<c r=\"A" + std::to_string(i + 1) + "\"><v>1</v></c>";
    const std::string path = write({{"a.xml", "ok"}, {"xl/worksheets/sheet1.xml", content}});
    std::string bytes = test_support::read_file(path);
    const auto data = test_support::locate_entry_data(bytes, "xl/worksheets/sheet1.xml");
    ASSERT_NE(data.offset, std::string::npos);
    ASSERT_GT(data.compressed, 16u);
    // Flip every compressed byte and make the first block header name the reserved block
    // type (BTYPE = 11), which every inflater must reject.
    for (std::size_t i = 0; i < data.compressed; ++i)
        bytes[data.offset + i] = static_cast<char>(~bytes[data.offset + i]);
    bytes[data.offset] = static_cast<char>(bytes[data.offset] | 0x06);
    test_support::write_file(path, bytes);

    ZipPackage package(path, ReadLimits{});
    EXPECT_EQ(package.read("a.xml"), "ok");
    ReadError e = expect_read_error([&] { package.read("xl/worksheets/sheet1.xml"); });
    EXPECT_EQ(e.code(), ErrorCode::corrupt_zip);
    EXPECT_EQ(e.part(), "xl/worksheets/sheet1.xml");
}

TEST_F(ZipPackageTest, CrcMismatchIsCorruptZip) {
    // A stored entry whose bytes change after writing: inflating "works", the CRC does not.
    ZipEntry entry{"xl/worksheets/sheet1.xml", std::string(4000, 'x')};
    entry.method = ZIP_CM_STORE;
    const std::string path = write({entry});
    std::string bytes = test_support::read_file(path);
    const auto data = test_support::locate_entry_data(bytes, entry.name);
    ASSERT_NE(data.offset, std::string::npos);
    ASSERT_EQ(data.compressed, 4000u);
    bytes[data.offset + 2000] = 'y';
    test_support::write_file(path, bytes);
    ZipPackage package(path, ReadLimits{});
    ReadError e = expect_read_error([&] { package.read(entry.name); });
    EXPECT_EQ(e.code(), ErrorCode::corrupt_zip);
    EXPECT_EQ(e.part(), entry.name);
}

TEST_F(ZipPackageTest, PerPartDeclaredSizeOverLimitIsZipBombBeforeInflating) {
    const std::string path = write({{"big.xml", std::string(10000, 'a')}, {"small.xml", "ok"}});
    ReadLimits limits;
    limits.max_part_uncompressed = 5000;
    ZipPackage package(path, limits);
    ReadError e = expect_read_error([&] { package.open("big.xml"); });
    EXPECT_EQ(e.code(), ErrorCode::zip_bomb);
    EXPECT_EQ(e.part(), "big.xml");
    EXPECT_EQ(package.total_inflated(), 0u);  // refused from the directory, nothing inflated
    EXPECT_EQ(package.read("small.xml"), "ok");
}

TEST_F(ZipPackageTest, TotalInflatedOverLimitIsZipBomb) {
    const std::string path =
        write({{"one.xml", std::string(600, 'a')}, {"two.xml", std::string(600, 'b')}});
    ReadLimits limits;
    limits.max_total_uncompressed = 1000;
    ZipPackage package(path, limits);
    EXPECT_EQ(package.read("one.xml").size(), 600u);
    ReadError e = expect_read_error([&] { package.read("two.xml"); });
    EXPECT_EQ(e.code(), ErrorCode::zip_bomb);
    EXPECT_EQ(e.part(), "two.xml");
}

TEST_F(ZipPackageTest, CompressionRatioOverLimitIsZipBomb) {
    // 200 kB of one byte deflates to a few hundred bytes: a ratio far above 50.
    const std::string path = write({{"xl/worksheets/sheet1.xml", std::string(200000, ' ')}});
    ReadLimits limits;
    limits.max_compression_ratio = 50;
    limits.ratio_grace_bytes = 1000;
    ZipPackage package(path, limits);
    ReadError e = expect_read_error([&] { package.read("xl/worksheets/sheet1.xml"); });
    EXPECT_EQ(e.code(), ErrorCode::zip_bomb);
    EXPECT_EQ(e.part(), "xl/worksheets/sheet1.xml");
}

TEST_F(ZipPackageTest, RatioIsNotCheckedWithinTheGraceBytes) {
    const std::string path = write({{"a.xml", std::string(200000, ' ')}});
    ReadLimits limits;
    limits.max_compression_ratio = 50;
    limits.ratio_grace_bytes = 300000;
    ZipPackage package(path, limits);
    EXPECT_EQ(package.read("a.xml").size(), 200000u);
}

TEST_F(ZipPackageTest, StoredPartsPassARatioLimitOfOne) {
    ZipEntry entry{"a.xml", std::string(100000, ' ')};
    entry.method = ZIP_CM_STORE;
    const std::string path = write({entry});
    ReadLimits limits;
    limits.max_compression_ratio = 1.0;
    limits.ratio_grace_bytes = 0;
    ZipPackage package(path, limits);
    EXPECT_EQ(package.read("a.xml").size(), 100000u);
}

TEST_F(ZipPackageTest, EncryptedEntryIsEncrypted) {
    if (!zip_encryption_method_supported(ZIP_EM_AES_128, 1))
        GTEST_SKIP() << "this libzip cannot write AES-128 entries";
    ZipEntry secret{"xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>"};
    secret.password = "hunter2";
    const std::string path = write({{"xl/workbook.xml", "<workbook/>"}, secret});
    ZipPackage package(path, ReadLimits{});
    EXPECT_EQ(package.read("xl/workbook.xml"), "<workbook/>");
    ReadError e = expect_read_error([&] { package.read("xl/worksheets/sheet1.xml"); });
    EXPECT_EQ(e.code(), ErrorCode::encrypted);
    EXPECT_EQ(e.part(), "xl/worksheets/sheet1.xml");
}

}  // namespace
}  // namespace kpimap::detail
