// The write planner on workbooks and models built in memory: the exact cells each fact goes to
// (period tables, records tables, status columns), percent cells written as fractions, and
// everything without a place listed as not written.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "constructs/records/records_read.hpp"
#include "kpimap/convert.hpp"
#include "kpimap/write_plan.hpp"
#include "support/temp_path.hpp"

using namespace kpimap;

namespace {

// A one-sheet workbook: strings are text cells, numbers number cells; "%"-suffixed specs like
// "0.145%" are numbers 0.145 in a 0.0% format. Empty strings are empty cells.
struct Spec {
    std::string text;
    std::optional<double> number;
    bool percent = false;
    Spec(const char* t) : text(t) {}
    Spec(double n, bool pct = false) : number(n), percent(pct) {}
};

Workbook sheet(const std::vector<std::vector<Spec>>& rows, const std::string& name = "Data") {
    Workbook wb;
    wb.source = "target.xlsx";
    CellStyle pct;
    pct.number_format = "0.0%";
    pct.number_format_id = 0;
    wb.styles.push_back(pct);
    Sheet& s = wb.sheets.emplace_back();
    s.name = name;
    for (std::uint32_t r = 0; r < rows.size(); ++r) {
        Row row;
        row.index = r;
        for (std::uint32_t c = 0; c < rows[r].size(); ++c) {
            const Spec& spec = rows[r][c];
            Cell cell;
            cell.col = c;
            if (spec.number) {
                cell.type = CellType::number;
                cell.number = *spec.number;
                cell.style = spec.percent ? 1 : 0;
            } else if (!spec.text.empty()) {
                cell.type = CellType::text;
                cell.text = wb.add_string(spec.text);
            } else {
                continue;
            }
            row.cells.push_back(cell);
        }
        s.rows.push_back(std::move(row));
    }
    return wb;
}

Mapping mapping_from(const std::string& xml) {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const auto path =
        test_support::unique_temp_path(std::string("write_plan_") + test->name() + ".xml");
    std::ofstream(path) << xml;
    MappingLoadResult r = load_mapping(path.string());
    std::filesystem::remove(path);
    for (const auto& e : r.errors) ADD_FAILURE() << e.text();
    return *r.mapping;
}

Indicator indicator(const std::string& id, const std::string& title,
                    std::vector<IndicatorCode> codes = {}) {
    Indicator i;
    i.id = id;
    i.title = title;
    i.codes = std::move(codes);
    i.where = {"source.xlsx", "Src", "A" + id};
    return i;
}

Observation obs(const std::string& id, const std::string& period, std::optional<double> value,
                const std::string& cell = "") {
    Observation o;
    o.indicator_id = id;
    o.period = *parse_period(period);
    o.period_text = period;
    o.value = value;
    o.where = {"source.xlsx", "Src", cell};
    return o;
}

// "Data!B2=0.14" style lines, in plan order, for exact comparison.
std::vector<std::string> lines(const WritePlan& plan) {
    std::vector<std::string> out;
    for (const CellWrite& w : plan.writes) {
        std::string v;
        switch (w.kind) {
            case CellWrite::Kind::number:
                v = format_number(w.number);
                break;
            case CellWrite::Kind::text:
                v = "'" + w.text + "'";
                break;
            case CellWrite::Kind::boolean:
                v = w.number ? "TRUE" : "FALSE";
                break;
            case CellWrite::Kind::blank:
                v = "(blank)";
                break;
        }
        out.push_back(w.sheet + "!" + to_a1(w.cell) + "=" + v +
                      (w.style_from ? " style " + to_a1(*w.style_from) : ""));
    }
    return out;
}

const char* kPeriodMapping = R"(<mapping id="pt" version="1">
  <period-table id="data" sheet="^Data$" min-periods="2">
    <status show="travel" header="Direction of travel" column="D" vocabulary="words"/>
    <status show="explanation" header="Why" column="E"/>
  </period-table>
  <vocabulary id="words">
    <term value="improved" text="Better"/>
  </vocabulary>
</mapping>)";

}  // namespace

TEST(WritePlanTest, PeriodTableCellsByIdentityAndPeriod) {
    const Workbook wb = sheet({
        {"", "2019/20", "2020/21"},
        {"Smoking prevalence", Spec(0.145, true), ""},  // C2 empty: a slot of the layout
        {"Admissions", 12.0, 13.0},
    });
    const Mapping m = mapping_from(kPeriodMapping);
    const ConversionResult read = convert_workbook(wb, m);
    ASSERT_EQ(read.model.indicators.size(), 2u);

    Model model;
    model.indicators = {indicator("1", "SMOKING  prevalence."),  // same title after folding
                        indicator("2", "Admissions"), indicator("3", "Not in the template")};
    model.observations = {obs("1", "2019/20", 14.0, "B9"), obs("1", "2020/21", 13.9, "C9"),
                          obs("2", "2019/20", 12.0, "B10"),  // the same value: unchanged
                          obs("2", "2021/22", 15.0, "D10"),  // no 2021/22 column
                          obs("3", "2019/20", 5.0, "B11")};
    const WritePlan plan = plan_model_writes(wb, m, read, model);
    ASSERT_TRUE(plan) << plan.errors.front().text();
    // Percent cells take fractions (C2 by its row's percent cell); B3 already holds 12.
    EXPECT_EQ(lines(plan), (std::vector<std::string>{"Data!B2=0.14", "Data!C2=0.139"}));
    EXPECT_EQ(plan.unchanged, 1u);
    ASSERT_EQ(plan.not_written.size(), 2u);
    EXPECT_EQ(plan.not_written[0].what, "'Admissions' 2021/22: 15");
    EXPECT_EQ(plan.not_written[0].reason, "no place in the template for this period");
    EXPECT_EQ(plan.not_written[0].where.cell, "D10");
    EXPECT_EQ(plan.not_written[1].what, "'Not in the template' 2019/20: 5");
}

