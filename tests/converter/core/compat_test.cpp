// core/compat: the double <-> text functions and string <=> the WebAssembly build (libc++ 13)
// uses in place of std. Everywhere: known texts, both ways. Natively, where std::to_chars exists:
// the fallbacks give std's bytes and std's results on random doubles, decimal-looking numbers
// and the edges of from_chars' syntax, so the wasm build writes what the native build writes.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "core/compat.hpp"

namespace kpimap::detail {
namespace {

std::string shortest(double v) {
    char buffer[64];
    const auto [end, ec] = detail::to_chars(buffer, buffer + sizeof buffer, v);
    EXPECT_EQ(ec, std::errc{});
    return std::string(buffer, end);
}

std::string general(double v, int precision) {
    char buffer[128];
    const auto [end, ec] =
        detail::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::general, precision);
    EXPECT_EQ(ec, std::errc{});
    return std::string(buffer, end);
}

struct Parsed {
    std::errc ec;
    std::ptrdiff_t used;
    double value;
};

Parsed parse(std::string_view text) {
    double v = 42;
    const auto [end, ec] = detail::from_chars(text.data(), text.data() + text.size(), v);
    return {ec, end - text.data(), v};
}

TEST(CompatTest, ShortestTextAsStdWritesIt) {
    EXPECT_EQ(shortest(0.1), "0.1");
    EXPECT_EQ(shortest(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(shortest(1500), "1500");
    EXPECT_EQ(shortest(1234567), "1234567");
    EXPECT_EQ(shortest(1e15), "1e+15");  // fmt's "{}" writes 1000000000000000
    EXPECT_EQ(shortest(1e20), "1e+20");
    EXPECT_EQ(shortest(0.0001), "1e-04");  // shorter than 0.0001
    EXPECT_EQ(shortest(0.00015), "0.00015");
    EXPECT_EQ(shortest(1.5e-5), "1.5e-05");
    EXPECT_EQ(shortest(5e-324), "5e-324");
    EXPECT_EQ(shortest(std::ldexp(1.0, 70)), "1180591620717411303424");  // every digit exact
    EXPECT_EQ(shortest(-83.4), "-83.4");
    EXPECT_EQ(shortest(0.0), "0");
    EXPECT_EQ(shortest(-0.0), "-0");
    EXPECT_EQ(shortest(std::numeric_limits<double>::infinity()), "inf");
    EXPECT_EQ(shortest(-std::numeric_limits<double>::infinity()), "-inf");
    EXPECT_EQ(shortest(std::numeric_limits<double>::quiet_NaN()), "nan");
}

TEST(CompatTest, GeneralPrecisionAsPrintf) {
    EXPECT_EQ(general(0.1 + 0.2, 15), "0.3");
    EXPECT_EQ(general(83.400000000000006, 15), "83.4");
    EXPECT_EQ(general(1234567.0, 6), "1.23457e+06");
    EXPECT_EQ(general(0.0001234, 15), "0.0001234");
    EXPECT_EQ(general(0.00001234, 15), "1.234e-05");
    EXPECT_EQ(general(1e15, 15), "1e+15");
    EXPECT_EQ(general(123456789012345.0, 15), "123456789012345");
}

TEST(CompatTest, ReadsWhatFromCharsReads) {
    struct Case {
        const char* text;
        std::errc ec;
        std::ptrdiff_t used;
        double value;
    };
    const double untouched = 42;
    const double inf = std::numeric_limits<double>::infinity();
    const Case cases[] = {
        {"83.4", std::errc{}, 4, 83.4},
        {"-0.5e3", std::errc{}, 6, -500},
        {".5", std::errc{}, 2, 0.5},
        {"5.", std::errc{}, 2, 5},
        {"1.5e3x", std::errc{}, 5, 1500},
        {"1e", std::errc{}, 1, 1},  // an exponent without digits is not read
        {"1e+", std::errc{}, 1, 1},
        {"0x10", std::errc{}, 1, 0},  // no hex
        {"00012", std::errc{}, 5, 12},
        {"1,5", std::errc{}, 1, 1},  // never a locale's comma
        {"inf", std::errc{}, 3, inf},
        {"-Infinity", std::errc{}, 9, -inf},
        {"infinit", std::errc{}, 3, inf},
        {"4.9e-324", std::errc{}, 8, 4.9406564584124654e-324},
        {"1e-310", std::errc{}, 6, 1e-310},  // subnormal: a result
        {"1e400", std::errc::result_out_of_range, 5, untouched},
        {"2.4e-324", std::errc::result_out_of_range, 8, untouched},  // rounds to zero
        {"+1", std::errc::invalid_argument, 0, untouched},
        {" 1", std::errc::invalid_argument, 0, untouched},
        {".", std::errc::invalid_argument, 0, untouched},
        {"-", std::errc::invalid_argument, 0, untouched},
        {"", std::errc::invalid_argument, 0, untouched},
        {"e5", std::errc::invalid_argument, 0, untouched},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.text);
        const Parsed got = parse(c.text);
        EXPECT_EQ(got.ec, c.ec);
        EXPECT_EQ(got.used, c.used);
        EXPECT_EQ(got.value, c.value);
    }
    const Parsed nan = parse("nan(123)x");
    EXPECT_EQ(nan.used, 8);
    EXPECT_TRUE(std::isnan(nan.value));
    EXPECT_EQ(parse("nan(").used, 3);
    EXPECT_EQ(parse("-0").value, 0);
    EXPECT_TRUE(std::signbit(parse("-0").value));
}

TEST(CompatTest, StringsCompareAsCompareDoes) {
    EXPECT_EQ(compare_three_way("2014-03-31", "2015-03-31"), std::strong_ordering::less);
    EXPECT_EQ(compare_three_way("2015-03-31", "2015-03-31"), std::strong_ordering::equal);
    EXPECT_EQ(compare_three_way("2015-04", "2015-03-31"), std::strong_ordering::greater);
    EXPECT_EQ(compare_three_way("2015", "2015-03-31"), std::strong_ordering::less);  // a prefix
}

#if defined(__cpp_lib_to_chars)

// Both fallbacks' bytes and the strtod reader's results for `v`, held to std's.
void expect_as_std(double v) {
    char a[128], b[128];
    auto ra = std::to_chars(a, a + sizeof a, v);
    auto rb = fallback::to_chars_shortest(b, b + sizeof b, v);
    ASSERT_EQ(std::string(a, ra.ptr), std::string(b, rb.ptr)) << "shortest";
    for (int precision : {6, 15, 17}) {
        const auto ga = std::to_chars(a, a + sizeof a, v, std::chars_format::general, precision);
        const auto gb = fallback::to_chars_general(b, b + sizeof b, v, precision);
        ASSERT_EQ(std::string(a, ga.ptr), std::string(b, gb.ptr)) << "general " << precision;
    }
    double x = 1, y = 1;
    const auto pa = std::from_chars(a, ra.ptr, x);
    const auto pb = fallback::from_chars_strtod(a, ra.ptr, y);
    ASSERT_EQ(pa.ec, pb.ec) << std::string(a, ra.ptr);
    ASSERT_EQ(pa.ptr, pb.ptr) << std::string(a, ra.ptr);
    if (!std::isnan(x)) {
        ASSERT_EQ(std::memcmp(&x, &y, sizeof x), 0) << std::string(a, ra.ptr);
    }
}

TEST(CompatTest, FallbacksMatchStdOnRandomDoubles) {
    std::mt19937_64 random(20261206);
    for (int i = 0; i < 100000; ++i) {
        const double v = std::bit_cast<double>(random());
        SCOPED_TRACE(::testing::Message() << std::hexfloat << v);
        expect_as_std(v);
        if (HasFatalFailure()) return;
    }
}

TEST(CompatTest, FallbacksMatchStdOnDecimalNumbers) {
    // Numbers as workbooks hold them: up to 17 significant digits, modest exponents.
    std::mt19937_64 random(15);
    for (int i = 0; i < 100000; ++i) {
        std::string text = std::to_string(random() % 100000000000000000ULL);
        text = text.substr(0, 1 + random() % 17) + "e" + std::to_string(int(random() % 61) - 30);
        SCOPED_TRACE(text);
        double x = 1, y = 1;
        const auto pa = std::from_chars(text.data(), text.data() + text.size(), x);
        const auto pb = fallback::from_chars_strtod(text.data(), text.data() + text.size(), y);
        ASSERT_EQ(pa.ec, pb.ec);
        ASSERT_EQ(pa.ptr, pb.ptr);
        ASSERT_EQ(x, y);
        expect_as_std(x);
        expect_as_std(-x);
        if (HasFatalFailure()) return;
    }
}

TEST(CompatTest, FallbackReaderMatchesStdOnOddText) {
    for (const char* text : {"1e400", "1e-400", "2e-324", "3e-324", "-nan", "NaN(a_b)x", "nan()",
                             "INF", "-e5", "1.e5", ".e5", "-.e1", "0.000", "1_000", "1e-", "infx",
                             "9007199254740993", "2.2250738585072011e-308"}) {
        SCOPED_TRACE(text);
        double x = 42, y = 42;
        const auto pa = std::from_chars(text, text + std::strlen(text), x);
        const auto pb = fallback::from_chars_strtod(text, text + std::strlen(text), y);
        EXPECT_EQ(pa.ec, pb.ec);
        EXPECT_EQ(pa.ptr, pb.ptr);
        EXPECT_TRUE(std::isnan(x) ? std::isnan(y) && std::signbit(x) == std::signbit(y) : x == y);
    }
}

#endif  // __cpp_lib_to_chars

}  // namespace
}  // namespace kpimap::detail
