// The MS-CFB reader: streams in sectors and in the mini stream, name lookup, and damaged
// containers that must end in an error or a short stream, never a crash or a hang.
#include "formats/ole/compound_file.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "kpimap/error.hpp"
#include "support/xls_builder.hpp"

namespace kpimap::detail {
namespace {

using test_support::compound_file;
using test_support::le32;

std::string pattern(std::size_t n, char seed) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + i * 7);
    return s;
}

// Overwrites 4 bytes at `at`.
void put32(std::string& file, std::size_t at, std::uint32_t v) {
    file.replace(at, 4, le32(v));
}

TEST(CompoundFile, ReadsStreamsFromSectorsAndFromTheMiniStream) {
    const std::string big = pattern(10000, 'a');
    const std::string small = pattern(300, 'x');
    const std::string file = compound_file({{"Workbook", big}, {"\x05SummaryInformation", small}});
    auto cfb = open_compound_file(file);
    EXPECT_EQ(cfb->root_streams(),
              (std::vector<std::string>{"Workbook", "\x05SummaryInformation"}));
    auto workbook = cfb->read_root_stream("Workbook", 1 << 20);
    ASSERT_TRUE(workbook);
    EXPECT_EQ(workbook->bytes, big);
    EXPECT_FALSE(workbook->truncated);
    auto summary = cfb->read_root_stream("\x05SummaryInformation", 1 << 20);
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->bytes, small);
}

TEST(CompoundFile, NamesAreFoundIgnoringAsciiCase) {
    const std::string file = compound_file({{"WORKBOOK", pattern(5000, 'q')}});
    auto cfb = open_compound_file(file);
    ASSERT_TRUE(cfb->read_root_stream("Workbook", 1 << 20));
    EXPECT_FALSE(cfb->read_root_stream("Book", 1 << 20));
}

TEST(CompoundFile, AStreamOverTheLimitIsTooLarge) {
    const std::string file = compound_file({{"Workbook", pattern(5000, 'q')}});
    auto cfb = open_compound_file(file);
    try {
        cfb->read_root_stream("Workbook", 4999);
        FAIL() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::too_large);
        EXPECT_EQ(e.part(), "Workbook");
    }
}

TEST(CompoundFile, ACutShortHeaderIsRefusedWithItsOffset) {
    const std::string file = compound_file({{"Workbook", pattern(5000, 'q')}}).substr(0, 300);
    try {
        open_compound_file(file);
        FAIL() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::not_a_workbook);
        EXPECT_EQ(e.offset(), 0);
        EXPECT_NE(e.detail().find("header is cut short"), std::string::npos) << e.detail();
    }
}

TEST(CompoundFile, AnUnreadableDirectoryIsRefused) {
    std::string file = compound_file({{"Workbook", pattern(5000, 'q')}});
    put32(file, 0x30, 0x00FFFFFF);  // first directory sector far past the end
    try {
        open_compound_file(file);
        FAIL() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::not_a_workbook);
        EXPECT_EQ(e.part(), "OLE directory");
        EXPECT_NE(e.detail().find("past the end of the file"), std::string::npos) << e.detail();
    }
}

TEST(CompoundFile, ALoopingChainEndsTheStreamWithAProblem) {
    std::string file = compound_file({{"Workbook", pattern(5000, 'q')}});
    // FAT sector 0 is the first sector after the 512-byte header; the stream's chain starts
    // at sector 2 (after the FAT and the directory). Point its second sector back at it.
    put32(file, 512 + 3 * 4, 2);
    auto cfb = open_compound_file(file);
    auto stream = cfb->read_root_stream("Workbook", 1 << 20);
    ASSERT_TRUE(stream);
    EXPECT_TRUE(stream->truncated);
    EXPECT_EQ(stream->bytes.size(), 1024u);
    EXPECT_NE(stream->problem.find("loops back to sector 2"), std::string::npos) << stream->problem;
}

TEST(CompoundFile, AStreamOfASubStorageIsNotARootStream) {
    std::string file = compound_file({{"Storage", ""}, {"Workbook", pattern(5000, 'q')}});
    // Entry 1 becomes a storage whose child is entry 2, and entry 1 no longer has a sibling:
    // Workbook now lives inside Storage.
    const std::size_t directory = 512 + 512;
    file[directory + 128 + 0x42] = 1;
    put32(file, directory + 128 + 0x48, 0xFFFFFFFF);
    put32(file, directory + 128 + 0x4C, 2);
    auto cfb = open_compound_file(file);
    EXPECT_FALSE(cfb->read_root_stream("Workbook", 1 << 20));
}

// Debian 12's libgsf 1.14.50 and libolecf 20181231 both die of a stack overflow on this file
// (docs/reader.md): a directory whose 100,000 entries form one sibling chain.
TEST(CompoundFile, AHundredThousandEntrySiblingChainIsWalkedWithoutRecursion) {
    std::vector<std::pair<std::string, std::string>> streams;
    for (int i = 0; i < 99'999; ++i) streams.emplace_back("S" + std::to_string(i), "");
    streams.emplace_back("Workbook", pattern(5000, 'w'));
    const std::string file = compound_file(streams);
    const auto start = std::chrono::steady_clock::now();
    auto cfb = open_compound_file(file);
    auto stream = cfb->read_root_stream("workbook", 1 << 20);
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(stream);
    EXPECT_EQ(stream->bytes, pattern(5000, 'w'));
    EXPECT_EQ(cfb->root_streams().size(), 100'000u);
    EXPECT_LT(seconds, 10.0);  // linear: well under a second; quadratic would take minutes
}

TEST(CompoundFile, ASiblingCycleIsWalkedOnce) {
    std::string file = compound_file({{"A", ""}, {"Workbook", pattern(5000, 'q')}});
    const std::size_t directory = 512 + 512;
    put32(file, directory + 2 * 128 + 0x48, 1);  // Workbook's right sibling: back to A
    auto cfb = open_compound_file(file);
    EXPECT_EQ(cfb->root_streams(), (std::vector<std::string>{"A", "Workbook"}));
}

TEST(CompoundFile, SignatureCheck) {
    EXPECT_TRUE(has_compound_file_signature(compound_file({})));
    EXPECT_FALSE(has_compound_file_signature("PK\x03\x04"));
    EXPECT_FALSE(has_compound_file_signature(""));
}

}  // namespace
}  // namespace kpimap::detail