TEST(WritePlanTest, CodesWinOverTitles) {
    const Workbook wb = sheet({
        {"", "2019/20", "2020/21"},
        {"Smoking", 1.0, 2.0},
    });
    const Mapping m = mapping_from(kPeriodMapping);
    ConversionResult read = convert_workbook(wb, m);
    read.model.indicators[0].codes.push_back({"ascof", "1A"});
    Model model;
    // Same title but another code: the code decides, so indicator 2 (titled differently) wins.
    model.indicators = {indicator("1", "Smoking", {{"ascof", "9Z"}}),
                        indicator("2", "Something else", {{"ASCOF", "1a"}})};
    model.observations = {obs("1", "2019/20", 7.0), obs("2", "2019/20", 8.0)};
    const WritePlan plan = plan_model_writes(wb, m, read, model);
    EXPECT_EQ(lines(plan), (std::vector<std::string>{"Data!B2=8"}));
}

// The planner compares codes as reconcile does (kpimap/identity.hpp): normalised, so a scheme
// typed with a trailing space is the same scheme; a code with no scheme is local and never
// identifies an indicator across workbooks (the planner once matched it, and compared schemes by
// ASCII lower case only).
TEST(WritePlanTest, CodesCompareAsReconcileComparesThem) {
    const Workbook wb = sheet({
        {"", "2019/20", "2020/21"},
        {"Smoking", 1.0, 2.0},
        {"Falls", 3.0, 4.0},
    });
    const Mapping m = mapping_from(kPeriodMapping);
    ConversionResult read = convert_workbook(wb, m);
    read.model.indicators[0].codes.push_back({"ascof", "1A"});
    read.model.indicators[1].codes.push_back({"", "7"});
    Model model;
    model.indicators = {indicator("1", "Something else", {{"ASCOF ", "1a"}}),
                        indicator("2", "Another", {{"", "7"}})};
    model.observations = {obs("1", "2019/20", 8.0), obs("2", "2019/20", 9.0)};
    const WritePlan plan = plan_model_writes(wb, m, read, model);
    EXPECT_EQ(lines(plan), (std::vector<std::string>{"Data!B2=8"}));
}

TEST(WritePlanTest, StatusColumnsAndHeaders) {
    const Workbook wb = sheet({
        {"", "2019/20", "2020/21"},
        {"Smoking", 1.0, 2.0},
        {"Admissions", 3.0, 4.0},
        {"", "", ""},
        {"", "2015", "2016"},  // a second sub-table: its own header cells
        {"Pupils", 5.0, 6.0},
    });
    const Mapping m = mapping_from(kPeriodMapping);
    const ConversionResult read = convert_workbook(wb, m);
    StatusResult statuses;
    for (const Indicator& i : read.model.indicators) {
        IndicatorStatus s;
        s.indicator_id = i.id;
        s.travel = i.title == "Smoking" ? stats::Travel::improved : stats::Travel::worsened;
        s.travel_explanation = "because " + i.title;
        statuses.indicators.push_back(s);
    }
    const WritePlan plan = plan_status_writes(wb, m, read, statuses);
    EXPECT_EQ(lines(plan), (std::vector<std::string>{
                               "Data!D1='Direction of travel'", "Data!E1='Why'",
                               "Data!D2='Better'",  // the vocabulary's text for improved
                               "Data!E2='because Smoking'", "Data!D3='worsened'",
                               "Data!E3='because Admissions'", "Data!D5='Direction of travel'",
                               "Data!E5='Why'", "Data!D6='worsened'", "Data!E6='because Pupils'"}));
    EXPECT_TRUE(plan.not_written.empty());
}

TEST(WritePlanTest, StatusCellsAreNotReadBack) {
    // An updated workbook reads as before: its status header and cells are reported, not data.
    const Workbook wb = sheet({
        {"", "2019/20", "2020/21", "Direction of travel", "Why"},
        {"Smoking", 1.0, 2.0, "Better", "because"},
    });
    const ConversionResult read = convert_workbook(wb, mapping_from(kPeriodMapping));
    EXPECT_EQ(read.model.indicators.size(), 1u);
    EXPECT_EQ(read.model.observations.size(), 2u);
    EXPECT_EQ(read.warnings(), 0u);
    int status_cells = 0;
    for (const auto& d : read.diagnostics) status_cells += d.code == "status_cell";
    EXPECT_EQ(status_cells, 4);
}

namespace {

const char* kRecords = R"(<mapping id="rec" version="1">
  <records id="long" sheet="^PHOLIO$" header="IndicatorID" existing="%s">
    <field header="IndicatorID" role="indicator.code" scheme="fingertips"/>
    <field header="Year" role="period.year"/>
    <field header="YearRange" role="period.year-range"/>
    <field header="Quarter" role="period.quarter" empty-value="-1"/>
    <field header="AreaCode" role="constant"/>
    <field header="Count" role="count" empty-value="-1"/>
    <field header="Value" role="value"/>
    <field header="ValueNoteId" role="constant" value="0"/>
  </records>
</mapping>)";

Mapping records_mapping(const std::string& existing) {
    std::string xml = kRecords;
    xml.replace(xml.find("%s"), 2, existing);
    return mapping_from(xml);
}

Workbook records_template() {
    return sheet(
        {
            {"IndicatorID", "Year", "YearRange", "Quarter", "AreaCode", "Count", "Value",
             "ValueNoteId"},
            {125.0, 2012.0, 1.0, 3.0, "E16000099", 1515.0, 72.2, 0.0},  // an example row
            {125.0, 2012.0, 1.0, 3.0, "E16000031", 794.0, 97.7, 0.0},   // another
        },
        "PHOLIO");
}

Model records_model() {
    Model model;
    model.indicators = {indicator("1", "Under 18 conceptions", {{"fingertips", "20401"}}),
                        indicator("2", "No code here")};
    Observation a = obs("1", "2012-14", 24.3, "B38");  // a 3-year calendar span
    a.count = 310;
    model.observations = {a, obs("1", "2013/14", 23.4, "C38"), obs("2", "2015", 1.0, "B40"),
                          obs("1", "31/12/2016", 2.0, "B62")};
    return model;
}

}  // namespace

