// <period-table> attached rows on a workbook built in memory: "England" rows give the comparator
// of the indicator row above, "Lower CI"/"Upper CI" rows its limits (or the comparator's, under
// the England row), "Count"/"Denominator" rows its counts. Every cell is used or reported, and
// the mapping attributes are validated with line numbers.
#include <gtest/gtest.h>

#include "support/grid_workbook.hpp"
#include "support/temp_path.hpp"

#include <filesystem>
#include <fstream>

#include "kpimap/convert.hpp"
#include "kpimap/indicator_status.hpp"

using namespace kpimap;

namespace {

Workbook grid(const std::vector<std::vector<std::string>>& rows) {
    return test_support::grid_workbook(rows, "comparators.xlsx", "Data");
}

MappingLoadResult load_from(const std::string& xml) {
    // One file per test: CTest runs the tests of this file in parallel processes.
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const auto path =
        test_support::unique_temp_path(std::string("comparator_rows_") + test->name() + ".xml");
    std::ofstream(path) << xml;
    MappingLoadResult r = load_mapping(path.string());
    std::filesystem::remove(path);
    return r;
}

Mapping mapping_from(const std::string& xml) {
    MappingLoadResult r = load_from(xml);
    for (const auto& e : r.errors) ADD_FAILURE() << e.text();
    return *r.mapping;
}

const ConvertDiagnostic* find(const ConversionResult& r, std::string_view code,
                              std::string_view cell) {
    for (const auto& d : r.diagnostics)
        if (d.code == code && d.where.cell == cell) return &d;
    return nullptr;
}

const Observation* observation(const ConversionResult& r, std::string_view cell) {
    for (const Observation& o : r.model.observations)
        if (o.where.cell == cell) return &o;
    return nullptr;
}

const char* kMapping = R"(<mapping id="cmp" version="1">
  <period-table id="data" sheet="^Data$" comparator-pattern="(?i)^(England|Comparator)\b"
                lower-ci-pattern="(?i)^lower" upper-ci-pattern="(?i)^upper"
                count-pattern="(?i)^count$" denominator-pattern="(?i)^denominator$"/>
</mapping>)";

}  // namespace

