// Reconciliation on small hand-built models: precision, identity (code, crosswalk, alias,
// title), suggestions that are never merged, the rule that picks the value kept, duplicates
// taken from conversion diagnostics, and the merged model's ids.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "kpimap/identity.hpp"
#include "kpimap/reconcile.hpp"

using namespace kpimap;

namespace {

// A one-framework source built by hand.
class SourceBuilder {
public:
    explicit SourceBuilder(std::string name) : name_(std::move(name)) {
        Framework f;
        f.id = "m@" + name_;
        f.mapping_id = "m";
        f.where.file = name_ + ".xlsx";
        result_.model.frameworks.push_back(f);
        Outcome o;
        o.id = f.id + "/outcome/1";
        o.framework_id = f.id;
        o.level = "outcome";
        o.title = "Outcome 1";
        result_.model.outcomes.push_back(o);
    }

    std::string indicator(const std::string& title, std::vector<std::string> aliases = {},
                          std::vector<IndicatorCode> codes = {}, std::string sheet = "Data") {
        Indicator ind;
        ind.id = fmt_id(title);
        ind.framework_id = result_.model.frameworks.front().id;
        ind.title = title;
        ind.aliases = std::move(aliases);
        ind.codes = std::move(codes);
        ind.where = {name_ + ".xlsx", std::move(sheet), "A" + std::to_string(++row_)};
        result_.model.indicators.push_back(ind);
        result_.model.links.push_back(
            {"indicator_of", ind.id, result_.model.outcomes.front().id, "", "", ind.where});
        return ind.id;
    }

    void value(const std::string& id, const std::string& period, double v, int decimals,
               bool percent = false, std::string raw = "") {
        Observation o;
        o.indicator_id = id;
        o.period = *parse_period(period);
        o.period_text = period;
        o.value = v;
        o.decimals = decimals;
        o.percent_shown = percent;
        o.raw = raw.empty() ? std::to_string(v) : raw;
        o.where = {name_ + ".xlsx", "Data", "B" + std::to_string(++cell_)};
        result_.model.observations.push_back(o);
    }

    void unit(const std::string& id, Unit u) {
        for (Indicator& i : result_.model.indicators)
            if (i.id == id) i.unit = u;
    }

    ConversionResult& result() { return result_; }

private:
    std::string fmt_id(const std::string& title) {
        return result_.model.frameworks.front().id + "/indicator/" + std::to_string(row_ + 1) +
               "-" + std::to_string(title.size());
    }

    std::string name_;
    ConversionResult result_;
    int row_ = 0, cell_ = 0;
};

const IndicatorMatch* match_with(const ReconcileReport& r, const std::string& source_id) {
    for (const IndicatorMatch& m : r.matches)
        if (std::find(m.source_ids.begin(), m.source_ids.end(), source_id) != m.source_ids.end())
            return &m;
    return nullptr;
}

}  // namespace

// ---- precision ----------------------------------------------------------------------------

TEST(PrecisionTest, WorkedValuesFromSeed001) {
    // Outcome 4 "self-directed support" 16/17: 92.4% on the chart, 92% in the Data table.
    EXPECT_TRUE(agree_within_precision(92.4, 1, 92, 0));
    EXPECT_TRUE(agree_within_precision(92, 0, 92.4, 1));
    // Delayed transfers 16/17: 16.59 in the Data table (float noise removed), 16.6 on the chart.
    EXPECT_TRUE(agree_within_precision(16.59, 2, 16.6, 1));
    EXPECT_FALSE(agree_within_precision(16.59, 2, 16.7, 1));
    // Direct payments 14/15: 39.4% against 39.44%; 20.4% against 20.40%.
    EXPECT_TRUE(agree_within_precision(39.4, 1, 39.44, 2));
    EXPECT_TRUE(agree_within_precision(20.4, 1, 20.40, 2));
    // Safe and secure: 77% / 84% / 92% against 77.4 / 83.6 / 91.6 agree at 0 dp.
    EXPECT_TRUE(agree_within_precision(77, 0, 77.4, 1));
    EXPECT_TRUE(agree_within_precision(84, 0, 83.6, 1));
    EXPECT_TRUE(agree_within_precision(92, 0, 91.6, 1));
    // 65+ at home 16/17: 94.8% against 95%; 84.0% against 84%.
    EXPECT_TRUE(agree_within_precision(94.8, 1, 95, 0));
    EXPECT_TRUE(agree_within_precision(84.0, 1, 84, 0));
    // Delayed transfers 13/14: 10.0 (Outcome 6 E8, format 0.0) against 10 (General).
    EXPECT_TRUE(agree_within_precision(10.0, 1, 10, 0));
    // Direct payments of two different indicators (20.4% against 20.1%) conflict.
    EXPECT_FALSE(agree_within_precision(20.4, 1, 20.1, 1));
    EXPECT_FALSE(agree_within_precision(1062, 0, 1063, 0));
}

