// Facts (issue 11): the loader's checks on <fact> (with line numbers), and the reader on a
// workbook laid out as the ASCS data return's Sign Off Sheet: a cell named by address, labels
// with the value in a given column or beside them (past a merged label), numbers and dates, and
// what is said when a sheet, a label or a value is missing.
#include <gtest/gtest.h>

#include <set>

#include "constructs/fact/fact_read.hpp"
#include "kpimap/convert.hpp"

using namespace kpimap;

namespace {

// "#716" is a number cell, "@44651" a date cell (serial), anything else text; "" is no cell.
void fill(Workbook& wb, Sheet& sheet, const std::vector<std::vector<std::string>>& rows) {
    for (std::uint32_t r = 0; r < rows.size(); ++r) {
        Row row;
        row.index = r;
        for (std::uint32_t c = 0; c < rows[r].size(); ++c) {
            const std::string& spec = rows[r][c];
            if (spec.empty()) continue;
            Cell cell;
            cell.col = c;
            if (spec[0] == '#' || spec[0] == '@') {
                cell.type = spec[0] == '#' ? CellType::number : CellType::date_time;
                cell.number = std::stod(spec.substr(1));
            } else {
                cell.type = CellType::text;
                cell.text = wb.add_string(spec);
            }
            row.cells.push_back(cell);
        }
        sheet.rows.push_back(std::move(row));
    }
}

// A sign-off sheet (B2 merged B2:C2 beside its value in D2) and a data sheet with one table.
Workbook sign_off() {
    Workbook wb;
    wb.source = "return.xlsx";
    Sheet& s = wb.sheets.emplace_back();
    s.name = "Sign Off Sheet";
    fill(wb, s,
         {{"", "Council Code:", "", "", "#211"},
          {"", "Contact Name:", "", "", "A. Person", "", "", "", "Select"},
          {"", "Telephone:", "", "01484 221000"},
          {"", "Submitted:", "", "", "31/03/2022"},
          {"", "Returned:", "", "", "@44651"},
          {"", "Staff:", "", "", "1,234"},
          {"", "Notes:", "", "", "n/a"},
          {"", "Email:"}});
    s.merged.push_back({{2, 1}, {2, 2}});  // B3:C3, the telephone label
    Sheet& d = wb.sheets.emplace_back();
    d.name = "Data";
    fill(wb, d, {{"Indicator", "2021"}, {"Smoking", "#12"}});
    return wb;
}

Mapping load(const std::string& facts) {
    MappingLoadResult r = load_mapping_text("facts.xml", R"(<mapping id="m" version="1">
  <period-table sheet="^Data$" min-periods="1" header="Indicator"/>
)" + facts + "</mapping>");
    for (const auto& e : r.errors) ADD_FAILURE() << e.text();
    return r.mapping ? *r.mapping : Mapping{};
}

// Every error text of a mapping with these facts (one per line), "" when it loads.
std::string errors_of(const std::string& facts) {
    MappingLoadResult r = load_mapping_text("bad.xml", R"(<mapping id="bad" version="1">
  <period-table sheet="^Data$" header="Indicator"/>
)" + facts + "</mapping>");
    std::string all;
    for (const auto& e : r.errors) all += e.text() + "\n";
    return all;
}

const Fact* fact(const Model& m, const std::string& name) {
    for (const Fact& f : m.facts)
        if (f.name == name) return &f;
    return nullptr;
}

const ConvertDiagnostic* diagnostic(const ConversionResult& r, const std::string& code) {
    for (const ConvertDiagnostic& d : r.diagnostics)
        if (d.code == code) return &d;
    return nullptr;
}

}  // namespace