TEST(WritePlanTest, RecordsReplaceTheExampleRows) {
    const Workbook wb = records_template();
    const Mapping m = records_mapping("replace");
    const ConversionResult read = convert_workbook(wb, m);
    ReturnOptions options;
    options.constants["AreaCode"] = "E10000014";
    const WritePlan plan = plan_model_writes(wb, m, read, records_model(), options);
    ASSERT_TRUE(plan) << plan.errors.front().text();
    // Rows in period order (by end date): 2013/14 (Year 2013, range 1), then 2012-14 (2012,
    // range 3). Cells already holding the value are not written (C2 1, B3 2012, H 0); no
    // quarter: -1; no count: -1.
    EXPECT_EQ(lines(plan),
              (std::vector<std::string>{
                  "PHOLIO!A2=20401", "PHOLIO!B2=2013", "PHOLIO!D2=-1", "PHOLIO!E2='E10000014'",
                  "PHOLIO!F2=-1", "PHOLIO!G2=23.4", "PHOLIO!A3=20401", "PHOLIO!C3=3",
                  "PHOLIO!D3=-1", "PHOLIO!E3='E10000014'", "PHOLIO!F3=310", "PHOLIO!G3=24.3"}));
    ASSERT_EQ(plan.not_written.size(), 2u);
    EXPECT_EQ(plan.not_written[0].where.cell, "B62");  // a single date: no Year/YearRange
    EXPECT_NE(plan.not_written[0].reason.find("single date"), std::string::npos);
    EXPECT_EQ(plan.not_written[1].what, "'No code here' 2015: 1");
    EXPECT_EQ(plan.not_written[1].where.cell, "B40");  // the value's own cell
    EXPECT_NE(plan.not_written[1].reason.find("no fingertips IndicatorID"), std::string::npos);
}

TEST(WritePlanTest, RecordsUpdateAppendsAfterTheLastRow) {
    const Workbook wb = records_template();
    const Mapping m = records_mapping("update");
    const ConversionResult read = convert_workbook(wb, m);
    ReturnOptions options;
    options.constants["AreaCode"] = "E10000014";
    const WritePlan plan = plan_model_writes(wb, m, read, records_model(), options);
    const std::vector<std::string> got = lines(plan);
    ASSERT_EQ(got.size(), 16u);
    EXPECT_EQ(got.front(), "PHOLIO!A4=20401 style A2");  // new cells take row 2's style
    EXPECT_EQ(got[8], "PHOLIO!A5=20401 style A2");
}

TEST(WritePlanTest, RecordsNeedEveryConstant) {
    const Workbook wb = records_template();
    const Mapping m = records_mapping("replace");
    const ConversionResult read = convert_workbook(wb, m);
    ReturnOptions options;
    options.constants["AreaKode"] = "x";
    const WritePlan plan = plan_model_writes(wb, m, read, records_model(), options);
    ASSERT_EQ(plan.errors.size(), 2u);
    EXPECT_NE(plan.errors[0].detail.find("pass --set AreaCode=VALUE"), std::string::npos);
    EXPECT_NE(plan.errors[1].detail.find("no constant or breakdown column 'AreaKode'"),
              std::string::npos);
    EXPECT_TRUE(plan.writes.empty());
}

TEST(WritePlanTest, RecordsReadBack) {
    const Workbook wb = records_template();
    const ConversionResult read = convert_workbook(wb, records_mapping("update"));
    ASSERT_EQ(read.model.indicators.size(), 1u);
    EXPECT_EQ(read.model.indicators[0].codes.at(0).value, "125");
    ASSERT_EQ(read.model.observations.size(), 2u);
    const Observation& o = read.model.observations[0];
    EXPECT_EQ(o.period.label(), "2012 Q3");
    EXPECT_EQ(*o.value, 72.2);
    EXPECT_EQ(*o.count, 1515);
    EXPECT_EQ(o.where.cell, "G2");
}

TEST(RecordPeriodTest, EncodeAndDecode) {
    using detail::encode_record_period;
    auto enc = [](const char* text, bool financial = false) {
        auto r = encode_record_period(*parse_period(text), financial);
        return r ? fmt::format("{} {} {} {}", r->year, r->range, r->quarter, r->month)
                 : std::string("none");
    };
    EXPECT_EQ(enc("2013/14"), "2013 1 -1 -1");
    EXPECT_EQ(enc("2015"), "2015 1 -1 -1");
    EXPECT_EQ(enc("2012-14"), "2012 3 -1 -1");
    EXPECT_EQ(enc("2015/16 - 19/20"), "2015 5 -1 -1");
    EXPECT_EQ(enc("Q1 2016/17"), "2016 1 1 -1");  // April-June: financial quarter 1
    EXPECT_EQ(enc("Q4 2016/17"), "2016 1 4 -1");  // January-March 2017
    EXPECT_EQ(enc("2016 Q3"), "2016 1 3 -1");
    EXPECT_EQ(enc("Jan 2017"), "2017 1 -1 1");
    EXPECT_EQ(enc("Jan 2017", true), "2016 1 -1 10");  // month 10 of financial year 2016/17
    EXPECT_EQ(enc("31/12/2016"), "none");
    auto dec = [](int y, int r, int q, int m, bool financial) {
        auto p = detail::decode_record_period({y, r, q, m}, financial);
        return p ? p->label() : std::string("none");
    };
    EXPECT_EQ(dec(2013, 1, -1, -1, true), "2013/14");
    EXPECT_EQ(dec(2013, 1, -1, -1, false), "2013");
    EXPECT_EQ(dec(2012, 3, -1, -1, false), "2012-14");
    EXPECT_EQ(dec(2016, 1, 4, -1, true), "2016/17 Q4");
    EXPECT_EQ(dec(2016, 1, -1, 10, true), "2017-01");
    EXPECT_EQ(dec(2016, 0, -1, -1, false), "none");
}