TEST(PrecisionTest, FractionReadAsPercentKeepsItsPrecision) {
    // Data!B11 0.822 (General) is read as 82.2 with 1 decimal (3 shown, minus the 2 of the
    // percent scaling) and agrees with the chart's 82.2%; 83.40% (2 dp) agrees with 83.4%.
    EXPECT_TRUE(agree_within_precision(82.2, 1, 82.2, 1));
    EXPECT_TRUE(agree_within_precision(83.40, 2, 83.4, 1));
    EXPECT_FALSE(agree_within_precision(82.2, 1, 82.3, 1));
}

TEST(PrecisionTest, HalfwayValuesAgreeWithBothNeighbours) {
    EXPECT_TRUE(agree_within_precision(92.5, 1, 92, 0));
    EXPECT_TRUE(agree_within_precision(92.5, 1, 93, 0));
    EXPECT_FALSE(agree_within_precision(92.5, 1, 94, 0));
    EXPECT_TRUE(agree_within_precision(16.65, 2, 16.6, 1));  // 16.65 * 10 is 166.4999... in binary
    EXPECT_TRUE(agree_within_precision(16.65, 2, 16.7, 1));
    EXPECT_TRUE(agree_within_precision(-2.5, 1, -2, 0));
    EXPECT_TRUE(agree_within_precision(-2.5, 1, -3, 0));
}

TEST(PrecisionTest, UnknownDecimalsTakeTheOthers) {
    EXPECT_TRUE(agree_within_precision(3.3, -1, 3.3, 1));
    EXPECT_TRUE(agree_within_precision(3.34, -1, 3.3, 1));
    EXPECT_TRUE(agree_within_precision(3.3, -1, 3.3, -1));
    EXPECT_FALSE(agree_within_precision(3.3, -1, 3.31, -1));
}

// ---- identity -----------------------------------------------------------------------------

TEST(ReconcileIdentityTest, ByCodeAcrossDifferentTitles) {
    SourceBuilder a("a"), b("b");
    const std::string x = a.indicator("Delayed transfers of care", {}, {{"ascof", "2C(1)"}});
    const std::string y = b.indicator("DToC per 100,000", {}, {{"ASCOF", "2c(1)"}});
    const ReconcileResult r = reconcile({a.result(), b.result()});
    ASSERT_EQ(r.model.indicators.size(), 1u);
    ASSERT_EQ(r.report.matches.size(), 1u);
    EXPECT_EQ(r.report.matches[0].rule, MatchRule::code);
    EXPECT_EQ(r.report.matches[0].source_ids, (std::vector<std::string>{x, y}));
    EXPECT_NE(r.report.matches[0].evidence.find("same code"), std::string::npos);
    EXPECT_EQ(r.model.indicators[0].id, x);
    EXPECT_EQ(r.model.indicators[0].aliases, std::vector<std::string>{"DToC per 100,000"});
    EXPECT_EQ(r.model.indicators[0].codes.size(), 1u);
}

TEST(ReconcileIdentityTest, LocalCodesIdentifyOnlyWithinTheirSource) {
    SourceBuilder a("a"), b("b");
    a.indicator("Infant mortality", {}, {{"local", "1.1"}});
    b.indicator("Smoking at delivery", {}, {{"local", "1.1"}});
    const ReconcileResult r = reconcile({a.result(), b.result()});
    EXPECT_EQ(r.model.indicators.size(), 2u);
    EXPECT_TRUE(r.report.matches.empty());
}