TEST(FactRuleLoader, RefusesHalfOrDoublyNamedFactsWithTheirLine) {
    EXPECT_EQ(errors_of(R"(<fact name="a" sheet="x" cell="E3"/>)"), "");
    EXPECT_EQ(errors_of(R"(<fact name="a" label="Contact:" column="e" type="date"/>)"), "");
    // Line 3: the first line after the mapping and the reader.
    EXPECT_NE(errors_of(R"(<fact cell="E3"/>)").find("bad.xml:3: <fact> needs name="),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<fact name="a=b" cell="E3"/>)").find("without spaces or '='"),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<fact name="a"/>)").find("bad.xml:3: <fact> needs either cell"),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<fact name="a" cell="E3" label="X"/>)").find("not both"),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<fact name="a" cell="3E"/>)")
                  .find("bad.xml:3: cell=\"3E\" is not a cell address like E3"),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<fact name="a" cell="E0"/>)").find("cell=\"E0\" is not"),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<fact name="a" label="X" column="E5"/>)").find("column=\"E5\" is not"),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<fact name="a" cell="E3" column="F"/>)").find("belong with label"),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<fact name="a" cell="E3" type="money"/>)").find("type=\"money\""),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<fact name="a" label=" "/>)").find("label=\"\" is empty"),
              std::string::npos);
    EXPECT_NE(errors_of("<fact name=\"a\" cell=\"E3\"/>\n<fact name=\"a\" cell=\"E4\"/>")
                  .find("bad.xml:4: <fact name=\"a\"> is given twice (first at line 3)"),
              std::string::npos);
    EXPECT_NE(errors_of(R"(<fact name="a" cell="E3" colour="red"/>)").find("colour"),
              std::string::npos);
}

TEST(FactRuleLoader, AFactMayNotShareItsNameWithARecordsConstant) {
    MappingLoadResult r = load_mapping_text("bad.xml", R"(<mapping id="bad" version="1">
  <records header="IndicatorID">
    <field header="IndicatorID" role="indicator.code"/>
    <field header="Year" role="period"/>
    <field header="Value" role="value"/>
    <field header="AreaCode" role="constant"/>
  </records>
  <fact name="AreaCode" cell="B2"/>
</mapping>)");
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].line, 8);
    EXPECT_NE(r.errors[0].detail.find("constant column at line 6"), std::string::npos);
}

TEST(FactsReader, ByCellByLabelAndBesideTheLabel) {
    const Mapping m = load(R"(
  <fact name="code" sheet="^Sign Off" cell="E1"/>
  <fact name="contact" sheet="^Sign Off" label="contact name:" column="E"/>
  <fact name="telephone" sheet="^Sign Off" label="Telephone:" type="text"/>
  <fact name="beside" sheet="^Sign Off" label="Contact Name:"/>
)");
    const ConversionResult r = convert_workbook(sign_off(), m);
    ASSERT_EQ(r.model.facts.size(), 4u);
    const Fact* code = fact(r.model, "code");
    ASSERT_NE(code, nullptr);
    EXPECT_EQ(code->text, "211");
    EXPECT_EQ(code->number, 211);  // a number cell gives a number too
    EXPECT_EQ(code->framework_id, "m@return");
    EXPECT_EQ(code->where.file, "return.xlsx");
    EXPECT_EQ(code->where.sheet, "Sign Off Sheet");
    EXPECT_EQ(code->where.cell, "E1");
    EXPECT_EQ(fact(r.model, "contact")->text, "A. Person");
    EXPECT_EQ(fact(r.model, "contact")->where.cell, "E2");
    EXPECT_FALSE(fact(r.model, "contact")->number);
    // Past the merged label B3:C3: D3 holds the value, with its leading zero.
    EXPECT_EQ(fact(r.model, "telephone")->where.cell, "D3");
    EXPECT_EQ(fact(r.model, "telephone")->text, "01484 221000");
    // Without a column: the first non-empty cell right of the label (E2, not I2's "Select").
    EXPECT_EQ(fact(r.model, "beside")->where.cell, "E2");
    // The fact and label cells are used; the sheet is not read as a whole, so its other cells
    // go into its sheet_not_read line as before.
    const ConvertDiagnostic* not_read = diagnostic(r, "sheet_not_read");
    ASSERT_NE(not_read, nullptr);
    EXPECT_EQ(not_read->where.sheet, "Sign Off Sheet");
    EXPECT_NE(not_read->message.find("its 11 non-empty cells"), std::string::npos)
        << not_read->message;
    EXPECT_EQ(r.sheets[0].used, 5u);  // E1; B2, E2; B3, D3 (B2 and E2 read twice count once)
    EXPECT_FALSE(r.sheets[0].read);
}

