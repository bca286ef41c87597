// The streaming Reconciler (one conversion folded in at a time, then dropped) against the vector
// reconcile(): the same model and report, byte for byte, on the samples and on a generated set;
// agreements read back from the compact list keep both provenances, checked against the input
// observations themselves.
#include <gtest/gtest.h>

#include "support/samples.hpp"

#include <cmath>
#include <map>
#include <random>
#include <sstream>
#include <tuple>

#include "kpimap/model_io.hpp"
#include "kpimap/reconcile.hpp"

using namespace kpimap;

namespace {

ConversionResult convert_sample(const std::string& sample, const std::string& mapping_file) {
    const auto [workbook, mapping] = test_support::load_sample(sample, mapping_file);
    return convert_workbook(workbook, mapping);
}

std::vector<ConversionResult> samples() {
    std::vector<ConversionResult> s;
    s.push_back(convert_sample("001_outcomes_report.xlsx", "hwb-outcomes-report.xml"));
    s.push_back(convert_sample("001_data_section.csv", "hwb-data-section.xml"));
    s.push_back(convert_sample("000_trajectory_grid.xlsx", "icp-trajectory-grid.xml"));
    s.push_back(convert_sample("000_trajectory_grid.ods", "icp-trajectory-grid.xml"));
    s.push_back(convert_sample("002_dashboard.xlsx", "jhws-dashboard.xml"));
    s.push_back(convert_sample("003_outcomes_framework.xlsx", "icp-outcomes-framework.xml"));
    s.push_back(convert_sample("004_mh_pmf_matrix.xlsx", "mh-pmf-matrix.xml"));
    return s;
}

std::string fmt_value(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

// A deterministic generated set: `n` sources sharing a pool of titles, values shown at different
// precisions, as percentages or as fractions, some missing, some differing (conflicts), one
// title in another case, one source with two indicators of one id, an observation whose
// indicator its source lacks, a comparator, counts and a second series.
std::vector<ConversionResult> generated(int n) {
    std::mt19937 rng(20240611);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const std::vector<std::string> periods = {"2013/14", "2014/15", "2015/16", "2016/17"};
    std::vector<ConversionResult> out;
    for (int s = 0; s < n; ++s) {
        ConversionResult r;
        const std::string file = "gen" + std::to_string(s) + ".xlsx";
        Framework f;
        f.id = "gen@" + std::to_string(s % 3);  // repeats: later ones get "~N"
        f.where.file = file;
        r.model.frameworks.push_back(f);
        Outcome o;
        o.id = f.id + "/outcome";
        o.framework_id = f.id;
        o.title = "Section";
        r.model.outcomes.push_back(o);
        for (int t = 0; t < 12; ++t) {
            if (pick(0, 5) == 0) continue;  // not every source has every title
            Indicator ind;
            ind.id = "ind" + std::to_string(t);
            ind.framework_id = f.id;
            ind.title = "Indicator number " + std::to_string(t);
            if (t == 3 && s % 2 == 1) ind.title = "INDICATOR NUMBER 3.";  // merged by title
            ind.unit = t % 3 == 0 ? Unit::percent : Unit::unknown;
            ind.where = {file, "Data", "A" + std::to_string(t + 2)};
            r.model.indicators.push_back(ind);
            r.model.links.push_back({"indicator_of", ind.id, o.id, "", "", ind.where});
            for (std::size_t p = 0; p < periods.size(); ++p) {
                Observation ob;
                ob.indicator_id = ind.id;
                ob.period = *parse_period(periods[p]);
                ob.period_text = periods[p];
                ob.where = {file, "Data",
                            std::string(1, static_cast<char>('B' + p)) + std::to_string(t + 2)};
                const double truth = 10 + t * 3.7 + static_cast<double>(p) * 1.13;
                if (pick(0, 9) == 0) {
                    ob.missing = MissingReason::not_available;
                    ob.raw = "-";
                } else {
                    ob.decimals = pick(0, 2);
                    double v =
                        std::round(truth * std::pow(10, ob.decimals)) / std::pow(10, ob.decimals);
                    if (pick(0, 40) == 0) v += 5;  // a conflict
                    if (t % 3 == 1 && pick(0, 3) == 0) {
                        ob.percent_shown = true;  // makes the indicator a percentage
                        ob.raw = fmt_value(v) + "%";
                        ob.value = v;
                    } else if (t % 3 == 1 && pick(0, 2) == 0) {
                        ob.value = std::round(v * 10) / 1000;  // a fraction, 0.xyz
                        ob.decimals = 3;
                        ob.raw = fmt_value(*ob.value);
                    } else {
                        ob.value = v;
                        ob.raw = fmt_value(v);
                    }
                    if (t == 5 && pick(0, 1) == 0) {
                        ob.comparator_name = "England";
                        ob.comparator_value = truth + 1;
                        ob.comparator_cell = "Z" + std::to_string(t + 2);
                    }
                    if (t == 6) {
                        ob.count = 40 + p;
                        ob.denominator = 400;
                    }
                }
                r.model.observations.push_back(ob);
                if (t == 7) {  // a second series
                    ob.series = "Attended";
                    ob.where.sheet = "Other";
                    r.model.observations.push_back(ob);
                }
            }
        }
        if (s == 2) {  // two indicators with one id, and a value for an id with no indicator
            Indicator twin = r.model.indicators.front();
            twin.title = "A twin with the same id";
            twin.where.cell = "A40";
            r.model.indicators.push_back(twin);
            Observation orphan = r.model.observations.front();
            orphan.indicator_id = "no-such-indicator";
            orphan.where.cell = "Q1";
            r.model.observations.push_back(orphan);
        }
        out.push_back(std::move(r));
    }
    return out;
}

ReconcileResult streamed(std::vector<ConversionResult> sources, const ReconcileOptions& options) {
    Reconciler reconciler(options);
    for (ConversionResult& s : sources) {
        reconciler.add(std::move(s));
        s = ConversionResult{};  // dropped after folding, as the command line does
    }
    sources.clear();  // nothing of the conversions is left
    return reconciler.finish();
}

void expect_same(const ReconcileResult& a, const ReconcileResult& b) {
    EXPECT_EQ(model_to_json(a.model), model_to_json(b.model));
    EXPECT_EQ(observations_to_csv(a.model), observations_to_csv(b.model));
    EXPECT_EQ(reconcile_report_to_json(a.report), reconcile_report_to_json(b.report));
    EXPECT_EQ(reconcile_report_to_text(a.report), reconcile_report_to_text(b.report));
    EXPECT_EQ(a.report.agreements.size(), b.report.agreements.size());
}

// Every agreement's two sides are observations of the inputs: found by file, sheet and cell,
// with the same text, and the same value unless the fraction was read as a percentage.
void expect_agreements_traceable(const std::vector<ConversionResult>& inputs,
                                 const ReconcileReport& report) {
    std::multimap<std::tuple<std::string, std::string, std::string, std::string>,
                  const Observation*>
        by_place;
    for (const ConversionResult& r : inputs)
        for (const Observation& o : r.model.observations)
            by_place.emplace(std::tuple(o.where.file, o.where.sheet, o.where.cell, o.series), &o);
    std::size_t checked = 0;
    for (const ValueComparison& c : report.agreements) {
        EXPECT_TRUE(c.agree);
        EXPECT_FALSE(c.merged_id.empty());
        EXPECT_FALSE(c.period_label.empty());
        for (const ComparedValue* side : {&c.kept, &c.other}) {
            ASSERT_FALSE(side->where.file.empty());
            ASSERT_FALSE(side->where.sheet.empty());
            ASSERT_FALSE(side->where.cell.empty());
            ASSERT_TRUE(side->value.has_value());
            const auto [from, to] = by_place.equal_range(
                std::tuple(side->where.file, side->where.sheet, side->where.cell, side->series));
            bool found = false;
            for (auto it = from; it != to && !found; ++it) {
                const Observation& o = *it->second;
                if (o.raw != side->raw || o.period_text != side->period_text || !o.value) continue;
                const bool scaled =
                    c.explanation.find("(written " + o.raw + ")") != std::string::npos;
                found =
                    std::fabs(*side->value - *o.value) < 1e-9 ||
                    (scaled && !o.percent_shown && std::fabs(*side->value - *o.value * 100) < 1e-6);
            }
            EXPECT_TRUE(found) << "no input observation at " << provenance_text(side->where)
                               << " with text '" << side->raw << "'";
        }
        ++checked;
    }
    EXPECT_EQ(checked, report.agreements.size());
}

}  // namespace

TEST(ReconcileStreamTest, SamplesGiveTheSameModelAndReportAsTheVectorApi) {
    const std::vector<ConversionResult> inputs = samples();
    const ReconcileResult whole = reconcile(inputs);
    const ReconcileResult stream = streamed(samples(), {});
    expect_same(whole, stream);
    // At least the 178 agreements of seed 001's two files (reconcile_samples_test.cpp derives
    // them by hand); every one traceable to its two input cells.
    EXPECT_GE(stream.report.agreements.size(), 178u);
    expect_agreements_traceable(inputs, stream.report);
}

TEST(ReconcileStreamTest, GeneratedSetGivesTheSameModelAndReportAsTheVectorApi) {
    const std::vector<ConversionResult> inputs = generated(9);
    ReconcileOptions options;
    options.suggestion_threshold = 0.5;
    const ReconcileResult whole = reconcile(inputs, options);
    const ReconcileResult stream = streamed(generated(9), options);
    expect_same(whole, stream);
    expect_agreements_traceable(inputs, stream.report);
    // Independent count: per title key and period (and series), the valued observations of
    // the merged indicators, minus one kept per slot, are the comparisons.
    std::map<std::string, int> valued;
    for (const ConversionResult& r : inputs)
        for (const Observation& o : r.model.observations) {
            // Of two indicators sharing an id, the values go with the one merged last, here the
            // twin (its own group, formed after the first's): the last with the id.
            const Indicator* ind = nullptr;
            for (const Indicator& i : r.model.indicators)
                if (i.id == o.indicator_id) ind = &i;
            if (!o.value || ind == nullptr) continue;
            std::string title = ind->title;
            for (char& ch : title)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (!title.empty() && title.back() == '.') title.pop_back();
            ++valued[title + '\n' + o.period_text + '\n' + o.series];
        }
    // The value whose indicator its source lacks has a slot of its own: no comparison.
    std::size_t comparisons = 0;
    for (const auto& [slot, count] : valued) comparisons += static_cast<std::size_t>(count - 1);
    EXPECT_EQ(stream.report.agreements.size() + stream.report.conflicts.size(), comparisons);
    EXPECT_FALSE(stream.report.conflicts.empty());
    // The fractions of indicator 1 were read as percentages beside the others' percentages.
    bool scaled = false;
    for (const ValueComparison& c : stream.report.agreements)
        scaled = scaled || c.explanation.find("(written 0.") != std::string::npos;
    EXPECT_TRUE(scaled);
}

TEST(ReconcileStreamTest, ReportOutlivesTheReconcilerAndFinishStartsAfresh) {
    ReconcileResult first;
    Reconciler reconciler;
    {
        std::vector<ConversionResult> inputs = generated(4);
        for (ConversionResult& s : inputs) reconciler.add(std::move(s));
        EXPECT_EQ(reconciler.sources(), 4u);
        first = reconciler.finish();
    }
    EXPECT_EQ(reconciler.sources(), 0u);
    // The same sources again through the emptied reconciler give the same result.
    for (const ConversionResult& s : generated(4)) reconciler.add(s);
    const ReconcileResult second = reconciler.finish();
    {
        Reconciler gone;  // a report copied out of a reconciler destroyed since
        for (const ConversionResult& s : generated(4)) gone.add(s);
        const ReconcileResult third = gone.finish();
        ReconcileReport copy = third.report;
        first.report = copy;
    }
    expect_same(first, second);
    ASSERT_FALSE(first.report.agreements.empty());
    const ValueComparison c = first.report.agreements[first.report.agreements.size() - 1];
    EXPECT_FALSE(c.kept.where.file.empty());
    EXPECT_FALSE(c.explanation.empty());
}

TEST(ReconcileStreamTest, NoSourcesGiveAnEmptyResult) {
    Reconciler reconciler;
    const ReconcileResult r = reconciler.finish();
    EXPECT_TRUE(r.model.indicators.empty());
    EXPECT_TRUE(r.report.agreements.empty());
    EXPECT_EQ(r.report.agreements.begin(), r.report.agreements.end());
    EXPECT_EQ(r.report.sources, 0u);
}
