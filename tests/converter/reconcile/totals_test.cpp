// Totals against their parts (converter/src/reconcile/totals.cpp): a total and the parts of one
// dimension agree within the rounding shown, differ (listed with every cell), or are incomplete;
// values that do not add up (percentages, rates) are never summed. Hand-built models, then the
// breakdown sample 007 (ASCS Eligible Population layout).
#include <gtest/gtest.h>

#include "support/samples.hpp"

#include <algorithm>

#include "kpimap/reconcile.hpp"

using namespace kpimap;

namespace {

// One workbook's model: indicators and values with breakdowns, each value in its own cell.
class Source {
public:
    explicit Source(std::string name) : file_(std::move(name) + ".xlsx") {
        Framework f;
        f.id = "m@" + file_;
        f.mapping_id = "m";
        f.where.file = file_;
        result_.model.frameworks.push_back(f);
    }

    std::string indicator(const std::string& title, Unit unit = Unit::unknown) {
        Indicator ind;
        ind.id = "m@" + file_ + "/" + std::to_string(result_.model.indicators.size() + 1);
        ind.framework_id = result_.model.frameworks.front().id;
        ind.title = title;
        ind.unit = unit;
        ind.where = {file_, "Data", "A" + std::to_string(result_.model.indicators.size() + 1)};
        result_.model.indicators.push_back(ind);
        return ind.id;
    }

    // A value shown with `decimals`, in the next cell of column B (its cell is returned).
    std::string value(const std::string& id, std::optional<double> v, int decimals,
                      Breakdown breakdown = {}, bool percent = false) {
        Observation o;
        o.indicator_id = id;
        o.period = *parse_period("2021/22");
        o.period_text = "2021/22";
        o.value = v;
        o.decimals = decimals;
        o.percent_shown = percent;
        if (!v) {
            o.missing = MissingReason::suppressed;
            o.suppressed = true;
            o.raw = "[x]";
        } else {
            o.raw = percent ? fmt_percent(*v) : format_number(*v);
        }
        o.breakdown = std::move(breakdown);
        o.where = {file_, "Data", "B" + std::to_string(++cell_)};
        result_.model.observations.push_back(o);
        return o.where.cell;
    }

    ConversionResult& result() { return result_; }

private:
    static std::string fmt_percent(double v) { return format_number(v) + "%"; }
    std::string file_;
    ConversionResult result_;
    int cell_ = 0;
};

std::vector<TotalCheck> with_status(const std::vector<TotalCheck>& checks, TotalStatus status) {
    std::vector<TotalCheck> out;
    std::copy_if(checks.begin(), checks.end(), std::back_inserter(out),
                 [&](const TotalCheck& c) { return c.status == status; });
    return out;
}

}  // namespace

TEST(TotalsTest, PartsThatSumToTheTotalAgree) {
    Source a("a");
    const std::string id = a.indicator("Adults in the eligible population");
    a.value(id, 100, 0);
    a.value(id, 40, 0, {{"sex", "Male"}});
    a.value(id, 60, 0, {{"sex", "Female"}});
    const ReconcileResult r = reconcile({a.result()});
    ASSERT_EQ(r.report.totals.size(), 1u);
    const TotalCheck& c = r.report.totals[0];
    EXPECT_EQ(c.status, TotalStatus::agrees);
    EXPECT_EQ(c.indicator_id, id);
    EXPECT_EQ(c.title, "Adults in the eligible population");
    EXPECT_EQ(c.period_label, "2021/22");
    EXPECT_EQ(c.dimension, "sex");
    EXPECT_TRUE(c.others.empty());
    EXPECT_EQ(c.sum, 100);
    EXPECT_EQ(c.difference, 0);
    EXPECT_EQ(c.tolerance, 1.5);  // three values shown to 0 dp: 0.5 each
    ASSERT_EQ(c.parts.size(), 2u);
    EXPECT_EQ(c.parts[0].category, "Male");
    EXPECT_EQ(c.parts[1].category, "Female");
    EXPECT_EQ(c.explanation, "40 + 60 = 100 against the total 100: equal");
    EXPECT_EQ(r.report.count_totals(TotalStatus::agrees), 1u);
    EXPECT_FALSE(r.report.needs_attention());
}

