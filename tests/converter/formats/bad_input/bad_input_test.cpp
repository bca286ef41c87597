// Hostile and broken input: each kind of bad file is generated here and must be refused with
// its exact error code, a message naming the file (and the part, where there is one) and a
// hint for the user. Nothing here may take long or use much memory.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>

#include "kpimap/reader.hpp"
#include "support/ole_builder.hpp"
#include "support/xlsx_builder.hpp"

namespace kpimap {
namespace {

namespace fs = std::filesystem;
using test_support::read_file;
using test_support::TempDir;
using test_support::write_file;
using test_support::write_zip;
using test_support::XlsxBuilder;
using test_support::ZipEntry;

class BadInputTest : public ::testing::Test {
protected:
    std::string write(const XlsxBuilder& builder, const std::string& name = "book.xlsx") {
        const std::string path = dir_.file(name);
        builder.write(path);
        return path;
    }

    // Loads `path` and checks the refusal: code, no workbook, file and part in the message,
    // and a hint.
    LoadResult expect_error(const std::string& path, ErrorCode code, const std::string& part = "",
                            const ReadOptions& options = {}) {
        LoadResult r = load_workbook(path, options);
        EXPECT_EQ(r.status.code, code)
            << error_code_name(r.status.code) << ": " << r.status.message();
        EXPECT_FALSE(r);
        EXPECT_FALSE(r.workbook.has_value());
        EXPECT_EQ(r.status.file, path);
        const std::string message = r.status.message();
        EXPECT_NE(message.find(path), std::string::npos) << message;
        if (!part.empty()) {
            EXPECT_EQ(r.status.part, part);
            EXPECT_NE(message.find(part), std::string::npos) << message;
        }
        EXPECT_STRNE(error_code_hint(code), "");
        return r;
    }

