// Benchmark helper: reads and converts every workbook of a folder through one mapping, folding
// each conversion into a kpimap::Reconciler and dropping it (as 'kpimap reconcile' does), then
// finishes the reconciliation and computes the statuses of the model, timing read + convert,
// fold, finish and status separately, and prints one JSON line with the timings, the peak RSS,
// the counts and a checksum. Driven by bench/reconcile_bench.py, which times this process from
// the outside. Not part of the tests.
//
// Usage: reconcile_status DIR MAPPING [--limit N]
//   DIR      folder of workbooks (*.xlsx, *.xls, *.ods, *.csv), read in file-name order
//   MAPPING  mapping file used for every workbook (as 'kpimap reconcile --mapping')
//   --limit  read only the first N workbooks
// Output: {"convert_s":..,"fold_s":..,"finish_s":..,"reconcile_s":..,"status_s":..,
//          "rss_mb_after_fold":..,...}; reconcile_s = fold_s + finish_s (reading and converting
//          the workbooks is convert_s, not in it)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kpimap/convert.hpp"
#include "kpimap/indicator_status.hpp"
#include "kpimap/mapping.hpp"
#include "kpimap/reader.hpp"
#include "kpimap/reconcile.hpp"

namespace {

namespace fs = std::filesystem;

// Peak resident set of this process so far, in MB (10^6 bytes); Linux reports KiB.
double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) * 1024.0 / 1e6;
}