TEST(ReconcileIdentityTest, ByMappingAlias) {
    SourceBuilder a("a"), b("b");
    const std::string x = a.indicator("Smoking prevalence", {"Smoking"});
    const std::string y = b.indicator("smoking");
    const ReconcileResult r = reconcile({a.result(), b.result()});
    ASSERT_EQ(r.report.matches.size(), 1u);
    EXPECT_EQ(r.report.matches[0].rule, MatchRule::alias);
    EXPECT_EQ(r.report.matches[0].source_ids, (std::vector<std::string>{x, y}));
    EXPECT_EQ(r.model.indicators.size(), 1u);
    EXPECT_EQ(r.model.indicators[0].title, "Smoking prevalence");
    EXPECT_EQ(r.model.indicators[0].aliases, std::vector<std::string>{"Smoking"});
}

TEST(ReconcileIdentityTest, ByNormalisedTitle) {
    SourceBuilder a("a"), b("b");
    const std::string x = a.indicator("Pupil absence");
    const std::string y = b.indicator("PUPIL  Absence.");
    const ReconcileResult r = reconcile({a.result(), b.result()});
    ASSERT_EQ(r.report.matches.size(), 1u);
    EXPECT_EQ(r.report.matches[0].rule, MatchRule::title);
    EXPECT_EQ(r.report.matches[0].merged_id, x);
    EXPECT_EQ(r.report.matches[0].source_where.size(), 2u);
    EXPECT_EQ(r.model.indicators.size(), 1u);
}

TEST(ReconcileIdentityTest, TitleMatchRefusedWhenCodesDiffer) {
    SourceBuilder a("a"), b("b");
    a.indicator("Delayed transfers of care", {}, {{"ascof", "2C(1)"}});
    b.indicator("Delayed transfers of care", {}, {{"ascof", "2C(2)"}});
    const ReconcileResult r = reconcile({a.result(), b.result()});
    EXPECT_EQ(r.model.indicators.size(), 2u);
    EXPECT_TRUE(r.report.matches.empty());
    ASSERT_EQ(r.report.suggestions.size(), 1u);
    EXPECT_EQ(r.report.suggestions[0].score, 1.0);
    EXPECT_NE(r.report.suggestions[0].evidence.find("codes differ"), std::string::npos);
}

TEST(ReconcileIdentityTest, ByCrosswalkTitleAndCode) {
    SourceBuilder a("a"), b("b"), c("c");
    const std::string x =
        a.indicator("Adults with a learning disability in paid employment", {}, {}, "Outcome 2");
    const std::string y = b.indicator(
        "Proportion of adults with a learning disability in paid "
        "employment");
    const std::string z = c.indicator("LD employment", {}, {{"ascof", "1E"}});
    Crosswalk cw;
    cw.path = "cw.xml";
    cw.entries.push_back({"Proportion of adults with a learning disability in paid employment",
                          {"Adults with a learning disability in paid employment"},
                          {{"ascof", "1E"}},
                          3});
    ReconcileOptions options;
    options.crosswalk = &cw;
    const ReconcileResult r = reconcile({a.result(), b.result(), c.result()}, options);
    ASSERT_EQ(r.model.indicators.size(), 1u);
    ASSERT_EQ(r.report.matches.size(), 1u);
    EXPECT_EQ(r.report.matches[0].rule, MatchRule::crosswalk);
    EXPECT_EQ(r.report.matches[0].source_ids, (std::vector<std::string>{x, y, z}));
    EXPECT_NE(r.report.matches[0].evidence.find("cw.xml:3"), std::string::npos);
    // The crosswalk's title wins; the others become aliases.
    EXPECT_EQ(r.model.indicators[0].title,
              "Proportion of adults with a learning disability in paid employment");
    EXPECT_EQ(r.model.indicators[0].aliases,
              (std::vector<std::string>{"Adults with a learning disability in paid employment",
                                        "LD employment"}));
    EXPECT_TRUE(r.report.suggestions.empty());
}

