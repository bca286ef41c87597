// <dashboard> read from a workbook built in memory: the theme, priorities, numbered indicators,
// commitments with refs and success text, coded actions linked to the commitment their code
// names, cross-references, and what it cannot use reported (docs/mapping-reference.md,
// "<dashboard>").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

const char* kMapping = R"(<mapping id="d" version="1">
  <dashboard header="Indicators">
    <theme cell="A1"/>
    <priorities header="Priority"/>
    <indicators header="Indicators"/>
    <commitments ref-header="Ref" header="Commitment"
                 success-header-pattern="(?i)^what does success look like"/>
    <actions header="Actions"/>
  </dashboard></mapping>)";

const Outcome* outcome_coded(const Model& m, std::string_view level, std::string_view code) {
    for (const Outcome& o : m.outcomes)
        if (o.level == level && o.code == code) return &o;
    return nullptr;
}

// The one link of `kind` from `from`, or nullptr when there is none or several.
const Link* only_link(const Model& m, std::string_view kind, const std::string& from) {
    const auto links = links_of(m, kind, from);
    return links.size() == 1 ? links[0] : nullptr;
}

Workbook dashboard() {
    return workbook_of(
        {{"Best Start",
          {{"Best start for life"},
           {"Priority", "Indicators", "Ref", "Commitment", "What does success look like?",
            "Actions"},
           {"Healthy pregnancy", "1. Smoking at delivery 2. Breastfeeding", "A.1",
            "We will reduce smoking", "Fewer smokers",
            "A.1.1 Stop smoking service A.1.2 Midwife training"},
           {"", "", "A2", "We will support parents", "", "A.2.1 Parenting classes, see A.1"},
           {"", "a note", "", "", "", "B.9.9 Unknown commitment"},
           {"", "", "A.3", "", "", "--"}}}},
        "dashboard.xlsx");
}

}  // namespace

TEST(DashboardReadTest, ThemesPrioritiesIndicatorsCommitmentsAndActions) {
    const ConversionResult r = convert_workbook(dashboard(), mapping_of(kMapping));
    const Model& m = r.model;

    const Outcome* theme = outcome_titled(m, "Best start for life");
    ASSERT_NE(theme, nullptr) << codes(r);
    EXPECT_EQ(theme->level, "theme");
    EXPECT_EQ(theme->where.cell, "A1");
    const Outcome* priority = outcome_titled(m, "Healthy pregnancy");
    ASSERT_NE(priority, nullptr) << codes(r);
    EXPECT_EQ(priority->level, "priority");
    EXPECT_EQ(priority->parent_id, theme->id);

    // One indicator per numbered item, each of the current priority.
    for (const char* title : {"Smoking at delivery", "Breastfeeding"}) {
        const Indicator* i = indicator_titled(m, title);
        ASSERT_NE(i, nullptr) << title << "\n" << codes(r);
        EXPECT_EQ(i->where.cell, "B3");
        EXPECT_EQ(i->where.file, "dashboard.xlsx");
        const Link* of = only_link(m, "indicator_of", i->id);
        ASSERT_NE(of, nullptr) << title;
        EXPECT_EQ(of->to_id, priority->id);
    }

    // Commitments: the ref's code, the commitment's text, the success text as its summary.
    const Outcome* a1 = outcome_coded(m, "commitment", "A.1");
    ASSERT_NE(a1, nullptr) << codes(r);
    EXPECT_EQ(a1->title, "We will reduce smoking");
    EXPECT_EQ(a1->summary, "Fewer smokers");
    const Outcome* a2 = outcome_coded(m, "commitment", "A2");
    ASSERT_NE(a2, nullptr) << codes(r);

    // Actions: cut at each code, linked to the commitment the code names (A.2.1 names A2:
    // codes are compared normalised).
    const Outcome* a11 = outcome_coded(m, "action", "A.1.1");
    const Outcome* a12 = outcome_coded(m, "action", "A.1.2");
    const Outcome* a21 = outcome_coded(m, "action", "A.2.1");
    ASSERT_NE(a11, nullptr) << codes(r);
    ASSERT_NE(a12, nullptr) << codes(r);
    ASSERT_NE(a21, nullptr) << codes(r);
    EXPECT_EQ(a11->title, "Stop smoking service");
    EXPECT_EQ(a12->where.cell, "F3");
    for (const Outcome* action : {a11, a12}) {
        const Link* of = only_link(m, "action_of", action->id);
        ASSERT_NE(of, nullptr) << action->code;
        EXPECT_EQ(of->to_id, a1->id);
    }
    const Link* a21_of = only_link(m, "action_of", a21->id);
    ASSERT_NE(a21_of, nullptr);
    EXPECT_EQ(a21_of->to_id, a2->id);

    // "see A.1" in an action's text is a cross-reference from that action.
    const Link* see = only_link(m, "see_also", a21->id);
    ASSERT_NE(see, nullptr) << codes(r);
    EXPECT_EQ(see->to_id, a1->id);
    EXPECT_EQ(see->raw, "A.1");
    EXPECT_EQ(see->where.cell, "F4");
}

TEST(DashboardReadTest, WhatItCannotUseIsReported) {
    const ConversionResult r = convert_workbook(dashboard(), mapping_of(kMapping));
    // Text in the indicator column without an item number.
    const ConvertDiagnostic* note = diagnostic(r, "not_an_indicator", "B5");
    ASSERT_NE(note, nullptr) << codes(r);
    EXPECT_EQ(note->severity, Severity::info);
    // An action whose code names no commitment of the sheet: linked to the one it is under.
    const ConvertDiagnostic* mismatch = diagnostic(r, "action_code_mismatch", "F5");
    ASSERT_NE(mismatch, nullptr) << codes(r);
    EXPECT_EQ(mismatch->severity, Severity::warning);
    const Outcome* b99 = nullptr;
    for (const Outcome& o : r.model.outcomes)
        if (o.code == "B.9.9") b99 = &o;
    ASSERT_NE(b99, nullptr) << codes(r);
    const auto b99_of = links_of(r.model, "action_of", b99->id);
    ASSERT_EQ(b99_of.size(), 1u);
    const Outcome* a2 = r.model.find_outcome(b99_of[0]->to_id);
    ASSERT_NE(a2, nullptr);
    EXPECT_EQ(a2->code, "A2");
    // A ref with no text, and a placeholder that holds nothing.
    EXPECT_NE(diagnostic(r, "commitment_without_text", "C6"), nullptr) << codes(r);
    EXPECT_NE(diagnostic(r, "placeholder", "F6"), nullptr) << codes(r);
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
}
