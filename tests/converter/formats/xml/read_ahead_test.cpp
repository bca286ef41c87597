// ReadAhead: the bytes come out unchanged whatever the chunk and read sizes, errors raised by
// the source on the worker thread reach the reader, and destruction never waits for a source
// that would run forever. Every test runs in both modes: with the worker thread and with inline
// reads (the WebAssembly build's only way).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>

#include "formats/xml/read_ahead.hpp"
#include "kpimap/error.hpp"

namespace kpimap::detail {
namespace {

std::string sample(std::size_t size) {
    std::string out(size, '\0');
    std::uint32_t x = 12345;
    for (char& c : out) {
        x = x * 1103515245u + 12345u;
        c = static_cast<char>(x >> 24);
    }
    return out;
}

// A source handing out `text` in pieces of irregular size (never more than asked).
ByteSource irregular_source(const std::string& text) {
    auto pos = std::make_shared<std::size_t>(0);
    auto step = std::make_shared<std::size_t>(0);
    return [&text, pos, step](char* buffer, std::size_t size) {
        const std::size_t piece = 1 + (*step)++ % 11;
        const std::size_t n = std::min({size, piece, text.size() - *pos});
        std::copy_n(text.data() + *pos, n, buffer);
        *pos += n;
        return n;
    };
}

class ReadAheadTest : public ::testing::TestWithParam<ReadAheadMode> {};

std::string drain(ReadAhead& reader, std::size_t read_size) {
    std::string out;
    std::string buffer(read_size, '\0');
    while (std::size_t n = reader.read(buffer.data(), buffer.size())) out.append(buffer.data(), n);
    return out;
}

TEST_P(ReadAheadTest, DeliversEveryByteInOrder) {
    const std::string text = sample(6007);
    for (std::size_t chunk : {5u, 64u, 4096u, 1u << 20}) {
        for (std::size_t depth : {1u, 4u}) {
            for (std::size_t read_size : {1u, 3u, 1000u, 65536u}) {
                SCOPED_TRACE(::testing::Message()
                             << "chunk " << chunk << " depth " << depth << " read " << read_size);
                ReadAhead reader(irregular_source(text), chunk, depth, GetParam());
                EXPECT_EQ(drain(reader, read_size), text);
                char c;
                EXPECT_EQ(reader.read(&c, 1), 0u);  // stays at the end
            }
        }
    }
}

TEST_P(ReadAheadTest, FillsTheWholeBufferUntilTheEnd) {
    const std::string text = sample(1000);
    ReadAhead reader(irregular_source(text), 7, 2, GetParam());
    std::string buffer(300, '\0');
    EXPECT_EQ(reader.read(buffer.data(), 300), 300u);
    EXPECT_EQ(buffer, text.substr(0, 300));
    EXPECT_EQ(reader.read(buffer.data(), 300), 300u);
    EXPECT_EQ(reader.read(buffer.data(), 300), 300u);
    EXPECT_EQ(reader.read(buffer.data(), 300), 100u);
    EXPECT_EQ(buffer.substr(0, 100), text.substr(900));
}

TEST_P(ReadAheadTest, EmptySource) {
    ReadAhead reader([](char*, std::size_t) { return std::size_t{0}; }, 16, 2, GetParam());
    char buffer[8];
    EXPECT_EQ(reader.read(buffer, sizeof buffer), 0u);
    EXPECT_EQ(reader.read(buffer, sizeof buffer), 0u);
}

TEST_P(ReadAheadTest, SourceErrorReachesTheReader) {
    const std::string text = sample(500);
    std::size_t pos = 0;
    ReadAhead reader(
        [&](char* buffer, std::size_t size) -> std::size_t {
            if (pos >= 200)
                throw ReadError(ErrorCode::corrupt_zip, "xl/worksheets/sheet1.xml", "damaged", 200);
            const std::size_t n = std::min(size, std::size_t{50});
            std::copy_n(text.data() + pos, n, buffer);
            pos += n;
            return n;
        },
        10, 2, GetParam());
    std::string got;
    char buffer[16];
    try {
        while (std::size_t n = reader.read(buffer, sizeof buffer)) got.append(buffer, n);
        ADD_FAILURE() << "the source's error was swallowed; read " << got.size() << " bytes";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::corrupt_zip);
        EXPECT_EQ(e.part(), "xl/worksheets/sheet1.xml");
        EXPECT_EQ(e.offset(), 200);
    }
    // Whatever arrived before the error is the true beginning of the data.
    EXPECT_LE(got.size(), 200u);
    EXPECT_EQ(got, text.substr(0, got.size()));
    // The error is sticky.
    EXPECT_THROW(reader.read(buffer, sizeof buffer), ReadError);
}

TEST_P(ReadAheadTest, ErrorOnFirstReadPropagates) {
    ReadAhead reader([](char*, std::size_t) -> std::size_t { throw std::runtime_error("boom"); },
                     16, 2, GetParam());
    char buffer[4];
    EXPECT_THROW(reader.read(buffer, sizeof buffer), std::runtime_error);
}

TEST_P(ReadAheadTest, DestructionStopsAnEndlessSource) {
    std::atomic<std::size_t> produced{0};
    const auto start = std::chrono::steady_clock::now();
    {
        ReadAhead reader(
            [&](char* buffer, std::size_t size) {
                std::fill_n(buffer, size, 'x');
                produced += size;
                return size;
            },
            64, 3, GetParam());
        char buffer[100];
        EXPECT_EQ(reader.read(buffer, sizeof buffer), sizeof buffer);
        EXPECT_EQ(buffer[99], 'x');
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    // The queue is bounded: the worker cannot run far ahead of the reader.
    EXPECT_LE(produced.load(), 100u + 64u * 6u);
}

TEST_P(ReadAheadTest, DestructionBeforeAnyReadIsClean) {
    const std::string text = sample(100000);
    for (int i = 0; i < 20; ++i) ReadAhead reader(irregular_source(text), 128, 2, GetParam());
    SUCCEED();
}

INSTANTIATE_TEST_SUITE_P(Modes, ReadAheadTest,
                         ::testing::Values(ReadAheadMode::worker_thread,
                                           ReadAheadMode::inline_reads),
                         [](const ::testing::TestParamInfo<ReadAheadMode>& info) {
                             return info.param == ReadAheadMode::worker_thread ? "worker_thread"
                                                                               : "inline_reads";
                         });

}  // namespace
}  // namespace kpimap::detail