TEST(ReconcileIdentityTest, MergedIndicatorTakesTheCrosswalkCodesOnce) {
    SourceBuilder a("a"), b("b");
    a.indicator("Smoking at delivery", {}, {{"ascof", "9Z"}});
    b.indicator("Smoking status at time of delivery", {}, {{"FINGERTIPS", "93085"}});
    a.indicator("Pupil absence");  // named by no entry: no codes added
    Crosswalk cw;
    cw.path = "cw.xml";
    // The entry's fingertips code is already on a member (case differs): not repeated.
    cw.entries.push_back({"Smoking status at time of delivery",
                          {"Smoking at delivery"},
                          {{"fingertips", "93085"}, {"phof", "2.03"}},
                          2});
    // A second entry naming one of the same members adds its codes too, in file order.
    cw.entries.push_back({"Smoking at delivery", {}, {{"nhsof", "X1"}, {"phof", "2.03"}}, 5});
    ReconcileOptions options;
    options.crosswalk = &cw;
    const ReconcileResult r = reconcile({a.result(), b.result()}, options);
    ASSERT_EQ(r.model.indicators.size(), 2u);
    const Indicator& merged = r.model.indicators[0];
    EXPECT_EQ(merged.title, "Smoking status at time of delivery");
    std::vector<std::string> codes;
    for (const IndicatorCode& c : merged.codes) codes.push_back(c.scheme + ":" + c.value);
    EXPECT_EQ(codes,
              (std::vector<std::string>{"ascof:9Z", "FINGERTIPS:93085", "phof:2.03", "nhsof:X1"}));
    EXPECT_TRUE(r.model.indicators[1].codes.empty());
}

// ---- suggestions --------------------------------------------------------------------------

TEST(ReconcileSuggestionTest, LikelyTitlesAreSuggestedNeverMerged) {
    SourceBuilder a("a"), b("b");
    const std::string x = a.indicator("Adults with a learning disability in paid employment");
    const std::string y =
        b.indicator("Proportion of adults with a learning disability in paid employment");
    a.value(x, "12/13", 5.8, 1, true);
    b.value(y, "12/13", 5.80, 2, true);
    a.value(x, "13/14", 7.3, 1, true);
    b.value(y, "13/14", 7.30, 2, true);
    const ReconcileResult r = reconcile({a.result(), b.result()});
    EXPECT_EQ(r.model.indicators.size(), 2u);
    EXPECT_TRUE(r.report.matches.empty());
    EXPECT_TRUE(r.report.agreements.empty());  // values of unmerged indicators are not compared
    EXPECT_EQ(r.model.observations.size(), 4u);
    ASSERT_EQ(r.report.suggestions.size(), 1u);
    const MatchSuggestion& s = r.report.suggestions[0];
    EXPECT_EQ(s.first_id, x);
    EXPECT_EQ(s.second_id, y);
    // Words: adult learning disability paid employment (5) against proportion + the same (6):
    // Dice 2*5/11 = 0.909; both values agree, so the score is (0.909 + 1) / 2.
    EXPECT_NEAR(s.title_score, 0.909, 0.001);
    EXPECT_EQ(s.shared_periods, 2);
    EXPECT_EQ(s.agreeing_periods, 2);
    EXPECT_NEAR(s.score, 0.955, 0.001);
    EXPECT_NE(s.evidence.find("only in the second: proportion"), std::string::npos);
    EXPECT_TRUE(r.report.needs_attention());
}

TEST(ReconcileSuggestionTest, ConflictingValuesPullTheScoreDown) {
    SourceBuilder a("a"), b("b");
    const std::string x = a.indicator("Excess weight in 4 to 5 year olds");
    const std::string y = b.indicator("Excess weight in 10 to 11 year olds");
    a.value(x, "13/14", 20.5, 1, true);
    b.value(y, "13/14", 30.5, 1, true);
    const ReconcileResult r = reconcile({a.result(), b.result()});
    // Title likeness 2*4/12 = 0.67 alone would be suggested; no agreeing value halves it.
    EXPECT_TRUE(r.report.suggestions.empty());
    ReconcileOptions low;
    low.suggestion_threshold = 0.3;
    const ReconcileResult r2 = reconcile({a.result(), b.result()}, low);
    ASSERT_EQ(r2.report.suggestions.size(), 1u);
    EXPECT_EQ(r2.report.suggestions[0].agreeing_periods, 0);
    EXPECT_NEAR(r2.report.suggestions[0].score, 0.333, 0.001);
}

