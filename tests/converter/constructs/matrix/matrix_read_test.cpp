// <matrix> read from a workbook built in memory: row items and their indicators, column items
// named by a catalogue, one typed link per marked cell with its cell, and the cells a matrix
// cannot use reported (docs/mapping-reference.md, "<matrix>").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

const char* kMapping = R"xml(<mapping id="x" version="1">
  <matrix header="OUTCOMES">
    <rows header="OUTCOMES" level="strategic" code-pattern="^(\d+)\s"/>
    <row-detail header="KPIs" split="numbered-list"/>
    <columns first="3" last="5" level="national" catalogue="three"/>
    <cells vocabulary="markers"/>
  </matrix>
  <catalogue id="three">
    <item code="1" title="Healthy lives"/>
    <item code="2" title="Living at home"/>
    <item code="3" title="Safe from harm"/>
  </catalogue>
  <vocabulary id="markers">
    <term value="primary" text="X"/>
    <term value="secondary" text="(2)"/>
  </vocabulary>
</mapping>)xml";

}  // namespace

TEST(MatrixReadTest, MarkedCellsBecomeLinksBetweenRowAndColumnItems) {
    const Workbook wb = workbook_of(
        {{"PMF",
          {{"OUTCOMES", "KPIs", "1. Healthy lifes", "Living at home", "Safe from harm"},
           {"1 People are supported", "1. Fewer falls 2. Shorter stays", "X", "", "(2)"},
           {"2 Carers are well", "Carer satisfaction", "", "X", ""}}}},
        "pmf.xlsx");
    const ConversionResult r = convert_workbook(wb, mapping_of(kMapping));

    const Outcome* people = outcome_titled(r.model, "People are supported");
    ASSERT_NE(people, nullptr) << codes(r);
    EXPECT_EQ(people->code, "1");  // the capture, cut from the title
    EXPECT_EQ(people->level, "strategic");
    EXPECT_EQ(people->where.cell, "A2");
    const Outcome* carers = outcome_titled(r.model, "Carers are well");
    ASSERT_NE(carers, nullptr) << codes(r);

    // Column items take the catalogue's code and title, whatever OCR did to the header; the
    // difference is said.
    const Outcome* healthy = outcome_titled(r.model, "Healthy lives");
    ASSERT_NE(healthy, nullptr) << codes(r);
    EXPECT_EQ(healthy->code, "1");
    EXPECT_EQ(healthy->level, "national");
    EXPECT_NE(diagnostic(r, "catalogue_matched", "C1"), nullptr) << codes(r);
    const Outcome* home = outcome_titled(r.model, "Living at home");
    const Outcome* safe = outcome_titled(r.model, "Safe from harm");
    ASSERT_NE(home, nullptr);
    ASSERT_NE(safe, nullptr);

    // One link per marked cell, from the row item to the column item, with its strength.
    const auto people_links = links_of(r.model, "contributes_to", people->id);
    ASSERT_EQ(people_links.size(), 2u) << codes(r);
    EXPECT_EQ(people_links[0]->to_id, healthy->id);
    EXPECT_EQ(people_links[0]->strength, "primary");
    EXPECT_EQ(people_links[0]->raw, "X");
    EXPECT_EQ(people_links[0]->where.cell, "C2");
    EXPECT_EQ(people_links[0]->where.file, "pmf.xlsx");
    EXPECT_EQ(people_links[1]->to_id, safe->id);
    EXPECT_EQ(people_links[1]->strength, "secondary");
    const auto carer_links = links_of(r.model, "contributes_to", carers->id);
    ASSERT_EQ(carer_links.size(), 1u);
    EXPECT_EQ(carer_links[0]->to_id, home->id);

    // The detail cell's numbered list gives one indicator per item, each of its row item.
    ASSERT_EQ(r.model.indicators.size(), 3u) << codes(r);
    for (const char* title : {"Fewer falls", "Shorter stays"}) {
        const Indicator* i = indicator_titled(r.model, title);
        ASSERT_NE(i, nullptr) << title << "\n" << codes(r);
        EXPECT_EQ(i->where.cell, "B2");
        const auto of = links_of(r.model, "indicator_of", i->id);
        ASSERT_EQ(of.size(), 1u);
        EXPECT_EQ(of[0]->to_id, people->id);
    }
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
    EXPECT_EQ(r.cells_reported, 0u) << codes(r);
}

TEST(MatrixReadTest, WhatIsNoMarkerOrHasNoRowItemIsReported) {
    const Workbook wb = workbook_of(
        {{"PMF",
          {{"OUTCOMES", "KPIs", "Healthy lives", "Living at home", "Safe from harm"},
           {"", "", "X"},
           {"1 People are supported", "", "?", "X"},
           {"and their carers", "", "", "X"},
           {"OUTCOMES", "KPIs", "Healthy lives", "Living at home", "Safe from harm"}}}});
    const ConversionResult r = convert_workbook(wb, mapping_of(kMapping));
    // A marker above every row item has nowhere to go.
    const ConvertDiagnostic* orphan = diagnostic(r, "no_record", "C2");
    ASSERT_NE(orphan, nullptr) << codes(r);
    EXPECT_EQ(orphan->severity, Severity::warning);
    // A cell that is no marker of the vocabulary makes no link.
    const ConvertDiagnostic* unknown = diagnostic(r, "unknown_marker", "C3");
    ASSERT_NE(unknown, nullptr) << codes(r);
    EXPECT_EQ(unknown->raw, "?");
    EXPECT_EQ(unknown->severity, Severity::warning);
    // Text without a code continues the row item; the same pair marked again keeps both links.
    const Outcome* people = outcome_titled(r.model, "People are supported and their carers");
    ASSERT_NE(people, nullptr) << codes(r);
    EXPECT_NE(diagnostic(r, "continuation_joined", "A4"), nullptr) << codes(r);
    EXPECT_EQ(links_of(r.model, "contributes_to", people->id).size(), 2u);
    EXPECT_NE(diagnostic(r, "repeated_link", "D4"), nullptr) << codes(r);
    // A repeated header row (a new page) is skipped, said.
    EXPECT_NE(diagnostic(r, "header_repeated"), nullptr) << codes(r);
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
}