TEST(TotalsTest, PlantedDifferenceIsListedWithTheCellsOfTotalAndParts) {
    // The total comes from one workbook, its parts from another: the merged model holds all
    // three, and the listing names each one's file and cell.
    Source a("a"), b("b");
    const std::string x = a.indicator("Adults in the eligible population");
    const std::string y = b.indicator("Adults in the eligible population");
    const std::string total_cell = a.value(x, 100, 0);
    const std::string male_cell = b.value(y, 40, 0, {{"sex", "Male"}});
    const std::string female_cell = b.value(y, 55, 0, {{"sex", "Female"}});
    const ReconcileResult r = reconcile({a.result(), b.result()});
    ASSERT_EQ(r.report.totals.size(), 1u);
    const TotalCheck& c = r.report.totals[0];
    EXPECT_EQ(c.status, TotalStatus::differs);
    EXPECT_EQ(c.total.value, 100);
    EXPECT_EQ(c.total.where.file, "a.xlsx");
    EXPECT_EQ(c.total.where.cell, total_cell);
    EXPECT_EQ(c.sum, 95);
    EXPECT_EQ(c.difference, -5);
    ASSERT_EQ(c.parts.size(), 2u);
    EXPECT_EQ(c.parts[0].where.file, "b.xlsx");
    EXPECT_EQ(c.parts[0].where.cell, male_cell);
    EXPECT_EQ(c.parts[1].where.cell, female_cell);
    EXPECT_EQ(c.explanation,
              "40 + 55 = 95 against the total 100: 5 apart, more than the rounding shown (1.5)");
    EXPECT_TRUE(r.report.needs_attention());

    const std::string csv = totals_to_csv(r.report.totals);
    EXPECT_EQ(csv.substr(0, csv.find('\n')),
              "status,indicator_id,indicator_title,period,series,breakdown,dimension,total,"
              "total_raw,total_file,total_sheet,total_cell,parts,sum,difference,tolerance,"
              "part_cells,explanation");
    EXPECT_NE(csv.find("differs," + c.indicator_id +
                       ",Adults in the eligible population,2021/22,,,sex,100,100,a.xlsx,Data," +
                       total_cell + ",2,95,-5,1.5,\"Male=40 b.xlsx, 'Data'!" + male_cell +
                       "; Female=55 b.xlsx, 'Data'!" + female_cell + "\","),
              std::string::npos)
        << csv;
}

TEST(TotalsTest, DifferenceInOneCategoryOfOneBreakdownListsThatOneOnly) {
    // Age x sex: within 18-64, 40 + 60 = 100; within 65+, 90 + 100 = 190 against 200 (the
    // planted error); across ages, 100 + 200 = 300. The parts of 65+ are written otherwise in
    // a second workbook (case, pair order): the same breakdowns.
    Source a("a"), b("b");
    const std::string x = a.indicator("Service users");
    const std::string y = b.indicator("Service users");
    a.value(x, 300, 0);
    a.value(x, 100, 0, {{"age", "18-64"}});
    a.value(x, 200, 0, {{"age", "65+"}});
    a.value(x, 40, 0, {{"age", "18-64"}, {"sex", "Male"}});
    a.value(x, 60, 0, {{"age", "18-64"}, {"sex", "Female"}});
    b.value(y, 90, 0, {{"Sex", "male"}, {"Age", "65+"}});
    const std::string wrong = b.value(y, 100, 0, {{"sex", "Female"}, {"AGE", "65+"}});
    const ReconcileResult r = reconcile({a.result(), b.result()});
    EXPECT_EQ(r.report.totals.size(), 3u);
    EXPECT_EQ(r.report.count_totals(TotalStatus::agrees), 2u);
    const std::vector<TotalCheck> differs = with_status(r.report.totals, TotalStatus::differs);
    ASSERT_EQ(differs.size(), 1u);
    EXPECT_EQ(differs[0].dimension, "Sex");  // as the first part writes it
    EXPECT_EQ(differs[0].others, (Breakdown{{"age", "65+"}}));
    EXPECT_EQ(differs[0].total.value, 200);
    EXPECT_EQ(differs[0].sum, 190);
    ASSERT_EQ(differs[0].parts.size(), 2u);
    EXPECT_EQ(differs[0].parts[1].where.cell, wrong);
    // No sex totals across ages exist (no Male or Female without an age): nothing else checked.
    for (const TotalCheck& c : r.report.totals)
        EXPECT_TRUE(c.dimension == "age" || !c.others.empty()) << c.explanation;
}