TEST(ReconcileSuggestionTest, TitlesOnOneSheetAreNotSuggested) {
    SourceBuilder a("a");
    a.indicator("Life expectancy at birth - Female");
    a.indicator("Life expectancy at birth - Male");
    const ReconcileResult r = reconcile({a.result()});
    EXPECT_TRUE(r.report.suggestions.empty());
}

// ---- values -------------------------------------------------------------------------------

TEST(ReconcileConflictTest, MoreDecimalsIsKeptThenFirstMet) {
    SourceBuilder a("a"), b("b");
    const std::string x = a.indicator("Delayed transfers of care");
    const std::string y = b.indicator("Delayed transfers of care");
    a.value(x, "16/17", 16.7, 1, false, "16.7");
    b.value(y, "16/17", 16.59, 2, false, "16.59");
    a.value(x, "15/16", 20.4, 1, false, "20.4");
    b.value(y, "15/16", 20.1, 1, false, "20.1");
    a.value(x, "14/15", 17.1, 1, false, "17.1");
    b.value(y, "14/15", 17.1, 1, false, "17.1");
    const ReconcileResult r = reconcile({a.result(), b.result()});
    ASSERT_EQ(r.report.conflicts.size(), 2u);
    ASSERT_EQ(r.report.agreements.size(), 1u);
    const ValueComparison& c1 = r.report.conflicts[0];
    EXPECT_EQ(c1.period_label, "2016/17");
    EXPECT_FALSE(c1.agree);
    EXPECT_EQ(*c1.kept.value, 16.59);  // more decimals, although source b is second
    EXPECT_EQ(c1.kept.where.file, "b.xlsx");
    EXPECT_EQ(c1.other.where.file, "a.xlsx");
    EXPECT_NE(c1.rule.find("more decimals"), std::string::npos);
    EXPECT_EQ(c1.explanation, "16.59 (2 dp) and 16.7 (1 dp) differ at 1 dp: 16.6 against 16.7");
    const ValueComparison& c2 = r.report.conflicts[1];
    EXPECT_EQ(*c2.kept.value, 20.4);  // same decimals: the first source
    EXPECT_NE(c2.rule.find("met first"), std::string::npos);
    // One observation per indicator and period in the model, with the kept values.
    ASSERT_EQ(r.model.observations.size(), 3u);
    EXPECT_EQ(*r.model.observations[0].value, 16.59);
    EXPECT_EQ(*r.model.observations[1].value, 20.4);
    for (const Observation& o : r.model.observations) EXPECT_EQ(o.indicator_id, x);
    EXPECT_TRUE(r.report.needs_attention());
}

TEST(ReconcileConflictTest, AgreementKeepsTheMorePreciseValue) {
    SourceBuilder a("a");
    // One source, one indicator read from a chart and a table: two observations per period.
    const std::string x = a.indicator("Self-directed support");
    a.value(x, "16/17", 92.4, 1, true, "92.4%");
    a.value(x, "16/17", 92, 0, true, "92%");
    const ReconcileResult r = reconcile({a.result()});
    ASSERT_EQ(r.report.agreements.size(), 1u);
    EXPECT_TRUE(r.report.conflicts.empty());
    EXPECT_EQ(r.report.agreements[0].explanation, "92.4% (1 dp) and 92% (0 dp) agree at 0 dp");
    ASSERT_EQ(r.model.observations.size(), 1u);
    EXPECT_EQ(*r.model.observations[0].value, 92.4);
    EXPECT_FALSE(r.report.needs_attention());
}