// FNV-1a over strings, for an order-independent checksum (xor of per-item hashes).
std::uint64_t fnv1a(const std::string& s) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> positional;
    std::size_t limit = SIZE_MAX;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--limit" && i + 1 < argc)
            limit = std::stoul(argv[++i]);
        else
            positional.push_back(a);
    }
    if (positional.size() != 2) {
        std::cerr << "usage: reconcile_status DIR MAPPING [--limit N]\n";
        return 2;
    }
    using Clock = std::chrono::steady_clock;
    const auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };

    kpimap::MappingLoadResult loaded = kpimap::load_mapping(positional[1]);
    if (!loaded) {
        for (const kpimap::MappingError& e : loaded.errors) std::cerr << e.text() << '\n';
        return 1;
    }
    const kpimap::Mapping& mapping = *loaded.mapping;

    std::vector<std::string> files;
    for (const fs::directory_entry& e : fs::directory_iterator(positional[0])) {
        const std::string ext = e.path().extension().string();
        if (e.is_regular_file() &&
            (ext == ".xlsx" || ext == ".xls" || ext == ".ods" || ext == ".csv"))
            files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    if (files.size() > limit) files.resize(limit);
    if (files.empty()) {
        std::cerr << "reconcile_status: no workbook in " << positional[0] << '\n';
        return 1;
    }

    // Each workbook is read, converted and folded into the Reconciler, then dropped, as
    // 'kpimap reconcile' does: (a) read + convert and (b) fold are timed apart.
    using Duration = Clock::duration;
    Duration convert_time{}, fold_time{};
    kpimap::Reconciler reconciler;
    std::size_t conversion_warnings = 0, cells_seen = 0, cells_used = 0, detect_misses = 0;
    std::size_t source_indicators = 0, source_observations = 0;
    const auto t0 = Clock::now();
    for (const std::string& path : files) {
        const auto c0 = Clock::now();
        kpimap::LoadResult wb = kpimap::load_workbook(path);
        if (!wb || !wb.workbook) {
            std::cerr << "reconcile_status: " << wb.status.message() << '\n';
            return 1;
        }
        // Only the first workbook is checked against the mapping's detection rules (cheap, and
        // it catches a generator and a mapping that drifted apart).
        if (reconciler.sources() == 0) {
            const auto scores = kpimap::score_mappings(*wb.workbook, {mapping});
            if (scores.empty() || !scores.front().fits()) ++detect_misses;
        }
        kpimap::ConversionResult converted = kpimap::convert_workbook(*wb.workbook, mapping);
        wb = {};  // the workbook is not needed once converted
        conversion_warnings += converted.warnings();
        cells_seen += converted.cells_seen;
        cells_used += converted.cells_used;
        source_indicators += converted.model.indicators.size();
        source_observations += converted.model.observations.size();
        const auto c1 = Clock::now();
        reconciler.add(std::move(converted));
        const auto c2 = Clock::now();
        converted = {};  // dropping the conversion is part of having converted it
        const auto c3 = Clock::now();
        convert_time += (c1 - c0) + (c3 - c2);
        fold_time += c2 - c1;
    }
    const auto t1 = Clock::now();
    const double rss_fold = peak_rss_mb();

    // (c) Finish: identity, merging and the report.
    const auto t2 = Clock::now();
    const kpimap::ReconcileResult rec = reconciler.finish();
    const auto t3 = Clock::now();
    const double rss_reconcile = peak_rss_mb();

    // (d) Statuses of the reconciled model.
    const kpimap::StatusResult st = kpimap::compute_statuses(rec.model);
    const auto t4 = Clock::now();
    const double rss_status = peak_rss_mb();

    // Checksum: what the generator can predict (kept values, counts) plus hashes of titles and
    // statuses, so two runs or two builds can be compared.
    const kpimap::ReconcileReport& r = rec.report;
    double kept_value_sum = 0;
    std::size_t valued = 0;
    for (const kpimap::Observation& o : rec.model.observations)
        if (o.value) {
            kept_value_sum += *o.value;
            ++valued;
        }
    std::uint64_t title_hash = 0, status_hash = 0;
    for (const kpimap::Indicator& i : rec.model.indicators) title_hash ^= fnv1a(i.title);
    std::map<std::string, int> travel;
    for (const kpimap::IndicatorStatus& s : st.indicators) {
        const std::string name = kpimap::stats::travel_name(s.travel);
        ++travel[name];
        status_hash ^= fnv1a(s.indicator_id + '\n' + name + '\n' + s.travel_explanation + '\n' +
                             s.trend_label);
    }
    int wording_suggestions = 0;  // suggestions whose titles differ by more than folding
    for (const kpimap::MatchSuggestion& s : r.suggestions)
        if (s.title_score < 1.0) ++wording_suggestions;
    std::size_t notes = 0;
    for (const kpimap::IndicatorStatus& s : st.indicators) notes += s.notes.size();

    const nlohmann::json line = {
        {"peer", "kpimap"},
#ifdef KPIMAP_VERSION
        {"version", KPIMAP_VERSION},
#endif
        {"workbooks", files.size()},
        {"convert_s", seconds(convert_time)},
        {"fold_s", seconds(fold_time)},
        {"read_fold_s", seconds(t1 - t0)},
        {"finish_s", seconds(t3 - t2)},
        {"reconcile_s", seconds(fold_time + (t3 - t2))},
        {"status_s", seconds(t4 - t3)},
        {"rss_mb_after_fold", rss_fold},
        {"rss_mb_after_finish", rss_reconcile},
        {"rss_mb_after_status", rss_status},
        {"detect_misses", detect_misses},
        {"cells_seen", cells_seen},
        {"cells_used", cells_used},
        {"conversion_warnings", conversion_warnings},
        {"source_indicators", source_indicators},
        {"source_observations", source_observations},
        {"report_source_indicators", r.source_indicators},
        {"merged_indicators", r.merged_indicators},
        {"merged_observations", rec.model.observations.size()},
        {"merged_valued_observations", valued},
        {"matches", r.matches.size()},
        {"suggestions", r.suggestions.size()},
        {"wording_suggestions", wording_suggestions},
        {"agreements", r.agreements.size()},
        {"conflicts", r.conflicts.size()},
        {"duplicates", r.duplicates.size()},
        {"outcomes", rec.model.outcomes.size()},
        {"links", rec.model.links.size()},
        {"statuses", st.indicators.size()},
        {"status_notes", notes},
        {"outcome_summaries", st.outcomes.size()},
        {"travel", travel},
        {"kept_value_sum", kept_value_sum},
        {"title_hash", title_hash},
        {"status_hash", status_hash},
    };
    std::cout << line.dump() << '\n';
    return 0;
}