TEST(TotalsTest, PercentagesAndRatesAreNeverSummed) {
    Source a("a");
    // Shown as percentages: 40% + 60% "against" 50% is no error.
    const std::string shown = a.indicator("Adults satisfied with their care");
    a.value(shown, 50, 0, {}, true);
    a.value(shown, 40, 0, {{"sex", "Male"}}, true);
    a.value(shown, 60, 0, {{"sex", "Female"}}, true);
    // Whole numbers without a "%", but a unit or a title that says share or rate.
    const std::string rate = a.indicator("Admissions", Unit::rate);
    const std::string proportion = a.indicator("Proportion of adults in paid employment");
    const std::string per = a.indicator("Emergency admissions per 100,000 population");
    for (const std::string& id : {rate, proportion, per}) {
        a.value(id, 50, 0);
        a.value(id, 40, 0, {{"sex", "Male"}});
        a.value(id, 60, 0, {{"sex", "Female"}});
    }
    // The same numbers as counts are checked (and differ), so the rule is what skips the others.
    const std::string count = a.indicator("Admissions per year", Unit::count);
    a.value(count, 50, 0);
    a.value(count, 40, 0, {{"sex", "Male"}});
    a.value(count, 60, 0, {{"sex", "Female"}});
    const std::vector<TotalCheck> checks = check_totals(a.result().model);
    ASSERT_EQ(checks.size(), 1u);
    EXPECT_EQ(checks[0].indicator_id, count);
    EXPECT_EQ(checks[0].status, TotalStatus::differs);
}

TEST(TotalsTest, NonWholeValuesOfUnknownUnitAreNotSummed) {
    Source a("a");
    const std::string id = a.indicator("Life expectancy at birth");
    a.value(id, 80.5, 1);
    a.value(id, 79.1, 1, {{"sex", "Male"}});
    a.value(id, 82.4, 1, {{"sex", "Female"}});
    EXPECT_TRUE(check_totals(a.result().model).empty());
}