TEST(ReconcileConflictTest, FractionBesidePercentagesOfAnotherSourceIsScaled) {
    SourceBuilder a("a"), b("b");
    const std::string x = a.indicator("Older people at home 91 days after discharge");
    a.unit(x, Unit::percent);
    a.value(x, "12/13", 82.2, 1, true, "82.2%");
    const std::string y = b.indicator("Older people at home 91 days after discharge");
    b.value(y, "12/13", 0.822, 3, false, "0.822");
    const ReconcileResult r = reconcile({a.result(), b.result()});
    ASSERT_EQ(r.report.agreements.size(), 1u);
    EXPECT_NEAR(*r.report.agreements[0].other.value, 82.2, 1e-9);
    EXPECT_EQ(r.report.agreements[0].other.decimals, 1);
    EXPECT_NE(r.report.agreements[0].explanation.find("written 0.822"), std::string::npos);
}

TEST(ReconcileConflictTest, MissingValueIsNotAComparison) {
    SourceBuilder a("a"), b("b");
    const std::string x = a.indicator("Pupil absence");
    b.indicator("Pupil absence");
    Observation missing;
    missing.indicator_id = x;
    missing.period = *parse_period("12/13");
    missing.missing = MissingReason::not_available;
    missing.raw = "-";
    a.result().model.observations.push_back(missing);
    b.value(b.result().model.indicators[0].id, "12/13", 4.3, 1, true);
    const ReconcileResult r = reconcile({a.result(), b.result()});
    EXPECT_TRUE(r.report.agreements.empty());
    EXPECT_TRUE(r.report.conflicts.empty());
    ASSERT_EQ(r.model.observations.size(), 1u);
    EXPECT_EQ(*r.model.observations[0].value, 4.3);
}

TEST(ReconcileConflictTest, SeriesAreComparedSeparately) {
    SourceBuilder a("a");
    const std::string x = a.indicator("Parenting courses");
    a.value(x, "15/16", 392, 0);
    a.value(x, "15/16", 335, 0);
    a.result().model.observations[0].series = "Attended";
    a.result().model.observations[1].series = "Completed";
    const ReconcileResult r = reconcile({a.result()});
    EXPECT_TRUE(r.report.conflicts.empty());
    EXPECT_EQ(r.model.observations.size(), 2u);
}

// ---- duplicates ---------------------------------------------------------------------------

TEST(ReconcileDuplicateTest, TakenFromConversionDiagnostics) {
    SourceBuilder a("a");
    const std::string x = a.indicator("Smoking prevalence");
    a.result().diagnostics.push_back({Severity::warning,
                                      DiagnosticCode::duplicate_row,
                                      {"a.xlsx", "Data", "B31"},
                                      "Smoking prevalence",
                                      "'Smoking prevalence' repeats the title on the row above"});
    // A continued title reported part by part: resolved once, by the title in the message.
    a.indicator("Impact on the prevalence of the main diseases");
    for (const char* cell : {"B40", "B41"})
        a.result().diagnostics.push_back(
            {Severity::warning,
             DiagnosticCode::duplicate_indicator,
             {"a.xlsx", "Data", cell},
             "part",
             "'Impact on the prevalence of the main diseases' is already listed at A2; this "
             "record is not read again"});
    a.result().diagnostics.push_back({Severity::warning,
                                      DiagnosticCode::duplicate_indicator,
                                      {"a.xlsx", "Data", "C40"},
                                      "Reduction",
                                      "part of a repeated record; not read again"});
    a.result().diagnostics.push_back(
        {Severity::info, DiagnosticCode::term_corrected, {"a.xlsx", "Data", "E10"}, "ТВС", "..."});
    const ReconcileResult r = reconcile({a.result()});
    ASSERT_EQ(r.report.duplicates.size(), 2u);
    EXPECT_EQ(r.report.duplicates[0].indicator_id, x);
    EXPECT_EQ(r.report.duplicates[0].code, "duplicate_row");
    EXPECT_EQ(r.report.duplicates[0].first.cell, "A1");
    EXPECT_EQ(r.report.duplicates[0].second.cell, "B31");
    EXPECT_EQ(r.report.duplicates[1].second.cell, "B40");
    EXPECT_FALSE(r.report.needs_attention());
}

// ---- the merged model ---------------------------------------------------------------------

