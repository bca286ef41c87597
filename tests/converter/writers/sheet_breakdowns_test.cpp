// The report's Breakdowns sheet, read back with kpimap's own xlsx reader: the whole population
// then one row per breakdown in the catalogue's order (not the source's), the latest and
// previous values, and the gap row of an ordered dimension; no sheet when no value has a
// breakdown.
#include <gtest/gtest.h>

#include <algorithm>

#include "kpimap/reader.hpp"
#include "kpimap/report.hpp"
#include "support/xlsx_builder.hpp"

using namespace kpimap;

namespace {

Dimension dimension(const std::string& id, const std::string& title, bool ordered,
                    std::vector<std::string> names) {
    Dimension d;
    d.id = id;
    d.title = title;
    d.ordered = ordered;
    for (std::string& n : names) d.categories.push_back({std::move(n), "", {}, false});
    return d;
}

Observation value(const std::string& indicator, const std::string& period, double v,
                  Breakdown breakdown = {}) {
    Observation o;
    o.indicator_id = indicator;
    o.period = *parse_period(period);
    o.period_text = period;
    o.value = v;
    o.decimals = 0;
    o.breakdown = std::move(breakdown);
    return o;
}

// Smoking (lower is better) by deprivation quintile, given most deprived last, and by sex,
// Female before Male; a second indicator without breakdowns.
Model model_with_breakdowns() {
    Model m;
    m.frameworks.push_back({"f", "Framework", "", "", "m", {"x.xlsx", "", ""}});
    Indicator smoking;
    smoking.id = "smoking";
    smoking.framework_id = "f";
    smoking.title = "Smoking prevalence";
    smoking.polarity = Polarity::lower_is_better;
    m.indicators.push_back(smoking);
    Indicator other = smoking;
    other.id = "other";
    other.title = "Other indicator";
    m.indicators.push_back(other);
    m.dimensions = {
        dimension("deprivation", "Deprivation quintile", true, {"1", "2", "3", "4", "5"}),
        dimension("sex", "Sex", false, {"Male", "Female"})};
    m.observations.push_back(value("smoking", "2020", 15));
    m.observations.push_back(value("smoking", "2021", 14));
    const double y2020[] = {22, 18, 15, 12, 9}, y2021[] = {25, 20, 15, 11, 8};
    for (int q = 5; q >= 1; --q) {
        m.observations.push_back(
            value("smoking", "2020", y2020[q - 1], {{"deprivation", std::to_string(q)}}));
        m.observations.push_back(
            value("smoking", "2021", y2021[q - 1], {{"deprivation", std::to_string(q)}}));
    }
    m.observations.push_back(value("smoking", "2021", 13, {{"sex", "Female"}}));
    m.observations.push_back(value("smoking", "2021", 16, {{"sex", "Male"}}));
    m.observations.push_back(value("other", "2021", 3));
    return m;
}

std::string at(const Workbook& wb, const Sheet& s, std::uint32_t row, std::uint32_t col) {
    const Cell* c = s.find({row, col});
    return c ? wb.value_text(*c) : std::string();
}

}  // namespace