TEST(TotalsTest, SuppressedPartMakesTheCheckIncompleteNotAConflict) {
    Source a("a");
    const std::string id = a.indicator("Service users");
    a.value(id, 100, 0);
    a.value(id, 40, 0, {{"sex", "Male"}});
    a.value(id, std::nullopt, -1, {{"sex", "Female"}});  // [x]
    const ReconcileResult r = reconcile({a.result()});
    ASSERT_EQ(r.report.totals.size(), 1u);
    const TotalCheck& c = r.report.totals[0];
    EXPECT_EQ(c.status, TotalStatus::incomplete);
    EXPECT_EQ(c.explanation,
              "Female (suppressed) has no value; the parts given sum to 40 against the total 100");
    ASSERT_EQ(c.parts.size(), 2u);
    EXPECT_FALSE(c.parts[1].value);
    EXPECT_EQ(c.parts[1].missing, MissingReason::suppressed);
    EXPECT_FALSE(r.report.needs_attention());
    const std::string csv = totals_to_csv(r.report.totals);
    EXPECT_NE(csv.find("\nincomplete,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("Female=suppressed 'Data'!B3"), std::string::npos) << csv;
}

TEST(TotalsTest, SuppressedTotalIsIncomplete) {
    Source a("a");
    const std::string id = a.indicator("Service users");
    a.value(id, std::nullopt, -1);
    a.value(id, 40, 0, {{"sex", "Male"}});
    a.value(id, 55, 0, {{"sex", "Female"}});
    const std::vector<TotalCheck> checks = check_totals(a.result().model);
    ASSERT_EQ(checks.size(), 1u);
    EXPECT_EQ(checks[0].status, TotalStatus::incomplete);
    EXPECT_EQ(checks[0].explanation, "the total has no value (suppressed); the parts sum to 95");
}

TEST(TotalsTest, CountsRoundedToOneDecimalAgreeWithinTheirRounding) {
    // Thousands of people to 1 dp: 33.3 x 3 = 99.9 against 100.0 is 0.1 apart, within 4 x 0.05.
    Source a("a");
    const std::string id = a.indicator("People supported (thousands)", Unit::count);
    a.value(id, 100.0, 1);
    for (const char* band : {"18-64", "65-84", "85+"}) a.value(id, 33.3, 1, {{"age", band}});
    // The same with one part 0.4 low: 99.6 against 100.0 is beyond 0.2.
    const std::string other = a.indicator("Carers supported (thousands)", Unit::count);
    a.value(other, 100.0, 1);
    a.value(other, 33.3, 1, {{"age", "18-64"}});
    a.value(other, 33.3, 1, {{"age", "65-84"}});
    a.value(other, 33.0, 1, {{"age", "85+"}});
    const std::vector<TotalCheck> checks = check_totals(a.result().model);
    ASSERT_EQ(checks.size(), 2u);
    EXPECT_EQ(checks[0].status, TotalStatus::agrees);
    EXPECT_DOUBLE_EQ(checks[0].tolerance, 0.2);
    EXPECT_EQ(checks[0].explanation,
              "33.3 + 33.3 + 33.3 = 99.9 against the total 100.0: 0.1 apart, within the rounding "
              "shown (0.2)");
    EXPECT_EQ(checks[1].status, TotalStatus::differs);
    EXPECT_DOUBLE_EQ(checks[1].difference, -0.4);
}

TEST(TotalsTest, WholeNumbersOfUnknownPrecisionAreExact) {
    // Written as text (decimals unknown), 40 + 61 against 100 is no rounding: it differs.
    Source a("a");
    const std::string id = a.indicator("Service users");
    a.value(id, 100, -1);
    a.value(id, 40, -1, {{"sex", "Male"}});
    a.value(id, 61, -1, {{"sex", "Female"}});
    const std::vector<TotalCheck> checks = check_totals(a.result().model);
    ASSERT_EQ(checks.size(), 1u);
    EXPECT_EQ(checks[0].tolerance, 0);
    EXPECT_EQ(checks[0].status, TotalStatus::differs);
}

TEST(TotalsTest, OnePartIsNoBreakdownAndOtherSeriesAreOtherTotals) {
    Source a("a");
    const std::string id = a.indicator("Service users");
    a.value(id, 100, 0);
    a.value(id, 100, 0, {{"sex", "Male"}});  // one category only: nothing to sum
    a.value(id, 60, 0, {{"age", "18-64"}});
    a.result().model.observations.back().series = "Community";  // parts of another series
    a.value(id, 40, 0, {{"age", "65+"}});
    a.result().model.observations.back().series = "Community";
    EXPECT_TRUE(check_totals(a.result().model).empty());
}

TEST(TotalsTest, TheBreakdownSample007HoldsNoTotals) {
    // Sample 007 (ASCS Eligible Population layout) gives every value all three of age, sex and
    // setting, and primary support reason is an indicator, not a dimension: no value is the
    // total of others, so there is nothing to check.
    const auto [workbook, mapping] =
        test_support::load_sample("007_eligible_population.xlsx", "ascs-data-return.xml");
    ConversionResult converted = convert_workbook(workbook, mapping);
    const auto broken_down =
        std::count_if(converted.model.observations.begin(), converted.model.observations.end(),
                      [](const Observation& o) { return o.breakdown.size() == 3; });
    EXPECT_EQ(broken_down, 108);
    const ReconcileResult r = reconcile({converted});
    EXPECT_TRUE(r.report.totals.empty());

    // Given a total (a sum over sex, written by hand), its parts in the sample are found: Physical
    // Support, aged 18-64, Community is Male D8 70 + Female D14 75 + Other D20 80 = 225.
    const Observation* male = nullptr;
    for (const Observation& o : converted.model.observations)
        if (o.where.cell == "D8") male = &o;
    ASSERT_NE(male, nullptr);
    for (double total : {225.0, 230.0}) {
        ConversionResult with_total = converted;
        Observation t = *male;
        std::erase_if(t.breakdown, [](const BreakdownPair& p) { return p.dimension == "sex"; });
        t.value = total;
        t.raw = format_number(total);
        t.where = {"by-hand.xlsx", "Totals", "A1"};
        with_total.model.observations.push_back(t);
        const std::vector<TotalCheck> checks = check_totals(with_total.model);
        ASSERT_EQ(checks.size(), 1u) << total;
        EXPECT_EQ(checks[0].dimension, "sex");
        EXPECT_EQ(checks[0].sum, 225);
        ASSERT_EQ(checks[0].parts.size(), 3u);
        EXPECT_EQ(checks[0].parts[0].where.cell, "D8");
        EXPECT_EQ(checks[0].parts[1].where.cell, "D14");
        EXPECT_EQ(checks[0].parts[2].where.cell, "D20");
        EXPECT_EQ(checks[0].status, total == 225 ? TotalStatus::agrees : TotalStatus::differs);
    }
}