TEST(ReconcileModelTest, RepeatedIdsOfALaterSourceAreMadeUnique) {
    SourceBuilder a("same"), b("same");
    const std::string x = a.indicator("Pupil absence");
    b.indicator("Pupil absence");
    b.indicator("Infant mortality");
    const ReconcileResult r = reconcile({a.result(), b.result()});
    ASSERT_EQ(r.model.frameworks.size(), 2u);
    EXPECT_EQ(r.model.frameworks[0].id, "m@same");
    EXPECT_EQ(r.model.frameworks[1].id, "m@same~2");
    ASSERT_EQ(r.model.outcomes.size(), 2u);
    EXPECT_EQ(r.model.outcomes[1].id, "m@same/outcome/1~2");
    EXPECT_EQ(r.model.outcomes[1].framework_id, "m@same~2");
    ASSERT_EQ(r.model.indicators.size(), 2u);
    EXPECT_EQ(r.model.indicators[0].id, x);
    EXPECT_EQ(r.model.indicators[1].framework_id, "m@same~2");
    ASSERT_NE(match_with(r.report, x), nullptr);
    EXPECT_EQ(match_with(r.report, x)->source_ids[1], x + "~2");
    // Links point at merged indicators and renamed outcomes; none is lost.
    ASSERT_EQ(r.model.links.size(), 3u);
    EXPECT_EQ(r.model.links[1].from_id, x);
    EXPECT_EQ(r.model.links[1].to_id, "m@same/outcome/1~2");
    for (const Link& l : r.model.links) EXPECT_NE(r.model.find_indicator(l.from_id), nullptr);
}

TEST(ReconcileModelTest, InputsAreNotChanged) {
    SourceBuilder a("a"), b("b");
    a.indicator("Pupil absence");
    b.indicator("Pupil absence");
    const std::vector<ConversionResult> sources = {a.result(), b.result()};
    const std::string before = sources[1].model.indicators[0].id;
    (void)reconcile(sources);
    EXPECT_EQ(sources[1].model.indicators[0].id, before);
}

TEST(ReconcileReportTest, JsonAndTextCarryEveryPlace) {
    SourceBuilder a("a"), b("b");
    const std::string x = a.indicator("Delayed transfers of care");
    const std::string y = b.indicator("Delayed transfers of care");
    a.value(x, "16/17", 16.7, 1, false, "16.7");
    b.value(y, "16/17", 16.59, 2, false, "16.59");
    const ReconcileResult r = reconcile({a.result(), b.result()});
    const auto j = nlohmann::json::parse(reconcile_report_to_json(r.report));
    EXPECT_EQ(j["summary"]["conflicts"], 1);
    EXPECT_EQ(j["summary"]["matches"], 1);
    EXPECT_EQ(j["summary"]["source_indicators"], 2);
    EXPECT_EQ(j["summary"]["merged_indicators"], 1);
    EXPECT_EQ(j["conflicts"][0]["kept"]["where"]["file"], "b.xlsx");
    EXPECT_EQ(j["conflicts"][0]["other"]["where"]["cell"], "B1");
    EXPECT_EQ(j["matches"][0]["rule"], "title");
    const std::string text = reconcile_report_to_text(r.report);
    EXPECT_NE(text.find("Conflicts (1)"), std::string::npos);
    EXPECT_NE(text.find("b.xlsx, 'Data'!B1 \"16.59\""), std::string::npos);
    EXPECT_LT(text.find("Conflicts"), text.find("Agreements"));
}

TEST(ReconcileValuesTest, KeptValueTakesTheBenchmarkOfAnAgreeingSource) {
    SourceBuilder chart("chart"), data("data");
    const std::string a = chart.indicator("Feel safe");
    const std::string b = data.indicator("Feel safe");
    chart.value(a, "2016/17", 70, 0, true, "70%");
    data.value(b, "2016/17", 70.0, 1, true, "70.0%");
    // Only the less precise source gives England's value.
    Observation& with_benchmark = chart.result().model.observations.back();
    with_benchmark.comparator_name = "England";
    with_benchmark.comparator_value = 69.9;
    with_benchmark.comparator_cell = "B9";
    const ReconcileResult r = reconcile({chart.result(), data.result()});
    ASSERT_EQ(r.model.observations.size(), 1u);
    const Observation& kept = r.model.observations.front();
    EXPECT_EQ(kept.decimals, 1);  // the data table's value, shown with more decimals
    ASSERT_TRUE(kept.comparator_value);
    EXPECT_DOUBLE_EQ(*kept.comparator_value, 69.9);
    EXPECT_EQ(kept.comparator_name, "England");
}