TEST(SheetBreakdowns, ListsTheLatestValuesByCategoryAndTheGap) {
    const Model m = model_with_breakdowns();
    const StatusResult st = compute_statuses(m);
    ReportInput in;
    in.model = &m;
    in.statuses = &st;
    const test_support::TempDir dir;
    const std::string path = dir.file("r.xlsx");
    const ReportResult r = write_report(path, in);
    ASSERT_TRUE(r) << r.error.text();
    ASSERT_GE(r.sheets.size(), 3u);
    EXPECT_EQ(r.sheets[2], "Breakdowns");  // beside the Statuses it details

    LoadResult loaded = load_workbook(path);
    ASSERT_TRUE(loaded) << loaded.status.message();
    const Workbook& wb = *loaded.workbook;
    const Sheet* s = wb.find_sheet("Breakdowns");
    ASSERT_NE(s, nullptr);
    const std::vector<std::string> header = {"Indicator",           "Breakdown",
                                             "Latest period",       "Latest value",
                                             "Previous period",     "Previous value",
                                             "Direction of travel", "Best (highest)",
                                             "Worst (lowest)",      "Gap",
                                             "Previous gap",        "Gap change",
                                             "Explanation"};
    for (std::uint32_t c = 0; c < header.size(); ++c) EXPECT_EQ(at(wb, *s, 3, c), header[c]);
    // Rows from 5 (index 4): whole population, quintiles 1..5 (the source gave 5 first), then
    // sex in the catalogue's order (Male, Female), then the gap.
    const std::vector<std::vector<std::string>> rows = {
        {"Whole population", "2021", "14", "2020", "15", "improved"},
        {"deprivation=1", "2021", "25", "2020", "22", "worsened"},
        {"deprivation=2", "2021", "20", "2020", "18", "worsened"},
        {"deprivation=3", "2021", "15", "2020", "15", "little or no change"},
        {"deprivation=4", "2021", "11", "2020", "12", "improved"},
        {"deprivation=5", "2021", "8", "2020", "9", "improved"},
        {"sex=Male", "2021", "16", "", "", "no comparator"},
        {"sex=Female", "2021", "13", "", "", "no comparator"},
    };
    for (std::uint32_t i = 0; i < rows.size(); ++i) {
        const std::uint32_t row = 4 + i;
        EXPECT_EQ(at(wb, *s, row, 0), "Smoking prevalence") << "row " << row + 1;
        for (std::uint32_t c = 0; c < rows[i].size(); ++c)
            EXPECT_EQ(at(wb, *s, row, c + 1), rows[i][c]) << "row " << row + 1 << " col " << c + 1;
        EXPECT_EQ(at(wb, *s, row, 9), "") << "a category row has no gap";
    }
    const std::uint32_t gap = 4 + static_cast<std::uint32_t>(rows.size());
    EXPECT_EQ(at(wb, *s, gap, 0), "Smoking prevalence");
    EXPECT_EQ(at(wb, *s, gap, 1), "Gap across Deprivation quintile");
    EXPECT_EQ(at(wb, *s, gap, 2), "2021");
    EXPECT_EQ(at(wb, *s, gap, 4), "2020");
    EXPECT_EQ(at(wb, *s, gap, 7), "5: 8");  // lower is better: the least deprived is best
    EXPECT_EQ(at(wb, *s, gap, 8), "1: 25");
    EXPECT_EQ(at(wb, *s, gap, 9), "17");
    EXPECT_EQ(at(wb, *s, gap, 10), "13");
    EXPECT_EQ(at(wb, *s, gap, 11), "widened");
    EXPECT_NE(at(wb, *s, gap, 12).find("widened from 13 in 2020"), std::string::npos)
        << at(wb, *s, gap, 12);
    // Nothing after: the indicator without breakdowns has no rows here, sex (unordered) no gap.
    EXPECT_EQ(at(wb, *s, gap + 1, 0), "");
    EXPECT_EQ(at(wb, *s, gap + 1, 1), "");
    // About lists the sheet.
    const Sheet* about = wb.find_sheet("About");
    ASSERT_NE(about, nullptr);
    bool listed = false;
    for (const Row& row : about->rows)
        for (const Cell& c : row.cells) listed = listed || wb.value_text(c) == "Breakdowns";
    EXPECT_TRUE(listed);
}

TEST(SheetBreakdowns, NoSheetWithoutBreakdowns) {
    Model m = model_with_breakdowns();
    std::erase_if(m.observations, [](const Observation& o) { return !o.breakdown.empty(); });
    const StatusResult st = compute_statuses(m);
    ReportInput in;
    in.model = &m;
    in.statuses = &st;
    const test_support::TempDir dir;
    const ReportResult r = write_report(dir.file("r.xlsx"), in);
    ASSERT_TRUE(r) << r.error.text();
    EXPECT_EQ(std::count(r.sheets.begin(), r.sheets.end(), "Breakdowns"), 0);
    EXPECT_EQ(r.sheets[1], "Statuses");
    EXPECT_EQ(r.sheets[2], "Gaps");
}
