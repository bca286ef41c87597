// Tables of category rows (issue 11): the key column is role="breakdown", so each row is a
// category (a council, a sex) rather than an indicator; two-row headers give each value's
// indicator (upper-role) or a pair (upper-dimension); breakdown.code, denominator, <section>,
// <comparator> and margin tables (measure="margin-95"). Layouts as the ASCS annex tables.
#include <gtest/gtest.h>

#include "support/grid_workbook.hpp"
#include "support/temp_path.hpp"

#include <filesystem>
#include <fstream>
#include <map>

#include "kpimap/convert.hpp"
#include "kpimap/identity.hpp"

using namespace kpimap;

namespace {

MappingLoadResult load_text(const std::string& xml) {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const auto path =
        test_support::unique_temp_path(std::string("category_rows_") + test->name() + ".xml");
    std::ofstream(path) << xml;
    MappingLoadResult r = load_mapping(path.string());
    std::filesystem::remove(path);
    return r;
}

Mapping mapping_from(const std::string& xml) {
    MappingLoadResult r = load_text(xml);
    for (const auto& e : r.errors) ADD_FAILURE() << e.text();
    return r.mapping ? *r.mapping : Mapping{};
}

// A second sheet added to a grid workbook (strings re-added to its table).
void add_sheet(Workbook& wb, const std::vector<std::vector<std::string>>& rows,
               const std::string& name) {
    const Workbook other = test_support::grid_workbook(rows, wb.source, name);
    Sheet sheet = other.sheets.front();
    for (Row& row : sheet.rows)
        for (Cell& cell : row.cells) cell.text = wb.add_string(std::string(other.text(cell)));
    wb.sheets.push_back(std::move(sheet));
}

// Each value as "CELL breakdown value".
std::map<std::string, const Observation*> by_cell(const Model& m) {
    std::map<std::string, const Observation*> out;
    for (const Observation& o : m.observations) out[o.where.cell] = &o;
    return out;
}

const char* const kAnnexMapping = R"(<mapping id="annex-like" version="1">
  <table sheet="^T1$" header="Area code" end-after-blank-rows="1">
    <column header-pattern="^Name" role="breakdown" dimension="area" key="true"/>
    <column header="Area code" role="breakdown.code"/>
    <columns header-pattern="^Respondents$" role="denominator" upper-role="indicator.title"/>
    <columns header-pattern="^(Yes|No)$" role="observation" period="2020/21"
             upper-role="indicator.title" dimension="response" category="$1"/>
    <comparator category="Average"/>
  </table>
  <table sheet="^T5$" header="Area code" end-after-blank-rows="1" measure="margin-95">
    <column header-pattern="^Name" role="breakdown" dimension="area" key="true"/>
    <column header="Area code" role="breakdown.code"/>
    <columns header-pattern="^(Yes|No)$" role="observation" period="2020/21"
             upper-role="indicator.title" dimension="response" category="$1"/>
  </table></mapping>)";

Workbook annex_like() {
    Workbook wb = test_support::grid_workbook(
        {{"", "", "Q1 - satisfied?", "", "", "Q2 - safe?", ""},
         {"Area code", "Name [note 3]", "Yes", "No", "Respondents", "Yes", "Respondents"},
         {"E06000014", "York", "60", "40", "200", "70", "190"},
         {"", "Average", "55", "45", "1000", "65", "990"},
         {"E08000034", "Kirklees", "[x]", "[x]", "[x]", "[x]", "[x]"}},
        "annex.xlsx", "T1");
    add_sheet(wb,
              {{"", "", "Q1 - satisfied?", "", "Q2 - safe?"},
               {"Area code", "Name [note 9]", "Yes", "No", "Yes"},
               {"E06000014", "York", "5.2", "4.9", "[w]"},
               {"", "Average", "1.6", "1.5", "1.1"}},
              "T5");
    return wb;
}

}  // namespace

