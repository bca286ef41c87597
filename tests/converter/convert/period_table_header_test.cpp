// <period-table> header rows with text in the title column ("Indicator | 12/13 | 13/14"): read as
// header rows, each block under its own periods; whole-number years under an unknown text need
// the rule's `header`, and a row that looks like such a header is said (issue 9).
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

// A grid whose plain numbers ("2012", "10.5") are number cells, as a workbook holds them.
Workbook typed_grid(const std::vector<std::vector<std::string>>& rows) {
    Workbook wb =
        test_support::grid_workbook(rows, "periods.xlsx", "Data", test_support::EmptyRows::absent);
    for (Row& row : wb.sheets[0].rows)
        for (Cell& cell : row.cells) {
            const std::string text(wb.text(cell));
            std::size_t used = 0;
            double value = 0;
            try {
                value = std::stod(text, &used);
            } catch (const std::exception&) {
                continue;
            }
            if (used != text.size()) continue;
            cell.type = CellType::number;
            cell.number = value;
        }
    return wb;
}

Mapping mapping_from(const std::string& xml) {
    // One file per test: CTest runs the tests of this file in parallel processes.
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const auto path =
        test_support::unique_temp_path(std::string("period_table_header_") + test->name() + ".xml");
    std::ofstream(path) << xml;
    MappingLoadResult r = load_mapping(path.string());
    for (const auto& e : r.errors) ADD_FAILURE() << e.text();
    std::filesystem::remove(path);
    return *r.mapping;
}

std::string period_table(const std::string& attributes) {
    return R"(<mapping id="pt" version="1"><period-table id="data" sheet="*" )" + attributes +
           "/></mapping>";
}

const ConvertDiagnostic* find(const ConversionResult& r, std::string_view code,
                              std::string_view cell = {}) {
    for (const auto& d : r.diagnostics)
        if (d.code == code && (cell.empty() || d.where.cell == cell)) return &d;
    return nullptr;
}

// indicator title -> "period=value" texts, in the order read.
std::map<std::string, std::vector<std::string>> values_by_title(const ConversionResult& r) {
    std::map<std::string, std::string> titles;
    for (const Indicator& i : r.model.indicators) titles[i.id] = i.title;
    std::map<std::string, std::vector<std::string>> out;
    for (const Observation& o : r.model.observations)
        out[titles[o.indicator_id]].push_back(o.period_text + "=" + o.raw);
    return out;
}

}  // namespace

// Today the title cell of a header row had to be empty: 'Indicator | 12/13 | 13/14' read
// nothing at all, and nothing said why.
TEST(PeriodTableHeaderTest, HeaderTextInTheTitleColumnIsRead) {
    const Workbook wb = typed_grid({{"Indicator", "12/13", "13/14"},
                                    {"Delayed transfers", "9.1", "8.7"},
                                    {"Pupil absence", "4.4", "4.2"}});
    const ConversionResult r = convert_workbook(wb, mapping_from(period_table("")));
    const auto values = values_by_title(r);
    ASSERT_EQ(r.model.indicators.size(), 2u);
    EXPECT_EQ(values.at("Delayed transfers"), (std::vector<std::string>{"12/13=9.1", "13/14=8.7"}));
    EXPECT_EQ(r.cells_used, r.cells_seen);  // A1 'Indicator' is the header's, used
    EXPECT_EQ(r.warnings(), 0u);
}

// Stacked blocks: once 'Indicator' heads a header row, it heads the later ones too, even over
// whole-number years; each block is read under its own periods.
TEST(PeriodTableHeaderTest, StackedBlocksWithHeaderTextEachUseTheirOwnPeriods) {
    const Workbook wb = typed_grid({{"Indicator", "12/13", "13/14"},
                                    {"Delayed transfers", "9.1", "8.7"},
                                    {},
                                    {"Indicator", "2012", "2013"},
                                    {"Obesity", "20.1", "21.3"},
                                    {"Indicator", "2011-2013", "2012-14"},
                                    {"Premature mortality", "301.2", "295"}});
    const ConversionResult r = convert_workbook(wb, mapping_from(period_table("")));
    const auto values = values_by_title(r);
    ASSERT_EQ(r.model.indicators.size(), 3u);
    EXPECT_FALSE(values.contains("Indicator"));
    EXPECT_EQ(values.at("Obesity"), (std::vector<std::string>{"2012=20.1", "2013=21.3"}));
    EXPECT_EQ(values.at("Premature mortality"),
              (std::vector<std::string>{"2011-2013=301.2", "2012-14=295"}));
    EXPECT_EQ(r.cells_used, r.cells_seen);
}

// Whole-number years under a text no header row has used yet: an indicator of counts looks the
// same, so the rule's header="..." decides; without it the row is said to look like a header.
TEST(PeriodTableHeaderTest, WholeNumberYearsUnderATitleNeedTheRulesHeader) {
    const std::vector<std::vector<std::string>> rows = {{"", "12/13", "13/14"},
                                                        {"Delayed transfers", "9.1", "8.7"},
                                                        {"Indicator", "2012", "2013"},
                                                        {"Obesity", "20.1", "21.3"}};
    const ConversionResult plain =
        convert_workbook(typed_grid(rows), mapping_from(period_table("")));
    // Read as an indicator row under 12/13 and 13/14, and said.
    const ConvertDiagnostic* looks = find(plain, "row_looks_like_header", "A3");
    ASSERT_NE(looks, nullptr);
    EXPECT_EQ(looks->severity, Severity::warning);
    EXPECT_NE(looks->message.find("add header=\"Indicator\""), std::string::npos) << looks->message;

    const ConversionResult named =
        convert_workbook(typed_grid(rows), mapping_from(period_table(R"(header="Indicator")")));
    const auto values = values_by_title(named);
    EXPECT_FALSE(values.contains("Indicator"));
    EXPECT_EQ(values.at("Obesity"), (std::vector<std::string>{"2012=20.1", "2013=21.3"}));
    EXPECT_EQ(find(named, "row_looks_like_header"), nullptr);
    EXPECT_EQ(named.cells_used, named.cells_seen);

    // An indicator of counts that happen to be years is not a header row.
    const ConversionResult counts =
        convert_workbook(typed_grid({{"", "2012", "2013"}, {"Admissions", "1998", "2004"}}),
                         mapping_from(period_table("")));
    ASSERT_EQ(counts.model.observations.size(), 2u);
    EXPECT_EQ(counts.model.observations[0].value, 1998);
    EXPECT_EQ(find(counts, "row_looks_like_header"), nullptr);  // 1998, 2004 are not consecutive
}

TEST(PeriodTableHeaderTest, AnEmptyHeaderAttributeIsRefused) {
    const test_support::TempDir dir;
    const auto path = dir.path() / "empty_header.xml";
    std::ofstream(path) << period_table(R"(header=" ")");
    const MappingLoadResult r = load_mapping(path.string());
    std::filesystem::remove(path);
    ASSERT_FALSE(r);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_NE(r.errors[0].detail.find("header=\"\" is empty"), std::string::npos)
        << r.errors[0].detail;
}
