// Crosswalk files are validated strictly, every problem with its line, like mapping files.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "kpimap/reconcile.hpp"
#include "support/temp_path.hpp"

using namespace kpimap;

namespace {

std::string fixture(const std::string& name) {
    return std::string(KPIMAP_FIXTURES_DIR) + "/crosswalks/" + name;
}

// Writes `text` to a temporary file and loads it.
CrosswalkLoadResult load_text(const std::string& text) {
    const auto path = test_support::unique_temp_path(
        "kpimap_crosswalk_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
        "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".xml");
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    CrosswalkLoadResult r = load_crosswalk(path.string());
    std::filesystem::remove(path);
    return r;
}

bool has_error(const CrosswalkLoadResult& r, int line, std::string_view part) {
    return std::any_of(r.errors.begin(), r.errors.end(), [&](const MappingError& e) {
        return e.line == line && e.detail.find(part) != std::string::npos;
    });
}

std::string all(const CrosswalkLoadResult& r) {
    std::string out;
    for (const auto& e : r.errors) out += e.text() + "\n";
    return out;
}

}  // namespace

TEST(CrosswalkTest, LoadsTheSample001Crosswalk) {
    const CrosswalkLoadResult r = load_crosswalk(fixture("001_outcomes_report.xml"));
    ASSERT_TRUE(r) << all(r);
    const Crosswalk& cw = *r.crosswalk;
    ASSERT_EQ(cw.entries.size(), 11u);
    const CrosswalkEntry& first = cw.entries[0];
    EXPECT_EQ(first.canonical_title,
              "Proportion of adults with a learning disability in paid employment");
    EXPECT_EQ(first.titles,
              std::vector<std::string>{"Adults with a learning disability in paid employment"});
    ASSERT_EQ(first.codes.size(), 1u);
    EXPECT_EQ(first.codes[0].scheme, "ascof");
    EXPECT_EQ(first.codes[0].value, "1E");
    EXPECT_EQ(first.line, 6);
}

TEST(CrosswalkTest, EveryMistakeIsReportedWithItsLine) {
    const CrosswalkLoadResult r = load_crosswalk(fixture("typo.xml"));
    EXPECT_FALSE(r);
    EXPECT_TRUE(has_error(r, 4, "has no attribute 'titel'; did you mean 'title'?")) << all(r);
    EXPECT_TRUE(has_error(r, 8, "<synonym> is not allowed inside <indicator>")) << all(r);
    EXPECT_TRUE(has_error(r, 10, "'Infant Mortality' is already given at line 7")) << all(r);
    EXPECT_TRUE(has_error(r, 13, "no <alias title=\"...\"> and no <code>")) << all(r);
    EXPECT_TRUE(has_error(r, 15, "<code> needs a non-empty value")) << all(r);
    // A consequence of the line-4 typo is not reported again on its entry.
    EXPECT_FALSE(has_error(r, 3, "no <alias")) << all(r);
    for (const MappingError& e : r.errors) EXPECT_EQ(e.file, fixture("typo.xml"));
}

TEST(CrosswalkTest, RefusesWhatIsNotACrosswalk) {
    EXPECT_TRUE(has_error(load_text("<mapping id=\"x\"/>"), 1, "the root element is <mapping>"));
    EXPECT_TRUE(has_error(load_text("<crosswalk>\n<indicator title=\"a\">\n</crosswalk>"), 3,
                          "not well-formed XML"));
    EXPECT_TRUE(has_error(load_text("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e \"e\">]>\n"
                                    "<crosswalk/>"),
                          0, "DTD"));
    EXPECT_TRUE(has_error(load_text("<crosswalk version=\"2\">\n<indicator title=\"a\"><alias "
                                    "title=\"b\"/></indicator></crosswalk>"),
                          1, "version=\"2\" is not supported"));
    EXPECT_TRUE(has_error(load_text("<crosswalk>\n</crosswalk>"), 1, "has no <indicator>"));
    const CrosswalkLoadResult missing = load_crosswalk(fixture("no-such-file.xml"));
    EXPECT_FALSE(missing);
    ASSERT_EQ(missing.errors.size(), 1u);
    EXPECT_NE(missing.errors[0].detail.find("cannot read"), std::string::npos);
}

TEST(CrosswalkTest, ACodeAndATitleMeanOneIndicator) {
    const CrosswalkLoadResult r = load_text(
        "<crosswalk>\n"
        "  <indicator title=\"Pupil absence\">\n"
        "    <code scheme=\"phof\" value=\"1.03\"/>\n"
        "    <alias title=\"pupil  absence.\"/>\n"
        "  </indicator>\n"
        "  <indicator title=\"Absence\">\n"
        "    <code scheme=\"PHOF\" value=\"1.03\"/>\n"
        "  </indicator>\n"
        "</crosswalk>\n");
    EXPECT_TRUE(has_error(r, 4, "already a title of this entry (line 2)")) << all(r);
    EXPECT_TRUE(has_error(r, 7, "code PHOF 1.03 is already given at line 3")) << all(r);
}

TEST(CrosswalkTest, CodeWithoutSchemeIsLocal) {
    const CrosswalkLoadResult r = load_text(
        "<crosswalk>\n<description>x</description>\n<indicator title=\"A\"><code "
        "value=\"7\"/></indicator>\n</crosswalk>");
    ASSERT_TRUE(r) << all(r);
    EXPECT_EQ(r.crosswalk->entries[0].codes[0].scheme, "local");
}