// ---- breakdowns (issue 11): values agree or conflict only within one breakdown ---------------

namespace {

void last_breakdown(SourceBuilder& s, Breakdown b) {
    s.result().model.observations.back().breakdown = std::move(b);
}

}  // namespace

TEST(ReconcileBreakdownTest, ConflictInOneCategoryOnly) {
    // Two returns of one indicator by sex: Male agrees (79.1 and 79 at 0 dp), Female conflicts
    // (82.4 against 80.9), and neither is compared with the other sex or with the total.
    SourceBuilder a("a"), b("b");
    const std::string x = a.indicator("Life expectancy at birth");
    b.indicator("Life expectancy at birth");
    a.value(x, "2019", 80.5, 1);
    a.value(x, "2019", 79.1, 1);
    last_breakdown(a, {{"sex", "Male"}});
    a.value(x, "2019", 82.4, 1);
    last_breakdown(a, {{"sex", "Female"}});
    const std::string y = b.result().model.indicators.front().id;
    b.value(y, "2019", 80.5, 1);
    b.value(y, "2019", 79, 0);
    last_breakdown(b, {{"Sex", "male"}});  // the same breakdown, written otherwise
    b.value(y, "2019", 80.9, 1);
    last_breakdown(b, {{"sex", "Female"}});
    const ReconcileResult r = reconcile({a.result(), b.result()});
    ASSERT_EQ(r.model.indicators.size(), 1u);
    ASSERT_EQ(r.report.conflicts.size(), 1u);
    const ValueComparison& c = r.report.conflicts[0];
    EXPECT_EQ(c.period_label, "2019, sex=Female");
    EXPECT_EQ(c.kept.value, 82.4);
    EXPECT_EQ(c.other.value, 80.9);
    EXPECT_EQ(c.kept.breakdown, (Breakdown{{"sex", "Female"}}));
    EXPECT_EQ(r.report.agreements.size(), 2u);  // the total and Male
    // The merged model keeps one value per breakdown: total, Male, Female.
    std::size_t values = 0;
    for (const Observation& o : r.model.observations) values += o.value ? 1 : 0;
    EXPECT_EQ(values, 3u);
}

TEST(ReconcileBreakdownTest, PairOrderAndCaseDoNotMakeAnotherBreakdown) {
    EXPECT_EQ(breakdown_key({{"Sex", "Female"}, {"Age", "65+"}}),
              breakdown_key({{"age", "65+"}, {"sex", "female"}}));
    EXPECT_NE(breakdown_key({{"sex", "Female"}}), breakdown_key({{"sex", "Male"}}));
    EXPECT_EQ(breakdown_key({}), "");
    EXPECT_NE(breakdown_key({{"a b", "c"}}), breakdown_key({{"a", "b c"}}));
    EXPECT_EQ(breakdown_text({{"sex", "Female"}, {"age", "65+"}}), "sex=Female; age=65+");
}

// The Reconciler's storage stays private: a ComparisonList can be read, copied and iterated, but
// nothing outside src/reconcile can add a comparison or swap its store (concepts, so that what is
// missing or private reads as false rather than failing the build).
template <class List>
concept AddsComparisons = requires(List list) {
    list.push_back(0u, 0u);
};
template <class List>
concept SetsStore = requires(List list) {
    list.set_store(nullptr);
};
template <class List>
concept ShowsPairs = requires(List list) {
    list.pairs_;
};
template <class List>
concept ReadsComparisons = requires(const List list) {
    list.size();
    list[0];
    list.begin();
};

TEST(ReconcileReportTest, AgreementsCannotBeFilledFromOutside) {
    EXPECT_FALSE(AddsComparisons<ComparisonList>);
    EXPECT_FALSE(SetsStore<ComparisonList>);
    EXPECT_FALSE(ShowsPairs<ComparisonList>);
    EXPECT_TRUE(ReadsComparisons<ComparisonList>);
}