TEST(ComparatorRowsTest, AttachedRowsLandOnTheIndicatorAbove) {
    const Workbook wb = grid({
        {"", "2019/20", "2020/21"},                // 1
        {"Smoking prevalence", "14.5%", "13.9%"},  // 2
        {"Lower CI", "13.0", "12.5"},              // 3: row 2's limits
        {"Upper CI", "16.0", "15.3"},              // 4
        {"England", "15.0%", "14.1%"},             // 5: comparator of row 2
        {"Lower CI", "14.8", "13.9"},              // 6: under England: the comparator's
        {"Upper CI", "15.2", "14.3"},              // 7
        {"Employment rate", "70", ""},             // 8
        {"England", "72", "73"},                   // 9: C9 has no value to attach to
        {"Comparator group", "71", "72"},          // 10: a second comparator: not read
        {"HEALTH"},                                // 11: a section
        {"England", "5"},                          // 12: no indicator directly above
        {"Admissions", "0.2", "0.22"},             // 13
        {"Count", "100", "110"},                   // 14
        {"Denominator", "50000", "see note"},      // 15: C15 is no number
    });
    const ConversionResult r = convert_workbook(wb, mapping_from(kMapping));

    // Only the indicator rows are indicators; the attached rows are not.
    ASSERT_EQ(r.model.indicators.size(), 3u);
    EXPECT_EQ(r.model.indicators[0].title, "Smoking prevalence");
    EXPECT_EQ(r.model.indicators[1].title, "Employment rate");
    EXPECT_EQ(r.model.indicators[2].title, "Admissions");
    ASSERT_EQ(r.model.observations.size(), 5u);

    const Observation* b2 = observation(r, "B2");
    ASSERT_NE(b2, nullptr);
    EXPECT_EQ(b2->value, 14.5);
    EXPECT_EQ(b2->comparator_name, "England");
    EXPECT_EQ(b2->comparator_value, 15.0);
    EXPECT_EQ(b2->comparator_cell, "B5");
    EXPECT_EQ(b2->lower_ci, 13.0);
    EXPECT_EQ(b2->upper_ci, 16.0);
    EXPECT_EQ(b2->comparator_lower_ci, 14.8);
    EXPECT_EQ(b2->comparator_upper_ci, 15.2);
    const Observation* c2 = observation(r, "C2");
    ASSERT_NE(c2, nullptr);
    EXPECT_EQ(c2->comparator_value, 14.1);
    EXPECT_EQ(c2->comparator_cell, "C5");
    EXPECT_EQ(c2->lower_ci, 12.5);
    EXPECT_EQ(c2->upper_ci, 15.3);
    EXPECT_EQ(c2->comparator_lower_ci, 13.9);
    EXPECT_EQ(c2->comparator_upper_ci, 14.3);

    const Observation* b8 = observation(r, "B8");
    ASSERT_NE(b8, nullptr);
    EXPECT_EQ(b8->comparator_name, "England");
    EXPECT_EQ(b8->comparator_value, 72.0);
    EXPECT_FALSE(b8->lower_ci);
    ASSERT_NE(find(r, "attached_value_unmatched", "C9"), nullptr);
    EXPECT_EQ(find(r, "attached_value_unmatched", "C9")->severity, Severity::warning);
    // The second comparator row is reported, not read over the first.
    const ConvertDiagnostic* a10 = find(r, "attached_row_not_read", "A10");
    ASSERT_NE(a10, nullptr);
    EXPECT_NE(a10->message.find("already has a comparator row"), std::string::npos);
    EXPECT_NE(find(r, "unmapped_cell", "B10"), nullptr);
    EXPECT_NE(find(r, "unmapped_cell", "C10"), nullptr);
    // After a section title there is no indicator row directly above.
    const ConvertDiagnostic* a12 = find(r, "attached_row_not_read", "A12");
    ASSERT_NE(a12, nullptr);
    EXPECT_NE(a12->message.find("no indicator row directly above"), std::string::npos);
    EXPECT_NE(find(r, "unmapped_cell", "B12"), nullptr);
    ASSERT_EQ(r.model.outcomes.size(), 1u);  // HEALTH

    const Observation* b13 = observation(r, "B13");
    ASSERT_NE(b13, nullptr);
    EXPECT_EQ(b13->count, 100.0);
    EXPECT_EQ(b13->denominator, 50000.0);
    EXPECT_FALSE(b13->comparator_value);
    const Observation* c13 = observation(r, "C13");
    ASSERT_NE(c13, nullptr);
    EXPECT_EQ(c13->count, 110.0);
    EXPECT_FALSE(c13->denominator);
    EXPECT_NE(find(r, "value_not_parsed", "C15"), nullptr);

    // Every cell is used or reported: 2 header cells, 12 rows of 3, 2, 3, 3, 1, 2, 3, 3, 3.
    EXPECT_EQ(r.cells_seen, 40u);
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
    EXPECT_EQ(r.cells_reported, 7u);  // C9, A10, B10, C10, A12, B12, C15
}

TEST(ComparatorRowsTest, TheStatusComparesTheLatestValueWithEngland) {
    // 815 of 1000 (81.5%) against England 84.0: Wilson 95% 78.97–83.78 is below, 99.8%
    // 77.41–84.99 contains it (see benchmark_comparison_test.cpp).
    const Workbook wb = grid({
        {"", "2020/21", "2021/22"},
        {"Screening coverage", "80.0%", "81.5%"},
        {"Count", "800", "815"},
        {"Denominator", "1000", "1000"},
        {"England", "83.0%", "84.0%"},
    });
    ConversionResult r = convert_workbook(wb, mapping_from(kMapping));
    EXPECT_EQ(r.cells_seen, r.cells_used);
    r.model.indicators.at(0).polarity = Polarity::higher_is_better;
    const IndicatorStatus s = compute_statuses(r.model).indicators.at(0);
    EXPECT_EQ(s.benchmark95, stats::Comparison::worse);
    EXPECT_EQ(s.benchmark998, stats::Comparison::similar);
    EXPECT_EQ(s.benchmark_comparator, "England");
}

TEST(ComparatorRowsTest, AttributesAreValidatedWithLineNumbers) {
    MappingLoadResult r = load_from(R"(<mapping id="cmp" version="1">
  <period-table lower-ci-pattern="^Lower"/>
  <period-table comparator-pattern="(England"/>
  <period-table count-pattern=""/>
  <period-table comparator-patern="England"/>
</mapping>)");
    ASSERT_FALSE(r.mapping);
    std::string all;
    for (const auto& e : r.errors) all += e.text() + "\n";
    EXPECT_NE(all.find(":2: lower-ci-pattern and upper-ci-pattern go together"), std::string::npos)
        << all;
    EXPECT_NE(all.find(":3: the pattern '(England' is not a valid regular expression"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find(":4: count-pattern=\"\" is empty"), std::string::npos) << all;
    EXPECT_NE(all.find(":5: <period-table> has no attribute 'comparator-patern'; did you mean "
                       "'comparator-pattern'?"),
              std::string::npos)
        << all;
}