TEST(FactsReader, NumbersAndDatesByType) {
    const Mapping m = load(R"(
  <fact name="submitted" sheet="^Sign Off" label="Submitted:" type="date"/>
  <fact name="returned" sheet="^Sign Off" label="Returned:" type="date"/>
  <fact name="staff" sheet="^Sign Off" label="Staff:" type="number"/>
  <fact name="notes" sheet="^Sign Off" label="Notes:" type="number"/>
  <fact name="telephone" sheet="^Sign Off" label="Telephone:" type="date"/>
)");
    const ConversionResult r = convert_workbook(sign_off(), m);
    ASSERT_NE(fact(r.model, "submitted"), nullptr);
    EXPECT_EQ(fact(r.model, "submitted")->text, "2022-03-31");  // 31/03/2022, UK order
    ASSERT_NE(fact(r.model, "returned"), nullptr);
    EXPECT_EQ(fact(r.model, "returned")->text, "2022-03-31");  // the date cell, as ISO
    EXPECT_FALSE(fact(r.model, "returned")->number);
    ASSERT_NE(fact(r.model, "staff"), nullptr);
    EXPECT_EQ(fact(r.model, "staff")->number, 1234);
    EXPECT_EQ(fact(r.model, "staff")->text, "1,234");
    // "n/a" is no number, a telephone number no date: warnings on their cells, no facts.
    EXPECT_EQ(fact(r.model, "notes"), nullptr);
    EXPECT_EQ(fact(r.model, "telephone"), nullptr);
    const ConvertDiagnostic* nan = diagnostic(r, "fact_not_number");
    ASSERT_NE(nan, nullptr);
    EXPECT_EQ(nan->severity, Severity::warning);
    EXPECT_EQ(nan->where.cell, "E7");
    EXPECT_EQ(nan->raw, "n/a");
    const ConvertDiagnostic* nad = diagnostic(r, "fact_not_date");
    ASSERT_NE(nad, nullptr);
    EXPECT_EQ(nad->where.cell, "D3");
}

TEST(FactsReader, MissingLabelSheetOrValueIsSaid) {
    const Mapping m = load(R"(
  <fact name="manager" sheet="^Sign Off" label="Manager:"/>
  <fact name="area" sheet="^Area$" cell="B2"/>
  <fact name="email" sheet="^Sign Off" label="Email:"/>
  <fact name="far" sheet="^Sign Off" label="Email:" search-rows="7"/>
)");
    const ConversionResult r = convert_workbook(sign_off(), m);
    EXPECT_TRUE(r.model.facts.empty());
    std::multiset<std::string> seen;
    for (const ConvertDiagnostic& d : r.diagnostics)
        if (diagnostic_code_name(d.code).starts_with("fact_"))
            seen.insert(std::string(severity_name(d.severity)) + " " +
                        std::string(diagnostic_code_name(d.code)) + " " +
                        d.where.sheet + "!" + d.where.cell);
    EXPECT_EQ(seen, (std::multiset<std::string>{
                        // The label is not on its sheet, or below the rows searched: a mistake.
                        "warning fact_not_found !", "warning fact_not_found !",
                        // No such sheet: a variant of the layout without it.
                        "info fact_not_found !",
                        // The form is not filled in: said where the value would be.
                        "info fact_empty Sign Off Sheet!C8"}));
    const ConvertDiagnostic* missing = diagnostic(r, "fact_not_found");
    EXPECT_NE(missing->message.find(
                  "<fact name=\"manager\"> (line 4) found no place: no cell of the first 60 rows "
                  "of a sheet matching /^Sign Off/ is 'Manager:'"),
              std::string::npos)
        << missing->message;
}

TEST(FactsReader, WritingPlacesTheValueRightOfTheMergedLabel) {
    Workbook wb = sign_off();
    FactRule rule;
    rule.name = "telephone";
    rule.label = "Telephone:";
    // Reading finds the value typed in D3; writing goes to the first cell after B3:C3, also D3.
    auto reading = detail::locate_fact(wb, rule, true);
    auto writing = detail::locate_fact(wb, rule, false);
    ASSERT_TRUE(reading.place && writing.place);
    EXPECT_EQ(to_a1(reading.place->value), "D3");
    EXPECT_EQ(to_a1(writing.place->value), "D3");
    // The contact's value is two cells off: reading finds it, writing takes the next cell.
    rule.label = "Contact Name:";
    EXPECT_EQ(to_a1(detail::locate_fact(wb, rule, true).place->value), "E2");
    EXPECT_EQ(to_a1(detail::locate_fact(wb, rule, false).place->value), "C2");
    EXPECT_EQ(to_a1(*detail::locate_fact(wb, rule, false).place->label), "B2");
}