    TempDir dir_;
};

// --- not a workbook ---

TEST_F(BadInputTest, PowerPointPackageNamedXlsxIsNotAWorkbook) {
    const std::string path = dir_.file("deck.xlsx");
    write_zip(
        path,
        {{"[Content_Types].xml",
          "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
          "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
          "<Override PartName=\"/ppt/presentation.xml\" ContentType=\"application/"
          "vnd.openxmlformats-officedocument.presentationml.presentation.main+xml\"/></Types>"},
         {"_rels/.rels",
          XlsxBuilder::relationships({{"rId1", "officeDocument", "ppt/presentation.xml"}})},
         {"ppt/presentation.xml", "<p:presentation xmlns:p=\"p\"/>"},
         {"ppt/slides/slide1.xml", "<p:sld xmlns:p=\"p\"/>"}});
    expect_error(path, ErrorCode::not_a_workbook);
    EXPECT_EQ(detect_format(path), DetectedFormat::other_zip);
}

TEST_F(BadInputTest, WordPackageNamedXlsxIsNotAWorkbook) {
    const std::string path = dir_.file("letter.xlsx");
    write_zip(path,
              {{"[Content_Types].xml",
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
                "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"},
               {"_rels/.rels",
                XlsxBuilder::relationships({{"rId1", "officeDocument", "word/document.xml"}})},
               {"word/document.xml", "<w:document xmlns:w=\"w\"><w:body/></w:document>"}});
    expect_error(path, ErrorCode::not_a_workbook);
}

TEST_F(BadInputTest, OpenDocumentTextNamedOdsIsNotAWorkbook) {
    const std::string path = dir_.file("letter.ods");
    ZipEntry mimetype{"mimetype", "application/vnd.oasis.opendocument.text", ZIP_CM_STORE};
    write_zip(path, {mimetype, {"content.xml", "<office:document-content xmlns:office=\"o\"/>"}});
    expect_error(path, ErrorCode::not_a_workbook);
}

TEST_F(BadInputTest, CsvTextNamedXlsxIsNotAWorkbook) {
    const std::string path = dir_.file("export.xlsx");
    write_file(path, "Indicator,Value\nA&E 4h,0.95\nRTT 18w,0.74\n");
    const LoadResult r = expect_error(path, ErrorCode::not_a_workbook);
    EXPECT_NE(r.status.detail.find(".xlsx"), std::string::npos) << r.status.detail;
}

TEST_F(BadInputTest, EmptyFileNamedXlsxIsNotAWorkbook) {
    const std::string path = dir_.file("empty.xlsx");
    write_file(path, "");
    expect_error(path, ErrorCode::not_a_workbook);
}

TEST_F(BadInputTest, RandomBinaryIsNotAWorkbook) {
    std::mt19937 random(20240229);
    std::string bytes(8192, '\0');
    for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
    bytes[0] = '\x7F';  // not "PK" nor the OLE signature
    ASSERT_NE(bytes.find('\0'), std::string::npos);
    for (const char* name : {"noise.xlsx", "noise.bin"}) {
        SCOPED_TRACE(name);
        const std::string path = dir_.file(name);
        write_file(path, bytes);
        expect_error(path, ErrorCode::not_a_workbook);
    }
}

TEST_F(BadInputTest, EmptyZipArchiveIsNotAWorkbook) {
    const std::string path = dir_.file("empty.xlsx");
    // The end-of-central-directory record of an archive with no entries.
    write_file(path, std::string("PK\x05\x06", 4) + std::string(18, '\0'));
    expect_error(path, ErrorCode::not_a_workbook);
}

TEST_F(BadInputTest, BinaryWorkbookIsUnsupportedFormat) {
    const std::string path = dir_.file("book.xlsb");
    write_zip(path, {{"[Content_Types].xml", "<Types/>"},
                     {"xl/workbook.bin", std::string("\x83\x01\x00", 3)}});
    expect_error(path, ErrorCode::unsupported_format);
}

// --- damaged ZIP ---

XlsxBuilder sample_book(int rows = 200) {
    XlsxBuilder b;
    std::string data;
    for (int i = 1; i <= rows; ++i) {
        const std::string r = std::to_string(i);
        data += "<row r=\"" + r + "\"><c r=\"A" + r + "\" t=\"inlineStr\"><is><t>Trust " + r +
                "</t></is></c><c r=\"B" + r + "\"><v>" + std::to_string(i * 37 % 1000) +
                "</v></c></row>";
    }
    b.sheet_data(data);
    return b;
}

TEST_F(BadInputTest, TruncatedZipIsCorruptZip) {
    const std::string good = write(sample_book(), "good.xlsx");
    ASSERT_TRUE(load_workbook(good)) << "the untruncated file must load";
    const std::string bytes = read_file(good);
    const std::string path = dir_.file("half.xlsx");
    write_file(path, bytes.substr(0, bytes.size() / 2));
    expect_error(path, ErrorCode::corrupt_zip);
}

TEST_F(BadInputTest, DamagedSheetDataIsCorruptZip) {
    const std::string path = write(sample_book(2000));
    std::string bytes = read_file(path);
    const auto data = test_support::locate_entry_data(bytes, "xl/worksheets/sheet1.xml");
    ASSERT_NE(data.offset, std::string::npos);
    ASSERT_GT(data.compressed, 100u);
    for (std::size_t i = 0; i < data.compressed; ++i)
        bytes[data.offset + i] = static_cast<char>(~bytes[data.offset + i]);
    // Make sure the first deflate block header is invalid (reserved block type 11).
    bytes[data.offset] = static_cast<char>(bytes[data.offset] | 0x06);
    write_file(path, bytes);
    const LoadResult r = expect_error(path, ErrorCode::corrupt_zip, "xl/worksheets/sheet1.xml");
    EXPECT_GE(r.status.offset, 0);
}

TEST_F(BadInputTest, FlippedBytesInTheMiddleOfSheetDataAreCorruptZip) {
    // Damage past the first block header: inflate may still produce bytes, but either the
    // deflate stream or the CRC must fail, never a silently different workbook.
    const std::string path = write(sample_book(2000));
    std::string bytes = read_file(path);
    const auto data = test_support::locate_entry_data(bytes, "xl/worksheets/sheet1.xml");
    ASSERT_NE(data.offset, std::string::npos);
    for (std::size_t i = data.compressed / 2; i < data.compressed / 2 + 16; ++i)
        bytes[data.offset + i] = static_cast<char>(~bytes[data.offset + i]);
    write_file(path, bytes);
    const LoadResult r = load_workbook(path);
    EXPECT_FALSE(r);
    // Garbage that reaches the XML parser first may be reported as malformed XML; both name
    // the damaged part.
    EXPECT_TRUE(r.status.code == ErrorCode::corrupt_zip ||
                r.status.code == ErrorCode::xml_malformed)
        << r.status.message();
    EXPECT_EQ(r.status.part, "xl/worksheets/sheet1.xml");
}

// --- encrypted ---

TEST_F(BadInputTest, PasswordProtectedWorkbookIsEncrypted) {
    const std::string source =
        std::string(KPIMAP_SHARED_DIR) + "/corpus/xlsx-calamine/tests__pass_protected.xlsx";
    ASSERT_TRUE(fs::exists(source)) << "corpus file not available: " << source;
    expect_error(source, ErrorCode::encrypted);
    EXPECT_EQ(detect_format(source), DetectedFormat::encrypted_ooxml);
}

TEST_F(BadInputTest, GeneratedOleEncryptedPackageIsEncrypted) {
    for (const char* name : {"secret.xlsx", "secret.xls", "secret"}) {
        SCOPED_TRACE(name);
        const std::string path = dir_.file(name);
        write_file(path, test_support::minimal_encrypted_ole());
        const LoadResult r = expect_error(path, ErrorCode::encrypted);
        EXPECT_STRNE(error_code_hint(r.status.code), error_code_hint(ErrorCode::not_a_workbook));
    }
}

TEST_F(BadInputTest, AesEncryptedSheetEntryIsEncrypted) {
    if (!zip_encryption_method_supported(ZIP_EM_AES_128, 1))
        GTEST_SKIP() << "this libzip cannot write AES-128 entries";
    XlsxBuilder b = sample_book(5);
    b.entry("xl/worksheets/sheet1.xml").password = "s3cret";
    expect_error(write(b), ErrorCode::encrypted, "xl/worksheets/sheet1.xml");
}

TEST_F(BadInputTest, AesEncryptedEveryEntryIsEncrypted) {
    if (!zip_encryption_method_supported(ZIP_EM_AES_128, 1))
        GTEST_SKIP() << "this libzip cannot write AES-128 entries";
    XlsxBuilder b = sample_book(5);
    for (const ZipEntry& e : std::vector<ZipEntry>(b.entries()))
        b.entry(e.name).password = "s3cret";
    expect_error(write(b), ErrorCode::encrypted);
}

TEST_F(BadInputTest, AesEncryptedPackageWithUnusualWorkbookNameIsEncrypted) {
    // Detection must read the package relationships to find this workbook; when they are
    // encrypted the answer is still "encrypted", not "damaged".
    if (!zip_encryption_method_supported(ZIP_EM_AES_128, 1))
        GTEST_SKIP() << "this libzip cannot write AES-128 entries";
    XlsxBuilder b;
    b.remove("xl/workbook.xml").remove("xl/_rels/workbook.xml.rels").remove("[Content_Types].xml");
    b.set("_rels/.rels",
          XlsxBuilder::relationships({{"rId1", "officeDocument", "xl/workbook2.xml"}}));
    b.set("xl/workbook2.xml", XlsxBuilder::workbook({{"Sheet1", "rId1", ""}}));
    b.set("xl/_rels/workbook2.xml.rels",
          XlsxBuilder::relationships({{"rId1", "worksheet", "worksheets/sheet1.xml"}}));
    const std::string plain = write(b, "plain.xlsx");
    ASSERT_TRUE(load_workbook(plain)) << "the unencrypted package must load";
    for (const ZipEntry& e : std::vector<ZipEntry>(b.entries()))
        b.entry(e.name).password = "s3cret";
    const std::string path = write(b);
    const LoadResult r = load_workbook(path);
    if (r.status.code == ErrorCode::corrupt_zip)
        FAIL() << "regression: detect_format turns the 'encrypted' error of an encrypted "
                  "_rels/.rels into damaged_zip, so load_workbook says corrupt_zip: "
               << r.status.message();
    expect_error(path, ErrorCode::encrypted);
}

// --- zip bombs ---

// The sheet holds one real row followed by `megabytes` MiB of whitespace with an empty row
// every MiB; deflate packs whitespace at about 1030:1, so the part is over the 1000:1 ratio
// limit while streaming never holds more than a few MB.
XlsxBuilder whitespace_bomb(std::uint64_t megabytes) {
    XlsxBuilder b;
    const std::string sheet =
        XlsxBuilder::worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>@@");
    const auto cut = sheet.find("@@");
    ZipEntry& e = b.entry("xl/worksheets/sheet1.xml");
    e.data = sheet.substr(0, cut);
    e.repeat_unit = std::string(1u << 20, ' ') + "<row/>";
    e.repeat_count = megabytes;
    e.tail = sheet.substr(cut + 2);
    return b;
}

double compression_ratio(const std::string& path, const std::string& name) {
    zip_t* za = zip_open(path.c_str(), ZIP_RDONLY, nullptr);
    if (za == nullptr) return 0;
    zip_stat_t st;
    double ratio = 0;
    if (zip_stat(za, name.c_str(), 0, &st) == 0 && st.comp_size > 0)
        ratio = static_cast<double>(st.size) / static_cast<double>(st.comp_size);
    zip_discard(za);
    return ratio;
}

TEST_F(BadInputTest, CompressionRatioBombIsZipBomb) {
    const std::string path = write(whitespace_bomb(48));
    ASSERT_LT(fs::file_size(path), 100000u);
    const double ratio = compression_ratio(path, "xl/worksheets/sheet1.xml");
    ASSERT_GT(ratio, 1000.0) << "the generated part must exceed the default ratio limit";
    const auto start = std::chrono::steady_clock::now();
    expect_error(path, ErrorCode::zip_bomb, "xl/worksheets/sheet1.xml");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(BadInputTest, SameSheetLoadsWithARaisedRatioLimit) {
    const std::string path = write(whitespace_bomb(18));
    ReadOptions options;
    options.limits.max_compression_ratio = 5000;
    const LoadResult r = load_workbook(path, options);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(r.workbook->sheets.at(0).cell_count(), 1u);
}

TEST_F(BadInputTest, TotalSizeLimitIsZipBomb) {
    const std::string path = write(sample_book(2000));
    ReadOptions options;
    options.limits.max_total_uncompressed = 20000;
    expect_error(path, ErrorCode::zip_bomb, "xl/worksheets/sheet1.xml", options);
}

TEST_F(BadInputTest, PartSizeLimitIsZipBomb) {
    const std::string path = write(sample_book(2000));
    ReadOptions options;
    options.limits.max_part_uncompressed = 50000;
    expect_error(path, ErrorCode::zip_bomb, "xl/worksheets/sheet1.xml", options);
}

// --- DTDs and entities ---

std::string billion_laughs_prolog(const std::string& root) {
    std::string dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE " + root + " [\n<!ENTITY lol0 \"lol\">\n";
    for (int i = 1; i <= 9; ++i) {
        dtd += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) dtd += "&lol" + std::to_string(i - 1) + ";";
        dtd += "\">\n";
    }
    return dtd + "]>\n";
}

std::string without_declaration(const std::string& xml) {
    return xml.substr(xml.find("?>") + 2);
}

TEST_F(BadInputTest, BillionLaughsInWorkbookIsRefused) {
    XlsxBuilder b;
    b.set("xl/workbook.xml",
          billion_laughs_prolog("workbook") +
              without_declaration(XlsxBuilder::workbook({{"&lol9;", "rId1", ""}})));
    const auto start = std::chrono::steady_clock::now();
    const LoadResult r = expect_error(write(b), ErrorCode::xml_forbidden_dtd, "xl/workbook.xml");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
    EXPECT_EQ(r.status.offset, 22);  // the DOCTYPE follows the 22-byte XML declaration line
    EXPECT_EQ(r.status.message().find("lollol"), std::string::npos);
}

TEST_F(BadInputTest, ExternalEntityInSheetIsRefused) {
    XlsxBuilder b;
    b.set("xl/worksheets/sheet1.xml",
          "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "
          "\"file:///etc/passwd\">]>" +
              without_declaration(XlsxBuilder::worksheet(
                  "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>")));
    const LoadResult r =
        expect_error(write(b), ErrorCode::xml_forbidden_dtd, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(r.status.message().find("root:"), std::string::npos);
}

TEST_F(BadInputTest, ExternalEntityInSharedStringsIsRefused) {
    XlsxBuilder b;
    b.shared_strings({"<si><t>&xxe;</t></si>"});
    b.set("xl/sharedStrings.xml",
          "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" +
              without_declaration(XlsxBuilder::sst({"<si><t>&xxe;</t></si>"})));
    b.sheet_data("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>");
    const LoadResult r =
        expect_error(write(b), ErrorCode::xml_forbidden_dtd, "xl/sharedStrings.xml");
    EXPECT_EQ(r.status.message().find("root:"), std::string::npos);
}

TEST_F(BadInputTest, DtdInStylesAndRelationshipsIsRefused) {
    {
        XlsxBuilder b;
        b.styles("<!DOCTYPE styleSheet [<!ENTITY a \"b\">]><styleSheet/>");
        expect_error(write(b, "styles.xlsx"), ErrorCode::xml_forbidden_dtd, "xl/styles.xml");
    }
    {
        XlsxBuilder b;
        b.set("xl/_rels/workbook.xml.rels",
              "<!DOCTYPE Relationships SYSTEM \"http://example.org/x.dtd\">" +
                  without_declaration(XlsxBuilder::relationships(
                      {{"rId1", "worksheet", "worksheets/sheet1.xml"}})));
        expect_error(write(b, "rels.xlsx"), ErrorCode::xml_forbidden_dtd,
                     "xl/_rels/workbook.xml.rels");
    }
}

TEST_F(BadInputTest, DtdAfterAVeryLongCommentInSheetIsRefused) {
    // A DTD may follow any amount of comment; streaming must not stop looking for it.
    XlsxBuilder b;
    ZipEntry& e = b.entry("xl/worksheets/sheet1.xml");
    e.data = "<?xml version=\"1.0\"?><!--";
    e.repeat_unit = std::string(1024, 'c');
    e.repeat_count = 5 * 1024;  // 5 MiB, more than one streaming chunk
    e.tail = "--><!DOCTYPE worksheet [<!ENTITY a \"x\">]>" +
             without_declaration(XlsxBuilder::worksheet(
                 "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&a;</t></is></c></row>"));
    const std::string path = write(b);
    const LoadResult r = load_workbook(path);
    if (r.status.code != ErrorCode::xml_forbidden_dtd)
        FAIL() << "regression: a DOCTYPE after a prolog comment longer than the first streaming "
                  "chunk is not refused (status: "
               << error_code_name(r.status.code) << ")";
    expect_error(path, ErrorCode::xml_forbidden_dtd, "xl/worksheets/sheet1.xml");
}

TEST_F(BadInputTest, Utf16WorkbookWithDtdIsRefused) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" +
                      billion_laughs_prolog("workbook").substr(22) +
                      without_declaration(XlsxBuilder::workbook({{"&lol3;", "rId1", ""}}));
    std::string utf16("\xFF\xFE", 2);
    for (char c : xml) {
        utf16.push_back(c);
        utf16.push_back('\0');
    }
    XlsxBuilder b;
    b.set("xl/workbook.xml", utf16);
    const std::string path = write(b);
    const LoadResult r = load_workbook(path);
    if (r.status.code != ErrorCode::xml_forbidden_dtd) {
        std::string sheet = r ? r.workbook->sheets.at(0).name : std::string();
        FAIL() << "regression: a UTF-16 workbook.xml with a DTD is not refused (status: "
               << error_code_name(r.status.code) << ", first sheet name '" << sheet.substr(0, 40)
               << "')";
    }
    expect_error(path, ErrorCode::xml_forbidden_dtd, "xl/workbook.xml");
}

// --- sizes ---

TEST_F(BadInputTest, AbsurdDimensionWithOneCellLoadsSmall) {
    XlsxBuilder b;
    b.set("xl/worksheets/sheet1.xml",
          XlsxBuilder::worksheet("<row r=\"1048576\"><c r=\"XFD1048576\"><v>42</v></c></row>",
                                 "<dimension ref=\"A1:XFD1048576\"/>"));
    const LoadResult r = load_workbook(write(b));
    ASSERT_TRUE(r) << r.status.message();
    const Sheet& sheet = r.workbook->sheets.at(0);
    EXPECT_EQ(sheet.cell_count(), 1u);
    EXPECT_EQ(sheet.rows.size(), 1u);
    ASSERT_TRUE(sheet.used_range().has_value());
    EXPECT_EQ(range_to_a1(*sheet.used_range()), "XFD1048576");
    EXPECT_EQ(range_to_a1(*sheet.declared_dimension), "A1:XFD1048576");
    EXPECT_EQ(sheet.columns.size(), 0u);
    EXPECT_EQ(sheet.find({kMaxRows - 1, kMaxColumns - 1})->number, 42);
}

TEST_F(BadInputTest, TooManyCellsIsTooLarge) {
    const std::string path = write(sample_book(100));  // 200 cells
    ReadOptions options;
    options.limits.max_cells = 150;
    const LoadResult r =
        expect_error(path, ErrorCode::too_large, "xl/worksheets/sheet1.xml", options);
    EXPECT_NE(r.status.detail.find("Sheet1"), std::string::npos) << r.status.detail;
    options.limits.max_cells = 200;
    EXPECT_TRUE(load_workbook(path, options));
}

// --- structure ---

TEST_F(BadInputTest, MissingWorkbookPartIsMissingPart) {
    XlsxBuilder b = sample_book(3);
    b.remove("xl/workbook.xml");
    expect_error(write(b), ErrorCode::missing_part, "xl/workbook.xml");
}

TEST_F(BadInputTest, MalformedSheetIsXmlMalformed) {
    XlsxBuilder b;
    const std::string sheet = XlsxBuilder::worksheet(
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></row>");
    b.set("xl/worksheets/sheet1.xml", sheet);
    const LoadResult r =
        expect_error(write(b), ErrorCode::xml_malformed, "xl/worksheets/sheet1.xml");
    EXPECT_GE(r.status.offset, static_cast<std::int64_t>(sheet.find("<row r=\"2\">")));
    EXPECT_LE(r.status.offset, static_cast<std::int64_t>(sheet.size()));
    EXPECT_NE(r.status.message().find("byte " + std::to_string(r.status.offset)),
              std::string::npos);
}

TEST_F(BadInputTest, TruncatedSheetXmlIsXmlMalformed) {
    XlsxBuilder b;
    const std::string sheet = XlsxBuilder::worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
    b.set("xl/worksheets/sheet1.xml", sheet.substr(0, sheet.find("</sheetData>")));
    const LoadResult r =
        expect_error(write(b), ErrorCode::xml_malformed, "xl/worksheets/sheet1.xml");
    EXPECT_GE(r.status.offset, 0);
}

TEST_F(BadInputTest, MalformedWorkbookIsXmlMalformed) {
    XlsxBuilder b;
    b.set("xl/workbook.xml", "<workbook><sheets><sheet name=\"A\" r:id=\"rId1\"></workbook>");
    const LoadResult r = expect_error(write(b), ErrorCode::xml_malformed, "xl/workbook.xml");
    EXPECT_GE(r.status.offset, 0);
}

TEST_F(BadInputTest, MissingFileIsFileNotFound) {
    const std::string path = dir_.file("no_such_workbook.xlsx");
    expect_error(path, ErrorCode::file_not_found);
    expect_error(dir_.path().string(), ErrorCode::file_not_found);  // a directory is not a file
}

}  // namespace
}  // namespace kpimap