TEST(CategoryRowsTest, TwoRowHeaderGivesIndicatorsAndRowsGiveAreas) {
    const ConversionResult r = convert_workbook(annex_like(), mapping_from(kAnnexMapping));
    ASSERT_EQ(r.model.indicators.size(), 2u);
    EXPECT_EQ(r.model.indicators[0].title, "Q1 - satisfied?");
    EXPECT_EQ(r.model.indicators[0].where.cell, "C1");  // the title over its columns
    EXPECT_EQ(r.model.indicators[1].title, "Q2 - safe?");
    const auto cells = by_cell(r.model);
    ASSERT_TRUE(cells.contains("C3") && cells.contains("D3") && cells.contains("F3"));
    // The code replaces the name; the answer comes from the header row, the question above it.
    EXPECT_EQ(breakdown_text(cells.at("C3")->breakdown), "area=E06000014; response=Yes");
    EXPECT_EQ(cells.at("C3")->indicator_id, r.model.indicators[0].id);
    EXPECT_EQ(breakdown_text(cells.at("D3")->breakdown), "area=E06000014; response=No");
    EXPECT_EQ(cells.at("F3")->indicator_id, r.model.indicators[1].id);
    EXPECT_EQ(*cells.at("F3")->value, 70);
    // The average has no code: it keeps its name.
    EXPECT_EQ(breakdown_text(cells.at("C4")->breakdown), "area=Average; response=Yes");
    // Every value of the question gets its own row's Respondents as denominator.
    EXPECT_EQ(cells.at("C3")->denominator, 200);
    EXPECT_EQ(cells.at("D3")->denominator, 200);
    EXPECT_EQ(cells.at("F3")->denominator, 190);
    EXPECT_EQ(cells.at("C4")->denominator, 1000);
    // Markers are missing values, and their Respondents marker is no denominator.
    EXPECT_EQ(cells.at("C5")->missing, MissingReason::suppressed);
    EXPECT_FALSE(cells.at("C5")->denominator);
    for (const ConvertDiagnostic& d : r.diagnostics)
        EXPECT_NE(d.severity, Severity::warning)
            << d.code << " " << d.where.cell << " " << d.message;
}

TEST(CategoryRowsTest, ComparatorRowIsEveryOtherRowsComparator) {
    const ConversionResult r = convert_workbook(annex_like(), mapping_from(kAnnexMapping));
    const auto cells = by_cell(r.model);
    // Same indicator, period and other pairs (response): York's Yes against the average's Yes.
    EXPECT_EQ(cells.at("C3")->comparator_name, "Average");
    EXPECT_EQ(cells.at("C3")->comparator_value, 55);
    EXPECT_EQ(cells.at("C3")->comparator_cell, "C4");
    EXPECT_EQ(cells.at("D3")->comparator_value, 45);
    EXPECT_EQ(cells.at("F3")->comparator_value, 65);
    // The comparator row is not compared with itself.
    EXPECT_TRUE(cells.at("C4")->comparator_name.empty());
    EXPECT_FALSE(cells.at("C4")->comparator_value);
}

TEST(CategoryRowsTest, MarginTableGivesTheValuesLimits) {
    const ConversionResult r = convert_workbook(annex_like(), mapping_from(kAnnexMapping));
    const auto cells = by_cell(r.model);
    // Margins are not values of their own: only T1's cells hold observations.
    for (const Observation& o : r.model.observations) EXPECT_EQ(o.where.sheet, "T1");
    EXPECT_NEAR(*cells.at("C3")->lower_ci, 54.8, 1e-9);
    EXPECT_NEAR(*cells.at("C3")->upper_ci, 65.2, 1e-9);
    EXPECT_NEAR(*cells.at("D3")->lower_ci, 35.1, 1e-9);
    EXPECT_NEAR(*cells.at("C4")->upper_ci, 56.6, 1e-9);
    // [w] (no data recorded) gives no margin: York's Q2 Yes has no limits.
    EXPECT_FALSE(cells.at("F3")->lower_ci);
    EXPECT_NEAR(*cells.at("F4")->lower_ci, 63.9, 1e-9);
}

TEST(CategoryRowsTest, MarginWithoutAValueIsReported) {
    Workbook wb = annex_like();
    // A council in the margins table that the values table does not have.
    // (Row 4 of T5: its empty code cell is absent, so its first cell is the name.)
    wb.sheets[1].rows[3].cells[0].text = wb.add_string("Bradford");
    const ConversionResult r = convert_workbook(wb, mapping_from(kAnnexMapping));
    int reported = 0;
    for (const ConvertDiagnostic& d : r.diagnostics)
        if (d.code == "margin_without_value") {
            ++reported;
            EXPECT_EQ(d.where.sheet, "T5");
        }
    EXPECT_EQ(reported, 3);  // C4, D4 and E4 of T5
    // The average's values lost their margins; York's kept theirs.
    const auto cells = by_cell(r.model);
    EXPECT_FALSE(cells.at("C4")->lower_ci);
    EXPECT_TRUE(cells.at("C3")->lower_ci);
}

