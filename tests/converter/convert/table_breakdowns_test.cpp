// Breakdowns read by a <table> (issue 11), on a workbook laid out as the ASCS data return's
// Eligible Population tables: a block title naming the age band (<breakdown>), a Gender group
// column filled down (role="breakdown"), support reasons as rows, and support settings as a
// column family (<columns dimension category>) that are not periods.
#include <gtest/gtest.h>

#include "support/grid_workbook.hpp"
#include "support/temp_path.hpp"

#include <filesystem>
#include <fstream>
#include <set>

#include "kpimap/convert.hpp"
#include "kpimap/identity.hpp"

using namespace kpimap;

namespace {

Mapping mapping_from(const std::string& xml) {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const auto path =
        test_support::unique_temp_path(std::string("table_breakdowns_") + test->name() + ".xml");
    std::ofstream(path) << xml;
    MappingLoadResult r = load_mapping(path.string());
    for (const auto& e : r.errors) ADD_FAILURE() << e.text();
    std::filesystem::remove(path);
    return r.mapping ? *r.mapping : Mapping{};
}

const char* const kMapping = R"(<mapping id="ascs-like" version="1">
  <table sheet="*" header="Primary Support Reason">
    <breakdown dimension="age" category="18-64"/>
    <column header="Gender" role="breakdown" dimension="sex"/>
    <column header="Primary Support Reason" role="indicator.title" key="true"/>
    <columns header-pattern="^Support Setting: (.*)$" role="observation" period="2021/22"
             dimension="setting" category="$1"/>
  </table></mapping>)";

Workbook eligible_population() {
    return test_support::grid_workbook(
        {{"Gender", "Primary Support Reason", "Support Setting: Community",
          "Support Setting: Residential Care"},
         {"Male", "Physical Support", "120", "30"},
         {"", "Learning Disability Support", "80", "12"},
         {"Female", "Physical Support", "150", "41"},
         {"", "Learning Disability Support", "70", "9"}},
        "ascs.xlsx", "Eligible Population");
}

}  // namespace

TEST(TableBreakdownsTest, BlockTitleGroupColumnAndColumnFamily) {
    const ConversionResult r = convert_workbook(eligible_population(), mapping_from(kMapping));
    // One indicator per support reason: the repeats under Female are the same indicators.
    ASSERT_EQ(r.model.indicators.size(), 2u);
    EXPECT_EQ(r.model.indicators[0].title, "Physical Support");
    EXPECT_EQ(r.model.indicators[1].title, "Learning Disability Support");
    ASSERT_EQ(r.model.observations.size(), 8u);
    std::set<std::string> seen;
    for (const Observation& o : r.model.observations) {
        EXPECT_EQ(o.period.label(), "2021/22");
        seen.insert(o.where.cell + " " + breakdown_text(o.breakdown) + " " +
                    std::to_string(static_cast<int>(*o.value)));
    }
    EXPECT_EQ(seen,
              (std::set<std::string>{"C2 age=18-64; sex=Male; setting=Community 120",
                                     "D2 age=18-64; sex=Male; setting=Residential Care 30",
                                     "C3 age=18-64; sex=Male; setting=Community 80",
                                     "D3 age=18-64; sex=Male; setting=Residential Care 12",
                                     "C4 age=18-64; sex=Female; setting=Community 150",
                                     "D4 age=18-64; sex=Female; setting=Residential Care 41",
                                     "C5 age=18-64; sex=Female; setting=Community 70",
                                     "D5 age=18-64; sex=Female; setting=Residential Care 9"}));
    // Nothing is reported as a duplicate, and every cell was used.
    for (const ConvertDiagnostic& d : r.diagnostics) {
        EXPECT_NE(d.code, "duplicate_row") << d.where.cell;
        EXPECT_NE(d.code, "duplicate_indicator") << d.where.cell;
        EXPECT_NE(d.code, "cell_not_used") << d.where.cell;
    }
}

TEST(TableBreakdownsTest, ANewCategoryStartsARecordEvenWhenTheTitleRepeats) {
    // One reason per sex: "Physical Support" on consecutive rows is not a continuation row.
    Workbook wb = test_support::grid_workbook(
        {{"Gender", "Primary Support Reason", "Support Setting: Community"},
         {"Male", "Physical Support", "120"},
         {"Female", "Physical Support", "150"}},
        "ascs.xlsx", "Eligible Population");
    const ConversionResult r = convert_workbook(wb, mapping_from(kMapping));
    ASSERT_EQ(r.model.observations.size(), 2u);
    EXPECT_EQ(r.model.observations[1].breakdown,
              (Breakdown{{"age", "18-64"}, {"sex", "Female"}, {"setting", "Community"}}));
    for (const ConvertDiagnostic& d : r.diagnostics) EXPECT_NE(d.code, "duplicate_row");
}

// Without a new category the existing continuation rule applies: the repeated title on the next
// row continues the record (reported duplicate_row), as in tables without breakdowns.
TEST(TableBreakdownsTest, TheSameTitleUnderTheSameBreakdownIsStillADuplicate) {
    Workbook wb = test_support::grid_workbook(
        {{"Gender", "Primary Support Reason", "Support Setting: Community"},
         {"Male", "Physical Support", "120"},
         {"", "Physical Support", "121"}},
        "ascs.xlsx", "Eligible Population");
    const ConversionResult r = convert_workbook(wb, mapping_from(kMapping));
    bool duplicate = false;
    for (const ConvertDiagnostic& d : r.diagnostics)
        duplicate = duplicate || (diagnostic_code_name(d.code).starts_with("duplicate") && d.where.cell == "B3");
    EXPECT_TRUE(duplicate);
}