namespace {

// Applies a plan to an in-memory workbook (numbers and text; blanks remove the cell).
void apply(Workbook& wb, const WritePlan& plan) {
    for (const CellWrite& w : plan.writes) {
        Sheet* sheet = nullptr;
        for (Sheet& s : wb.sheets)
            if (s.name == w.sheet) sheet = &s;
        ASSERT_NE(sheet, nullptr);
        auto row = std::find_if(sheet->rows.begin(), sheet->rows.end(),
                                [&](const Row& r) { return r.index >= w.cell.row; });
        if (row == sheet->rows.end() || row->index != w.cell.row) {
            Row fresh;
            fresh.index = w.cell.row;
            row = sheet->rows.insert(row, fresh);
        }
        auto cell = std::find_if(row->cells.begin(), row->cells.end(),
                                 [&](const Cell& c) { return c.col >= w.cell.col; });
        if (w.kind == CellWrite::Kind::blank) {
            if (cell != row->cells.end() && cell->col == w.cell.col) row->cells.erase(cell);
            continue;
        }
        if (cell == row->cells.end() || cell->col != w.cell.col) {
            Cell fresh;
            fresh.col = w.cell.col;
            cell = row->cells.insert(cell, fresh);
        }
        if (w.kind == CellWrite::Kind::number) {
            cell->type = CellType::number;
            cell->number = w.number;
        } else {
            cell->type = CellType::text;
            cell->text = wb.add_string(w.text);
        }
    }
}

std::vector<std::string> facts(const ConversionResult& r) {
    std::vector<std::string> out;
    for (const Observation& o : r.model.observations) {
        const Indicator* ind = r.model.find_indicator(o.indicator_id);
        auto v = [](const std::optional<double>& x) { return x ? format_number(*x) : "-"; };
        out.push_back(fmt::format("{} {} {} n={} ci={}..{}", ind->codes.at(0).value,
                                  o.period.label(), v(o.value), v(o.count), v(o.lower_ci),
                                  v(o.upper_ci)));
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST(WritePlanTest, RecordsRoundTrip) {
    const char* xml = R"(<mapping id="rt" version="1">
  <records id="long" sheet="^PHOLIO$" header="IndicatorID" existing="update">
    <field header="IndicatorID" role="indicator.code" scheme="fingertips"/>
    <field header="Year" role="period.year"/>
    <field header="YearRange" role="period.year-range"/>
    <field header="Quarter" role="period.quarter" empty-value="-1"/>
    <field header="AreaCode" role="constant" value="E10000014"/>
    <field header="Count" role="count" empty-value="-1"/>
    <field header="Value" role="value"/>
    <field header="LowerCI95" role="lower-ci" empty-value="-1"/>
    <field header="UpperCI95" role="upper-ci" empty-value="-1"/>
  </records>
</mapping>)";
    const Mapping m = mapping_from(xml);
    const std::vector<Spec> header = {"IndicatorID", "Year",  "YearRange", "Quarter",  "AreaCode",
                                      "Count",       "Value", "LowerCI95", "UpperCI95"};
    const Workbook source =
        sheet({header,
               {20401.0, 2012.0, 3.0, -1.0, "E10000014", 310.0, 24.3, 21.6, 27.2},
               {20401.0, 2015.0, 1.0, -1.0, "E10000014", -1.0, 22.9, -1.0, -1.0},
               {93085.0, 2016.0, 1.0, 2.0, "E10000014", 40.0, 9.7, 7.1, 13.0},
               {93085.0, 2016.0, 1.0, 2.0, "E09000001", 41.0, 9.9, 7.2, 13.1}},  // another area
              "PHOLIO");
    const ConversionResult first = convert_workbook(source, m);
    ASSERT_EQ(first.model.observations.size(), 3u);  // the other area's row is filtered out
    Workbook target = sheet({header}, "PHOLIO");
    const ConversionResult empty = convert_workbook(target, m);
    const WritePlan plan = plan_model_writes(target, m, empty, first.model);
    ASSERT_TRUE(plan);
    EXPECT_TRUE(plan.not_written.empty());
    apply(target, plan);
    EXPECT_EQ(facts(convert_workbook(target, m)), facts(first));
    EXPECT_EQ(facts(first), (std::vector<std::string>{"20401 2012-14 24.3 n=310 ci=21.6..27.2",
                                                      "20401 2015 22.9 n=- ci=-..-",
                                                      "93085 2016 Q2 9.7 n=40 ci=7.1..13"}));
}

TEST(WritePlanTest, TableStatusColumns) {
    // A <table> with a status column beside the indicator column: one cell per record (its
    // first row, continuation rows included), the header into the empty header cell; a
    // workbook that already has the column is read as before.
    const Mapping m = mapping_from(R"(<mapping id="tb" version="1">
  <table id="t" header="Indicator">
    <column header="Indicator" role="indicator.title" key="true"/>
    <column header="Aim" role="indicator.aim"/>
    <status show="trajectory" header="Status" column="C"/>
  </table>
</mapping>)");
    const Workbook wb = sheet({
        {"Indicator", "Aim"},
        {"Smoking prevalence", "Reduction on"},
        {"", "baseline"},  // continues row 2
        {"Admissions", "Improvement"},
    });
    const ConversionResult read = convert_workbook(wb, m);
    ASSERT_EQ(read.model.indicators.size(), 2u);
    StatusResult statuses;
    for (const Indicator& i : read.model.indicators) {
        IndicatorStatus s;
        s.indicator_id = i.id;
        s.trajectory =
            i.title == "Admissions" ? TrajectoryStatus::on_track : TrajectoryStatus::not_assessable;
        statuses.indicators.push_back(s);
    }
    const WritePlan plan = plan_status_writes(wb, m, read, statuses);
    EXPECT_EQ(lines(plan), (std::vector<std::string>{"Data!C1='Status'", "Data!C2='not_assessable'",
                                                     "Data!C4='on_track'"}));
    const Workbook updated = sheet({
        {"Indicator", "Aim", "Status"},
        {"Smoking prevalence", "Reduction on", "not_assessable"},
        {"", "baseline"},
        {"Admissions", "Improvement", "on_track"},
    });
    const ConversionResult again = convert_workbook(updated, m);
    EXPECT_EQ(again.model.indicators.size(), 2u);
    EXPECT_EQ(again.warnings(), 0u);
    int status_cells = 0;
    for (const auto& d : again.diagnostics) status_cells += d.code == "status_cell";
    EXPECT_EQ(status_cells, 3);
    // Run again on the updated workbook: the column is found by its header, nothing changes.
    EXPECT_TRUE(plan_status_writes(updated, m, again, statuses).writes.empty());
}

TEST(WritePlanTest, ExpectationsAsVocabularyText) {
    // Trajectory cells: the vocabulary's text for the kind, a number for a target; a term split
    // over two cells is replaced whole (its second cell cleared); the same kind is left alone.
    const Mapping m = mapping_from(R"(<mapping id="tr" version="1">
  <table id="t" header="Indicator">
    <column header="Indicator" role="indicator.title" key="true"/>
    <columns header-pattern="^Year\s*\d+\s*-\s*(\d\d/\d\d)$" role="expectation" period="$1"
             vocabulary="trajectory"/>
  </table>
  <vocabulary id="trajectory">
    <term value="baseline" text="Baseline"/>
    <term value="improvement" text="Improvement"/>
    <term value="long_term_improvement" text="Long Term Improvement"/>
  </vocabulary>
</mapping>)");
    const Workbook wb = sheet({
        {"Indicator", "Year 1 - 20/21", "Year 2 - 21/22", "Year 3 - 22/23"},
        {"Smoking", "Baseline", "Long Term", ""},
        {"", "", "Improvement", ""},  // continues row 2: C2:C3 is one term
        {"Admissions", "", "", ""},
    });
    const ConversionResult read = convert_workbook(wb, m);
    ASSERT_EQ(read.model.expectations.size(), 2u);
    Model model;
    model.indicators = {indicator("1", "Smoking"), indicator("2", "Admissions")};
    auto exp = [](const std::string& id, const char* period, ExpectationKind kind,
                  std::optional<double> target = {}) {
        Expectation e;
        e.indicator_id = id;
        e.period = *parse_period(period);
        e.kind = kind;
        e.target = target;
        return e;
    };
    model.expectations = {exp("1", "2020/21", ExpectationKind::baseline),  // unchanged
                          exp("1", "2021/22", ExpectationKind::improvement),
                          exp("1", "2022/23", ExpectationKind::target, 12.5),
                          exp("2", "2020/21", ExpectationKind::long_term_improvement)};
    const WritePlan plan = plan_model_writes(wb, m, read, model);
    EXPECT_EQ(lines(plan),
              (std::vector<std::string>{"Data!C2='Improvement'", "Data!D2=12.5", "Data!C3=(blank)",
                                        "Data!B4='Long Term Improvement'"}));
    EXPECT_EQ(plan.unchanged, 1u);
    EXPECT_TRUE(plan.not_written.empty());
}

TEST(WritePlanTest, RecordsUpdateARowInPlace) {
    // existing="update": the row with the same IndicatorID, period (Quarter 3 of 2012) and
    // constants is overwritten; a Quarter of -1 in the sheet matches a period with no quarter.
    Workbook wb = records_template();
    const Mapping m = records_mapping("update");
    const ConversionResult read = convert_workbook(wb, m);
    Model model;
    model.indicators = {indicator("1", "Example", {{"fingertips", "125"}})};
    model.observations = {obs("1", "2012 Q3", 70.0, "B2")};
    ReturnOptions options;
    options.constants["AreaCode"] = "E16000031";
    const WritePlan plan = plan_model_writes(wb, m, read, model, options);
    EXPECT_EQ(lines(plan), (std::vector<std::string>{"PHOLIO!F3=-1", "PHOLIO!G3=70"}));
}

TEST(WritePlanTest, StatusPerPeriodColumns) {
    // <status-columns>: a RAG column per year beside the trajectory columns; each gets the
    // trajectory status of its period, through a vocabulary; no status for a period, no write.
    const Mapping m = mapping_from(R"(<mapping id="rag" version="1">
  <table id="t" header="Indicator">
    <column header="Indicator" role="indicator.title" key="true"/>
    <columns header-pattern="^Year\s*\d+\s*-\s*(\d\d/\d\d)$" role="expectation" period="$1"
             vocabulary="trajectory"/>
    <status-columns show="trajectory" header-pattern="^RAG\s+(\d\d/\d\d)$" period="$1"
                    vocabulary="rag"/>
  </table>
  <vocabulary id="trajectory">
    <term value="baseline" text="Baseline"/>
    <term value="improvement" text="Improvement"/>
  </vocabulary>
  <vocabulary id="rag">
    <term value="on_track" text="Green"/>
    <term value="off_track" text="Red"/>
  </vocabulary>
</mapping>)");
    const Workbook wb = sheet({
        {"Indicator", "Year 1 - 20/21", "Year 2 - 21/22", "RAG 20/21", "RAG 21/22", "RAG 22/23"},
        {"Smoking", "Baseline", "Improvement"},
    });
    const ConversionResult read = convert_workbook(wb, m);
    ASSERT_EQ(read.model.expectations.size(), 2u);
    EXPECT_EQ(read.warnings(), 0u);  // the RAG headers are status cells, not unmapped headers
    IndicatorStatus s;
    s.indicator_id = read.model.indicators.at(0).id;
    s.trajectory_by_period = {
        {"2020/21", ExpectationKind::baseline, TrajectoryStatus::baseline_set, ""},
        {"2021/22", ExpectationKind::improvement, TrajectoryStatus::off_track, "no"}};
    StatusResult statuses;
    statuses.indicators.push_back(s);
    const WritePlan plan = plan_status_writes(wb, m, read, statuses);
    // baseline_set has no term in the vocabulary: its name is written.
    EXPECT_EQ(lines(plan), (std::vector<std::string>{"Data!D2='baseline_set'", "Data!E2='Red'"}));
}

TEST(WritePlanTest, RecordsKeepTheirRowsWhenNothingIsWritten) {
    // An empty model (or one holding only expectations) clears nothing and warns.
    const Workbook wb = records_template();
    const Mapping m = records_mapping("replace");
    const ConversionResult read = convert_workbook(wb, m);
    ReturnOptions options;
    options.constants["AreaCode"] = "E10000014";
    Model model;
    model.indicators = {indicator("1", "Under 18 conceptions", {{"fingertips", "20401"}})};
    Expectation e;
    e.indicator_id = "1";
    e.period = *parse_period("2015/16");
    e.kind = ExpectationKind::improvement;
    e.where = {"in.xlsx", "Grid", "D7"};
    model.expectations = {e};
    const WritePlan plan = plan_model_writes(wb, m, read, model, options);
    ASSERT_TRUE(plan);
    EXPECT_TRUE(plan.writes.empty());  // the two example rows stay
    EXPECT_EQ(plan.facts_placed, 0u);
    ASSERT_EQ(plan.warnings.size(), 1u);
    EXPECT_NE(plan.warnings[0].find("nothing to write"), std::string::npos);
    EXPECT_NE(plan.warnings[0].find("2 existing row(s) are kept"), std::string::npos);
    ASSERT_EQ(plan.not_written.size(), 1u);  // the expectation, with its own reason and cell
    EXPECT_EQ(plan.not_written[0].what, "'Under 18 conceptions' 2015/16: expectation improvement");
    EXPECT_EQ(plan.not_written[0].where.cell, "D7");
    EXPECT_EQ(plan.not_written[0].reason,
              "a <records> table has no place for trajectory expectations");

    const WritePlan empty = plan_model_writes(wb, m, read, Model{}, options);
    EXPECT_TRUE(empty.writes.empty());
    EXPECT_EQ(empty.warnings.size(), 1u);
}

TEST(WritePlanTest, UnknownIndicatorsListEveryValueWithItsCell) {
    const Workbook wb = sheet({{"", "2019/20", "2020/21"}, {"Smoking", 1.0, 2.0}});
    const Mapping m = mapping_from(kPeriodMapping);
    const ConversionResult read = convert_workbook(wb, m);
    Model model;
    model.indicators = {indicator("9", "Not in the template")};
    model.observations = {obs("9", "2019/20", 4.0, "C9"), obs("9", "2020/21", 5.0, "D9")};
    const WritePlan plan = plan_model_writes(wb, m, read, model);
    ASSERT_EQ(plan.not_written.size(), 2u);
    EXPECT_EQ(plan.not_written[0].where.cell, "C9");
    EXPECT_EQ(plan.not_written[1].where.cell, "D9");
    EXPECT_EQ(plan.not_written[1].what, "'Not in the template' 2020/21: 5");
    EXPECT_NE(plan.not_written[0].reason.find("no indicator with this code or title"),
              std::string::npos);
    EXPECT_EQ(plan.warnings.size(), 1u);  // nothing placed at all
}

TEST(WritePlanTest, DetectionMustFitTheTarget) {
    const Workbook wb = sheet({{"", "2019/20"}, {"Smoking", 1.0}});
    std::string xml = kPeriodMapping;
    xml.replace(xml.find(">") + 1, 0,
                R"(<detect min-score="1"><sheet-name pattern="^Nowhere$"/></detect>)");
    const Mapping m = mapping_from(xml);
    const ConversionResult read = convert_workbook(wb, m);
    const WritePlan plan = plan_model_writes(wb, m, read, Model{});
    EXPECT_FALSE(plan);
    ASSERT_TRUE(plan.misfit.has_value());
    EXPECT_EQ(plan.misfit->score, 0);
    EXPECT_TRUE(plan.writes.empty());
    EXPECT_FALSE(plan_status_writes(wb, m, read, StatusResult{}));
}

// <records> breakdown columns (issue 11): AgeID and SexID from each value's breakdown as the
// catalogue's codes, AreaCode as written; totals when a value has none; a value whose category
// has no code, or whose dimension has no column, is not written as another part's row.
namespace {

const char* kBreakdownRecords = R"(<mapping id="rec-bd" version="1">
  <dimension id="sex" code-scheme="Fingertips SexID">
    <category name="Persons" code="4" total="true"/>
    <category name="Male" code="1"/><category name="Female" code="2" aliases="Females"/>
  </dimension>
  <dimension id="age" code-scheme="Fingertips AgeID" ordered="true">
    <category name="All ages" code="1" total="true"/>
    <category name="18-64"/><category name="65+" code="27" aliases="65 and over"/>
  </dimension>
  <records id="long" sheet="^PHOLIO$" header="IndicatorID" existing="replace">
    <field header="IndicatorID" role="indicator.code" scheme="fingertips"/>
    <field header="Year" role="period.year"/>
    <field header="YearRange" role="period.year-range"/>
    <field header="AgeID" role="breakdown" dimension="age" category-as="code"/>
    <field header="SexID" role="breakdown" dimension="sex" category-as="code"/>
    <field header="AreaCode" role="breakdown" dimension="area"/>
    <field header="Value" role="value"/>
  </records>
</mapping>)";

Workbook breakdown_records_template() {
    return sheet({{"IndicatorID", "Year", "YearRange", "AgeID", "SexID", "AreaCode", "Value"},
                  {125.0, 2012.0, 1.0, 27.0, 2.0, "E16000099", 72.2},
                  {125.0, 2012.0, 1.0, 1.0, 4.0, "E16000031", 97.7}},
                 "PHOLIO");
}

}  // namespace

TEST(WritePlanTest, RecordsWriteEachBreakdownAsItsCodes) {
    const Workbook wb = breakdown_records_template();
    const Mapping m = mapping_from(kBreakdownRecords);
    const ConversionResult read = convert_workbook(wb, m);
    Model model;
    model.indicators = {indicator("1", "Under 18 conceptions", {{"fingertips", "20401"}})};
    Observation women = obs("1", "2013", 30.5, "B2");
    women.breakdown = {{"sex", "Females"}, {"age", "65 and over"}, {"area", "E06000014"}};
    Observation whole = obs("1", "2013", 24.3, "B3");  // no pairs: all ages, persons
    Observation young = obs("1", "2013", 12.0, "B4");
    young.breakdown = {{"age", "18-64"}, {"area", "E06000014"}};  // no AgeID for 18-64
    Observation decile = obs("1", "2013", 40.0, "B5");
    decile.breakdown = {{"deprivation", "1 - most deprived"}, {"area", "E06000014"}};
    model.observations = {women, whole, young, decile};
    ReturnOptions options;
    options.constants["AreaCode"] = "E10000014";  // the area of values that name none
    const WritePlan plan = plan_model_writes(wb, m, read, model, options);
    ASSERT_TRUE(plan) << plan.errors.front().text();
    // The whole population (AgeID 1 All ages, SexID 4 Persons, the --set area) is row 2, the
    // women aged 65+ of E06000014 (AgeID 27, SexID 2) row 3; cells already holding the value
    // (C 1, the YearRange) are not rewritten.
    EXPECT_EQ(lines(plan),
              (std::vector<std::string>{"PHOLIO!A2=20401", "PHOLIO!B2=2013", "PHOLIO!D2=1",
                                        "PHOLIO!E2=4", "PHOLIO!F2='E10000014'", "PHOLIO!G2=24.3",
                                        "PHOLIO!A3=20401", "PHOLIO!B3=2013", "PHOLIO!D3=27",
                                        "PHOLIO!E3=2", "PHOLIO!F3='E06000014'", "PHOLIO!G3=30.5"}));
    ASSERT_EQ(plan.not_written.size(), 2u);
    EXPECT_EQ(plan.not_written[0].where.cell, "B4");
    EXPECT_NE(plan.not_written[0].reason.find("age '18-64' has no Fingertips AgeID code"),
              std::string::npos)
        << plan.not_written[0].reason;
    EXPECT_EQ(plan.not_written[1].where.cell, "B5");
    EXPECT_NE(plan.not_written[1].reason.find("no column for dimension 'deprivation'"),
              std::string::npos)
        << plan.not_written[1].reason;
}

TEST(WritePlanTest, RecordsWithoutAnAreaForAValueListItNotWritten) {
    const Workbook wb = breakdown_records_template();
    const Mapping m = mapping_from(kBreakdownRecords);
    const ConversionResult read = convert_workbook(wb, m);
    Model model;
    model.indicators = {indicator("1", "Under 18 conceptions", {{"fingertips", "20401"}})};
    model.observations = {obs("1", "2013", 24.3, "B3")};
    const WritePlan plan = plan_model_writes(wb, m, read, model, ReturnOptions{});
    ASSERT_EQ(plan.not_written.size(), 1u);
    EXPECT_NE(plan.not_written[0].reason.find("pass --set AreaCode=VALUE"), std::string::npos);
}

TEST(WritePlanTest, RecordsReadBreakdownCodesAsCategories) {
    const ConversionResult read =
        convert_workbook(breakdown_records_template(), mapping_from(kBreakdownRecords));
    ASSERT_EQ(read.model.observations.size(), 2u);
    // AgeID 27 and SexID 2 are age 65+ and Female; AgeID 1 and SexID 4 are the totals.
    EXPECT_EQ(breakdown_text(read.model.observations[0].breakdown),
              "age=65+; sex=Female; area=E16000099");
    EXPECT_EQ(breakdown_text(read.model.observations[1].breakdown), "area=E16000031");
}

// Facts (<fact>, issue 11): each named cell is written from --set NAME=VALUE, else from the
// model's fact of that name, as text, number or date serial by its type; a fact with a place but
// no value, or a value with no place or of the wrong type, is listed as not written.
TEST(WritePlanTest, FactsFromTheModelAndFromSet) {
    Workbook wb = sheet({{"", "2019/20", "2020/21"}, {"Admissions", 12.0, 13.0}});
    {
        Sheet& s = wb.sheets.emplace_back();
        s.name = "Sign Off";
        auto text = [&](std::uint32_t r, std::uint32_t c, const std::string& t) {
            Row row;
            row.index = r;
            Cell cell;
            cell.col = c;
            cell.type = CellType::text;
            cell.text = wb.add_string(t);
            row.cells.push_back(cell);
            s.rows.push_back(std::move(row));
        };
        text(0, 0, "Council:");
        text(1, 0, "Contact:");
        text(2, 0, "Email:");
        text(3, 0, "Staff:");
        text(4, 0, "Returned:");
        text(5, 0, "Code:");
        Cell code;  // B6 already holds 716
        code.col = 1;
        code.type = CellType::number;
        code.number = 716;
        s.rows.back().cells.push_back(code);
        s.merged.push_back({{1, 0}, {1, 1}});  // A2:B2, the contact label
    }
    const Mapping m = mapping_from(R"(<mapping id="f" version="1">
  <period-table id="data" sheet="^Data$" min-periods="2"/>
  <fact name="council" sheet="^Sign Off$" cell="B1"/>
  <fact name="contact" sheet="^Sign Off$" label="Contact:"/>
  <fact name="email" sheet="^Sign Off$" label="Email:" column="D"/>
  <fact name="staff" sheet="^Sign Off$" label="Staff:" type="number"/>
  <fact name="returned" sheet="^Sign Off$" label="Returned:" type="date"/>
  <fact name="code" sheet="^Sign Off$" label="Code:"/>
  <fact name="area" sheet="^Area$" cell="B2"/>
  <fact name="region" sheet="^Area$" cell="B3"/>
</mapping>)");
    const ConversionResult read = convert_workbook(wb, m);
    Model model;
    model.facts = {{"council", "Kirklees", std::nullopt, "x", {"src.xlsx", "S", "E3"}},
                   {"contact", "Old Name", std::nullopt, "x", {"src.xlsx", "S", "E4"}},
                   {"code", "716", 716.0, "x", {"src.xlsx", "S", "E2"}},
                   {"area", "E08000034", std::nullopt, "x", {"src.xlsx", "S", "E5"}}};
    ReturnOptions options;
    options.constants = {{"contact", "New Name"}, {"staff", "1,234"}, {"returned", "31/03/2022"}};
    WritePlan plan = plan_model_writes(wb, m, read, model, options);
    ASSERT_TRUE(plan) << plan.errors.front().text();
    // --set wins over the model; past the merged label A2:B2 the contact goes to C2; numbers and
    // dates are written as numbers (the date as its serial, in the cell's own date format).
    EXPECT_EQ(lines(plan),
              (std::vector<std::string>{"Sign Off!B1='Kirklees'", "Sign Off!C2='New Name'",
                                        "Sign Off!B4=1234", "Sign Off!B5=44651"}));
    EXPECT_EQ(plan.unchanged, 1u);  // B6 holds 716 already
    EXPECT_EQ(plan.facts_placed, 5u);
    EXPECT_EQ(plan.named_facts, 5u);
    // The email has a place (D3) and no value; the area a value and no place; the region neither,
    // and is not listed.
    ASSERT_EQ(plan.not_written.size(), 2u);
    EXPECT_EQ(plan.not_written[0].what, "fact 'email'");
    EXPECT_EQ(plan.not_written[0].where.sheet, "Sign Off");
    EXPECT_EQ(plan.not_written[0].where.cell, "D3");
    EXPECT_NE(plan.not_written[0].reason.find("neither the model nor --set email=VALUE"),
              std::string::npos);
    EXPECT_EQ(plan.not_written[1].what, "fact 'area' = 'E08000034'");
    EXPECT_EQ(plan.not_written[1].where.cell, "E5");  // the fact's own cell
    EXPECT_NE(plan.not_written[1].reason.find("no sheet's name matches /^Area$/"),
              std::string::npos);

    // A value its type refuses is not written; two values under one name are noted.
    model.facts.push_back({"council", "Leeds", std::nullopt, "y", {"b.xlsx", "S", "E3"}});
    model.facts.push_back({"council", "KIRKLEES", std::nullopt, "z", {"c.xlsx", "S", "E3"}});
    options.constants = {{"staff", "many"}, {"returned", "soon"}};
    plan = plan_model_writes(wb, m, read, model, options);
    ASSERT_TRUE(plan);
    std::vector<std::string> refused;
    for (const NotWritten& n : plan.not_written)
        if (n.reason.find("is type=") != std::string::npos) refused.push_back(n.what);
    EXPECT_EQ(refused,
              (std::vector<std::string>{"fact 'staff' = 'many'", "fact 'returned' = 'soon'"}));
    ASSERT_EQ(plan.notes.size(), 1u);  // Leeds differs; KIRKLEES is the same value
    EXPECT_NE(plan.notes[0].find("'Kirklees' (src.xlsx, 'S'!E3) and 'Leeds'"), std::string::npos)
        << plan.notes[0];

    // A --set name that no fact has is a mistake (there is no <records> table to take it).
    options.constants = {{"counsil", "Kirklees"}};
    plan = plan_model_writes(wb, m, read, model, options);
    ASSERT_EQ(plan.errors.size(), 1u);
    EXPECT_NE(plan.errors[0].detail.find("--set counsil=Kirklees: mapping 'f' has no <fact "
                                         "name=\"counsil\">"),
              std::string::npos);
}

// A long table without period columns (issue 11 §2: a return for one year, a row per area and
// sex): <records period="..."> gives every row that period; writing puts only that period's
// values into it.
TEST(WritePlanTest, RecordsWithOnePeriodForEveryRow) {
    const Mapping m = mapping_from(R"(<mapping id="one-year" version="1">
  <records id="areas" sheet="*" header="Area" period="2021/22">
    <field header="Measure" role="indicator.title"/>
    <field header="Area" role="breakdown" dimension="area"/>
    <field header="Sex" role="breakdown" dimension="sex"/>
    <field header="Value" role="value"/>
  </records>
</mapping>)");
    const Workbook wb = sheet({{"Measure", "Area", "Sex", "Value"},
                               {"Admissions", "E06000014", "Female", 12.0},
                               {"Admissions", "E06000014", "Male", 10.0}},
                              "Return");
    const ConversionResult read = convert_workbook(wb, m);
    ASSERT_EQ(read.model.observations.size(), 2u);
    EXPECT_EQ(read.model.observations[0].period.label(), "2021/22");
    EXPECT_EQ(breakdown_text(read.model.observations[0].breakdown), "area=E06000014; sex=Female");
    Model model;
    model.indicators = {indicator("1", "Admissions")};
    Observation now = obs("1", "2021/22", 13.0, "B2");
    now.breakdown = {{"area", "E06000014"}, {"sex", "Female"}};
    Observation before = obs("1", "2020/21", 11.0, "B3");
    before.breakdown = now.breakdown;
    model.observations = {now, before};
    const WritePlan plan = plan_model_writes(wb, m, read, model, ReturnOptions{});
    ASSERT_TRUE(plan) << plan.errors.front().text();
    EXPECT_EQ(lines(plan), (std::vector<std::string>{"Return!D2=13"}));  // the Female row
    ASSERT_EQ(plan.not_written.size(), 1u);
    EXPECT_NE(plan.not_written[0].reason.find("holds 2021/22 only"), std::string::npos);
}