TEST(CategoryRowsTest, SectionRowsSwitchTheDimensionAndCatalogueNamesCategories) {
    const Mapping m = mapping_from(R"(<mapping id="demographic" version="1">
  <dimension id="sex" title="Sex">
    <category name="Persons" total="true" aliases="All persons"/>
    <category name="Male" aliases="Males"/>
    <category name="Female" aliases="Females"/>
  </dimension>
  <table sheet="*" header="Group" indicator="Satisfied">
    <column header="Group" role="breakdown" dimension="cohort" key="true"/>
    <columns header-pattern="^(20\d\d/\d\d)$" role="observation" period="$1"/>
    <section title="Gender" dimension="sex"/>
    <section title="Age" dimension="age"/>
  </table></mapping>)");
    const Workbook wb = test_support::grid_workbook({{"Group", "2020/21"},
                                                     {"18 CASSR Average", "50"},
                                                     {"Gender", ""},
                                                     {"Males", "40"},
                                                     {"Females", "60"},
                                                     {"All persons", "50"},
                                                     {"Age", ""},
                                                     {"18-64", "45"}},
                                                    "demo.xlsx", "T2");
    const ConversionResult r = convert_workbook(wb, m);
    ASSERT_EQ(r.model.indicators.size(), 1u);
    EXPECT_EQ(r.model.indicators[0].title, "Satisfied");
    const auto cells = by_cell(r.model);
    ASSERT_EQ(cells.size(), 5u);  // the section rows hold no values
    EXPECT_EQ(breakdown_text(cells.at("B2")->breakdown), "cohort=18 CASSR Average");
    EXPECT_EQ(breakdown_text(cells.at("B4")->breakdown), "sex=Male");  // alias Males
    EXPECT_EQ(breakdown_text(cells.at("B5")->breakdown), "sex=Female");
    EXPECT_EQ(breakdown_text(cells.at("B6")->breakdown), "");  // the total: whole population
    EXPECT_EQ(breakdown_text(cells.at("B8")->breakdown), "age=18-64");
    // Only the declared dimension the values use goes into the model.
    ASSERT_EQ(r.model.dimensions.size(), 1u);
    EXPECT_EQ(r.model.dimensions[0].id, "sex");
}

TEST(CategoryRowsTest, CategoryNotInAClosedDimensionIsReportedOnceAndKept) {
    const Mapping m = mapping_from(R"(<mapping id="sexes" version="1">
  <dimension id="sex"><category name="Male"/><category name="Female"/></dimension>
  <table sheet="*" header="Sex" indicator="Count">
    <column header="Sex" role="breakdown" dimension="sex" key="true"/>
    <columns header-pattern="^(20\d\d)$" role="observation" period="$1"/>
  </table></mapping>)");
    const Workbook wb = test_support::grid_workbook(
        {{"Sex", "2020", "2021"}, {"Male", "1", "2"}, {"Unknown", "3", "4"}}, "s.xlsx", "S");
    const ConversionResult r = convert_workbook(wb, m);
    int reported = 0;
    for (const ConvertDiagnostic& d : r.diagnostics)
        if (d.code == "category_not_declared") {
            ++reported;
            EXPECT_EQ(d.raw, "Unknown");
        }
    EXPECT_EQ(reported, 1);  // once for the category, not once per value
    EXPECT_EQ(breakdown_text(by_cell(r.model).at("C3")->breakdown), "sex=Unknown");
}

TEST(CategoryRowsTest, LoaderRefusesCategoryTablesWithoutIndicatorsAndRowOnlyConstructsElsewhere) {
    auto errors_of = [](const std::string& xml) {
        std::string all;
        for (const auto& e : load_text(xml).errors) all += e.detail + "\n";
        return all;
    };
    EXPECT_NE(errors_of(R"(<mapping id="a" version="1"><table header="Area">
      <column header="Area" role="breakdown" dimension="area" key="true"/>
      <columns header-pattern="^(\d{4})$" role="observation" period="$1"/>
      </table></mapping>)")
                  .find("each value needs an indicator"),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<mapping id="b" version="1"><table header="Indicator">
      <column header="Indicator" role="indicator.title" key="true"/>
      <section title="Gender" dimension="sex"/>
      </table></mapping>)")
                  .find("<section> needs the key column to be role=\"breakdown\""),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<mapping id="c" version="1" ><table header="Area" indicator="X">
      <column header="Area" role="breakdown" dimension="area" key="true"/>
      <column header="Aim" role="indicator.aim"/>
      </table></mapping>)")
                  .find("describes an indicator row"),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<mapping id="d" version="1">
      <dimension id="sex"><category name="Male" aliases="M"/><category name="Man" aliases="m"/></dimension>
      <table header="I"><column header="I" role="indicator.title" key="true"/></table></mapping>)")
                  .find("already names category 'Male'"),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<mapping id="e" version="1">
      <dimension id="sex"/><dimension id="Sex"/>
      <table header="I"><column header="I" role="indicator.title" key="true"/></table></mapping>)")
                  .find("declared twice"),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<mapping id="f" version="1"><table header="I">
      <column header="I" header-pattern="^I$" role="indicator.title" key="true"/>
      </table></mapping>)")
                  .find("header=\"...\" or header-pattern"),
              std::string::npos);
}