TEST(TableBreakdownsTest, LoaderRefusesHalfDeclaredBreakdowns) {
    auto errors = [](const std::string& body) {
        const auto path = test_support::unique_temp_path("table_breakdowns_bad.xml");
        std::ofstream(path) << "<mapping id=\"bad\" version=\"1\"><table header=\"X\">" << body
                            << "</table></mapping>";
        MappingLoadResult r = load_mapping(path.string());
        std::filesystem::remove(path);
        std::string all;
        for (const auto& e : r.errors) all += e.text() + "\n";
        return all;
    };
    EXPECT_NE(errors("<column header=\"X\" role=\"indicator.title\" key=\"true\"/>"
                     "<column header=\"G\" role=\"breakdown\"/>")
                  .find("role=\"breakdown\" belongs on a <column> with dimension=\"...\""),
              std::string::npos);
    EXPECT_NE(errors("<column header=\"X\" role=\"indicator.title\" key=\"true\"/>"
                     "<columns header-pattern=\"(.*)\" role=\"observation\" dimension=\"s\"/>")
                  .find("needs both dimension"),
              std::string::npos);
    EXPECT_NE(errors("<breakdown dimension=\"age\"/>"
                     "<column header=\"X\" role=\"indicator.title\" key=\"true\"/>")
                  .find("<breakdown> needs dimension"),
              std::string::npos);
}

// Two blocks one under another (stacked), each with its title above its header row: the age
// comes from each block's own title (<breakdown title-pattern>), as in the ASCS return's tables
// 1 and 2; the title cells are used, not reported as outside the tables.
TEST(TableBreakdownsTest, BlockTitlesOfStackedTables) {
    const Workbook wb = test_support::grid_workbook(
        {{"Table 1: service users aged 18-64, by gender", "", ""},
         {"", "", ""},
         {"Gender", "Primary Support Reason", "Support Setting: Community"},
         {"Male", "Physical Support", "120"},
         {"", "", ""},
         {"Table 2: service users aged 65 and over, by gender", "", ""},
         {"", "", ""},
         {"Gender", "Primary Support Reason", "Support Setting: Community"},
         {"Male", "Physical Support", "310"}},
        "ascs.xlsx", "Eligible Population");
    const Mapping m = mapping_from(R"xml(<mapping id="ascs-titles" version="1">
      <table sheet="*" header="Primary Support Reason" stacked="true" end-after-blank-rows="1">
        <breakdown dimension="age" title-pattern="aged (18-64|65 and over)" category="$1"/>
        <column header="Gender" role="breakdown" dimension="sex"/>
        <column header="Primary Support Reason" role="indicator.title" key="true"/>
        <columns header-pattern="^Support Setting: (.*)$" role="observation" period="2021/22"
                 dimension="setting" category="$1"/>
      </table></mapping>)xml");
    const ConversionResult r = convert_workbook(wb, m);
    ASSERT_EQ(r.model.indicators.size(), 1u);
    ASSERT_EQ(r.model.observations.size(), 2u);
    EXPECT_EQ(breakdown_text(r.model.observations[0].breakdown),
              "age=18-64; sex=Male; setting=Community");
    EXPECT_EQ(breakdown_text(r.model.observations[1].breakdown),
              "age=65 and over; sex=Male; setting=Community");
    for (const ConvertDiagnostic& d : r.diagnostics) {
        EXPECT_NE(d.code, "outside_region") << d.where.cell;
        EXPECT_NE(d.code, "breakdown_title_not_found") << d.where.cell;
    }
}

TEST(TableBreakdownsTest, AMissingBlockTitleIsAWarning) {
    const Workbook wb = test_support::grid_workbook(
        {{"Gender", "Primary Support Reason", "Support Setting: Community"},
         {"Male", "Physical Support", "120"}},
        "ascs.xlsx", "Eligible Population");
    const Mapping m = mapping_from(R"xml(<mapping id="ascs-titles" version="1">
      <table sheet="*" header="Primary Support Reason">
        <breakdown dimension="age" title-pattern="aged (\S+)" category="$1"/>
        <column header="Gender" role="breakdown" dimension="sex"/>
        <column header="Primary Support Reason" role="indicator.title" key="true"/>
        <columns header-pattern="^Support Setting: (.*)$" role="observation" period="2021/22"
                 dimension="setting" category="$1"/>
      </table></mapping>)xml");
    const ConversionResult r = convert_workbook(wb, m);
    bool warned = false;
    for (const ConvertDiagnostic& d : r.diagnostics)
        warned =
            warned || (d.code == "breakdown_title_not_found" && d.severity == Severity::warning);
    EXPECT_TRUE(warned);
    ASSERT_EQ(r.model.observations.size(), 1u);
    EXPECT_EQ(breakdown_text(r.model.observations[0].breakdown), "sex=Male; setting=Community");
}
