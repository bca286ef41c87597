// Column roles of a <table> on a small workbook built in memory: every cell either goes into the
// model or is reported, including columns the mapping declares role="ignore".
#include <gtest/gtest.h>

#include "support/grid_workbook.hpp"
#include "support/temp_path.hpp"
#include "support/xlsx_builder.hpp"

#include <filesystem>
#include <fstream>
#include <map>

#include "kpimap/convert.hpp"

using namespace kpimap;

namespace {

Workbook grid(const std::vector<std::vector<std::string>>& rows) {
    return test_support::grid_workbook(rows, "roles.xlsx", "Sheet1");
}

Mapping mapping_from(const std::string& xml) {
    // One file per test: CTest runs the tests of this file in parallel processes.
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const auto path =
        test_support::unique_temp_path(std::string("table_roles_") + test->name() + ".xml");
    std::ofstream(path) << xml;
    MappingLoadResult r = load_mapping(path.string());
    for (const auto& e : r.errors) ADD_FAILURE() << e.text();
    std::filesystem::remove(path);
    return *r.mapping;
}

const ConvertDiagnostic* find(const ConversionResult& r, std::string_view code,
                              std::string_view cell) {
    for (const auto& d : r.diagnostics)
        if (d.code == code && d.where.cell == cell) return &d;
    return nullptr;
}

}  // namespace

TEST(TableRolesTest, PolarityAliasesAndIgnoredColumns) {
    const Workbook wb =
        grid({{"Indicator", "Also known as", "Polarity", "Notes"},
              {"Smoking prevalence", "Smoking (adults)", "Low is good", "check source"},
              {"Employment rate", "", "Higher is better", ""},
              {"Hospital admissions", "", "Descending", ""},
              {"Waiting times", "", "sideways", ""}});
    const Mapping m = mapping_from(R"(<mapping id="roles" version="1">
      <table sheet="*" header="Indicator">
        <column header="Indicator" role="indicator.title" key="true"/>
        <column header="Also known as" role="indicator.title"/>
        <column header="Polarity" role="indicator.polarity"/>
        <column header="Notes" role="ignore"/>
      </table></mapping>)");
    const ConversionResult r = convert_workbook(wb, m);
    ASSERT_EQ(r.model.indicators.size(), 4u);
    EXPECT_EQ(r.model.indicators[0].polarity, Polarity::lower_is_better);
    EXPECT_EQ(r.model.indicators[0].aliases, std::vector<std::string>{"Smoking (adults)"});
    EXPECT_EQ(r.model.indicators[1].polarity, Polarity::higher_is_better);
    EXPECT_EQ(r.model.indicators[2].polarity, Polarity::higher_is_better);  // LGBF: Descending
    EXPECT_EQ(r.model.indicators[3].polarity, Polarity::unknown);
    ASSERT_NE(find(r, "polarity_not_recognised", "C5"), nullptr);
    EXPECT_EQ(find(r, "polarity_not_recognised", "C5")->severity, Severity::warning);
    // The ignored note is reported, not silently used.
    ASSERT_NE(find(r, "ignored_by_mapping", "D2"), nullptr);
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
    EXPECT_EQ(r.cells_seen, 14u);  // 4 header cells, 4 + 2 + 2 + 2 in the rows
}

TEST(TableRolesTest, SectionRowsGroupTheRecordsBelowThem) {
    Workbook wb = grid({{"Indicator", "Aim"},
                        {"ADULT SOCIAL CARE"},
                        {"Social isolation", "Reduce"},
                        {"Control over daily life", "Increase"},
                        {"Education"},
                        {"Pupil absence", "Reduce"}});
    // "Education" is a section because it is bold; "ADULT SOCIAL CARE" because of its capitals.
    CellStyle bold;
    bold.bold = true;
    wb.styles.push_back(bold);
    wb.sheets[0].rows[4].cells[0].style = 1;
    const Mapping m = mapping_from(R"(<mapping id="sections" version="1">
      <table sheet="*" header="Indicator" section-level="section">
        <column header="Indicator" role="indicator.title" key="true"/>
        <column header="Aim" role="indicator.aim"/>
      </table></mapping>)");
    const ConversionResult r = convert_workbook(wb, m);
    ASSERT_EQ(r.model.outcomes.size(), 2u);
    EXPECT_EQ(r.model.outcomes[0].title, "ADULT SOCIAL CARE");
    EXPECT_EQ(r.model.outcomes[1].title, "Education");
    ASSERT_EQ(r.model.indicators.size(), 3u);
    std::map<std::string, std::string> section_of;
    for (const Link& l : r.model.links)
        if (l.kind == "indicator_of")
            section_of[r.model.find_indicator(l.from_id)->title] =
                r.model.find_outcome(l.to_id)->title;
    EXPECT_EQ(section_of["Social isolation"], "ADULT SOCIAL CARE");
    EXPECT_EQ(section_of["Control over daily life"], "ADULT SOCIAL CARE");
    EXPECT_EQ(section_of["Pupil absence"], "Education");
    EXPECT_EQ(r.cells_seen, r.cells_used);
}

TEST(TableRolesTest, NumberedListInAKeyCellGivesOneIndicatorPerItem) {
    const Workbook wb =
        grid({{"Indicators", "Theme"},
              {"1. Healthy Life Expectancy - Males\n2. Healthy Life Expectancy - Females",
               "Inequalities"},
              {"3) Life expectancy at birth 4) Loneliness", "Inequalities"}});
    const Mapping m = mapping_from(R"(<mapping id="lists" version="1">
      <table sheet="*" header="Indicators">
        <column header="Indicators" role="indicator.title" key="true" split="numbered-list"/>
        <column header="Theme" role="indicator.unit"/>
      </table></mapping>)");
    const ConversionResult r = convert_workbook(wb, m);
    std::vector<std::string> titles;
    for (const Indicator& i : r.model.indicators) titles.push_back(i.title);
    EXPECT_EQ(titles, (std::vector<std::string>{"Healthy Life Expectancy - Males",
                                                "Healthy Life Expectancy - Females",
                                                "Life expectancy at birth", "Loneliness"}));
    EXPECT_EQ(r.model.indicators[3].where.cell, "A3");
    EXPECT_EQ(r.cells_seen, r.cells_used);
}

TEST(TableRolesTest, MappingRefusesASplitOffTheKeyColumn) {
    const test_support::TempDir dir;
    const auto path = dir.path() / "bad_split.xml";
    std::ofstream(path) << R"(<mapping id="bad" version="1">
      <table sheet="*" header="Indicators">
        <column header="Indicators" role="indicator.title" key="true"/>
        <column header="Theme" role="indicator.unit" split="numbered-list"/>
      </table></mapping>)";
    const MappingLoadResult r = load_mapping(path.string());
    ASSERT_FALSE(r);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].line, 4);
    EXPECT_NE(r.errors[0].detail.find("split"), std::string::npos);
}
