// Facts through reconciliation (issue 11): the merged model keeps each source's named values; the
// same name and value from two sources is kept once, with the first source's cell, and two
// values under one name are both kept, for a person (or kpimap return --set) to choose.
#include <gtest/gtest.h>

#include "kpimap/reconcile.hpp"

using namespace kpimap;

namespace {

ConversionResult source(const std::string& framework, std::vector<Fact> facts) {
    ConversionResult r;
    Framework f;
    f.id = framework;
    f.mapping_id = "m";
    f.where.file = framework + ".xlsx";
    r.model.frameworks.push_back(f);
    for (Fact& fact : facts) fact.framework_id = framework;
    r.model.facts = std::move(facts);
    return r;
}

}  // namespace

TEST(ReconcileFacts, SameValueOnceDifferentValuesBoth) {
    std::vector<ConversionResult> sources;
    sources.push_back(
        source("m@a", {{"council", "Kirklees", std::nullopt, "", {"a.xlsx", "S", "E3"}},
                       {"code", "211", 211.0, "", {"a.xlsx", "S", "E2"}}}));
    // The same framework id again (the same file name in two folders): renamed, facts follow.
    sources.push_back(
        source("m@a", {{"council", "KIRKLEES ", std::nullopt, "", {"b.xlsx", "S", "E3"}},
                       {"code", "211.0", 211.0, "", {"b.xlsx", "S", "E2"}},
                       {"contact", "A. Person", std::nullopt, "", {"b.xlsx", "S", "E4"}},
                       {"code", "716", 716.0, "", {"b.xlsx", "S", "F2"}}}));
    const ReconcileResult r = reconcile(sources);
    std::vector<std::string> got;
    for (const Fact& f : r.model.facts)
        got.push_back(f.name + "=" + f.text + " " + f.where.file + "!" + f.where.cell + " " +
                      f.framework_id);
    EXPECT_EQ(got, (std::vector<std::string>{
                       "council=Kirklees a.xlsx!E3 m@a", "code=211 a.xlsx!E2 m@a",
                       "contact=A. Person b.xlsx!E4 m@a~2", "code=716 b.xlsx!F2 m@a~2"}));
    ASSERT_EQ(r.model.frameworks.size(), 2u);
    EXPECT_EQ(r.model.frameworks[1].id, "m@a~2");
}
