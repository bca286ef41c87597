// Smoke test of the wasm dependency prefix (scripts/wasm/build-deps builds and runs it under
// node): one call into each library the core links, as gtest cases, so a library that built but
// does not work in wasm (missing ICU data, a throw that aborts, no MEMFS file) fails the build.
#include <fmt/format.h>
#include <freexl.h>
#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/regex.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>
#include <xlsxwriter.h>
#include <zip.h>
#include <zlib.h>
#include <boost/math/special_functions/erf.hpp>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>

namespace {

std::string utf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

}  // namespace

// The core throws and catches internally: without -fexceptions a throw aborts.
TEST(Smoke, ExceptionsAreCaught) {
    EXPECT_THROW(throw std::runtime_error("x"), std::runtime_error);
}

TEST(Smoke, Pugixml) {
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string("<kpi code=\"A1\"><v>2.5</v></kpi>"));
    EXPECT_STREQ(doc.child("kpi").attribute("code").value(), "A1");
    EXPECT_DOUBLE_EQ(doc.child("kpi").child("v").text().as_double(), 2.5);
}

TEST(Smoke, Zlib) {
    const std::string s = "hello";
    EXPECT_EQ(crc32(0, reinterpret_cast<const Bytef*>(s.data()), s.size()), 0x3610a686u);
}

TEST(Smoke, Fmt) {
    EXPECT_EQ(fmt::format("{}", 0.1), "0.1");
    EXPECT_EQ(fmt::format("{:.2f}|{:>4}", 2.345, 7), "2.35|   7");
}

TEST(Smoke, HeaderOnly) {
    EXPECT_EQ(nlohmann::json::parse(R"({"a":[1,2.5]})")["a"][1].get<double>(), 2.5);
    EXPECT_NEAR(boost::math::erf(0.5), 0.5204998778130465, 1e-15);
}

TEST(Smoke, IcuNfkcFromSubsetData) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
    // U+FB01 (fi ligature), U+2460 (circled one), U+FF21 (fullwidth A).
    EXPECT_EQ(utf8(nfkc->normalize(
                  icu::UnicodeString::fromUTF8("\xEF\xAC\x81\xE2\x91\xA0\xEF\xBC\xA1"), status)),
              "fi1A");
    EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
}

TEST(Smoke, IcuWindows1252Converter) {
    char out[16] = {};
    UErrorCode status = U_ZERO_ERROR;
    const int32_t n =
        ucnv_convert("UTF-8", "windows-1252", out, sizeof out, "\x80\xE9", 2, &status);
    ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
    EXPECT_EQ(std::string(out, n), "\xE2\x82\xAC\xC3\xA9");  // euro sign, e acute
    status = U_ZERO_ERROR;
    UConverter* c = ucnv_open("windows-1250", &status);
    EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
    ucnv_close(c);
    // Code page 437 is not in the subset: proof the linked data is the subset, not ICU's full set.
    status = U_ZERO_ERROR;
    c = ucnv_open("ibm-437", &status);
    EXPECT_TRUE(U_FAILURE(status));
    ucnv_close(c);
}

TEST(Smoke, IcuSpoofAndRegex) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<USpoofChecker, decltype(&uspoof_close)> checker(uspoof_open(&status),
                                                                    uspoof_close);
    ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
    icu::UnicodeString latin = icu::UnicodeString::fromUTF8("paypal"), a, b;
    icu::UnicodeString cyrillic = icu::UnicodeString::fromUTF8("p\xD0\xB0yp\xD0\xB0l");  // U+0430
    uspoof_getSkeletonUnicodeString(checker.get(), 0, latin, a, &status);
    uspoof_getSkeletonUnicodeString(checker.get(), 0, cyrillic, b, &status);
    ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
    EXPECT_EQ(a, b);
    UParseError pe;
    std::unique_ptr<icu::RegexPattern> p(
        icu::RegexPattern::compile(u"^\\p{L}+ \\d{2}$", pe, status));
    ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
    std::unique_ptr<icu::RegexMatcher> m(
        p->matcher(icu::UnicodeString::fromUTF8("Caf\xC3\xA9 42"), status));
    EXPECT_TRUE(m->matches(status));
}

// libxlsxwriter writes a workbook into MEMFS; libzip opens it from memory; pugixml reads a part.
TEST(Smoke, XlsxwriterThenLibzipFromMemory) {
    const char* path = "/tmp/smoke.xlsx";
    lxw_workbook* wb = workbook_new(path);
    ASSERT_NE(wb, nullptr);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "KPIs");
    worksheet_write_number(ws, 0, 0, 2.5, nullptr);
    ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_GT(bytes.size(), 100u);
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    ASSERT_NE(src, nullptr);
    zip_t* archive = zip_open_from_source(src, ZIP_RDONLY, &error);
    ASSERT_NE(archive, nullptr) << zip_error_strerror(&error);
    zip_stat_t st;
    ASSERT_EQ(zip_stat(archive, "xl/workbook.xml", 0, &st), 0);
    std::string xml(st.size, '\0');
    zip_file_t* f = zip_fopen(archive, "xl/workbook.xml", 0);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(zip_fread(f, xml.data(), xml.size()), static_cast<zip_int64_t>(xml.size()));
    zip_fclose(f);
    zip_close(archive);
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_buffer(xml.data(), xml.size()));
    EXPECT_STREQ(doc.child("workbook").child("sheets").child("sheet").attribute("name").value(),
                 "KPIs");
}

TEST(Smoke, FreexlOpenFailure) {
    const void* handle = nullptr;
    EXPECT_EQ(freexl_open("/no/such.xls", &handle), FREEXL_FILE_NOT_FOUND);
    // Plain text is not a BIFF (OLE2 compound document) file.
    std::ofstream("/tmp/not.xls") << "not a compound document, just text long enough to be read";
    EXPECT_NE(freexl_open("/tmp/not.xls", &handle), FREEXL_OK);
}
