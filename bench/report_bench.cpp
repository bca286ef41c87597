// Benchmark helper: the report workbook for a generated model (N indicators × P periods), timed
// against plain libxlsxwriter writing the same cells into the same sheets in the same process.
// The plain baseline gets exactly what the report holds: the report is read back with kpimap's
// own reader and every non-empty cell (text, number; a formula's cached value as a number) is
// written to a sheet of the same name at the same place, with no formats, widths, merges,
// conditional formats, charts or sparklines. Both write with libxlsxwriter's default mode (not
// constant_memory); the plain writer is also timed with constant_memory on, for reference.
// Prints one JSON line. Driven by bench/report_bench.py. Not part of the tests.
//
// Usage: report_bench OUTDIR [--indicators N] [--periods P] [--repeat R]
#include <xlsxwriter.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kpimap/indicator_status.hpp"
#include "kpimap/reader.hpp"
#include "kpimap/report.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// A deterministic model: outcomes of 100 indicators each, values on a trend with noise, every
// fifth indicator lower-is-better, a trajectory cell (Improvement) for the latest period.
kpimap::Model make_model(int indicators, int periods) {
    using namespace kpimap;
    Model m;
    m.frameworks.push_back({"bench@gen", "Generated framework", "", "", "bench", {"gen", "", ""}});
    std::uint64_t state = 20240611;
    auto noise = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>((state >> 33) % 1000) / 1000.0 - 0.5;
    };
    const int outcomes = std::max(1, indicators / 100);
    for (int o = 0; o < outcomes; ++o) {
        Outcome out;
        out.id = "bench@gen/outcome/" + std::to_string(o + 1);
        out.framework_id = "bench@gen";
        out.level = "outcome";
        out.code = std::to_string(o + 1);
        out.title = "Generated outcome number " + std::to_string(o + 1) +
                    " for people and communities across the area";
        out.where = {"gen.xlsx", "Outcomes", "A" + std::to_string(o + 2)};
        m.outcomes.push_back(std::move(out));
    }
    std::vector<Period> period_of;
    for (int p = 0; p < periods; ++p) {
        const int y = 2023 - periods + p;
        period_of.push_back(
            *parse_period(std::to_string(y) + "/" + std::to_string((y + 1) % 100 + 100).substr(1)));
    }
    for (int i = 0; i < indicators; ++i) {
        Indicator ind;
        ind.id = "bench@gen/indicator/" + std::to_string(i + 1);
        ind.framework_id = "bench@gen";
        ind.title = "Generated indicator " + std::to_string(i + 1) +
                    ": proportion of people supported well in the community";
        ind.polarity = i % 5 == 0 ? Polarity::lower_is_better : Polarity::higher_is_better;
        ind.where = {"gen.xlsx", "Data", "A" + std::to_string(i + 2)};
        const std::string outcome_id = m.outcomes[static_cast<std::size_t>(i % outcomes)].id;
        m.links.push_back({"indicator_of", ind.id, outcome_id, "", "", ind.where});
        const double base = 20 + (i % 60), slope = noise() * 2;
        for (int p = 0; p < periods; ++p) {
            Observation o;
            o.indicator_id = ind.id;
            o.period = period_of[static_cast<std::size_t>(p)];
            o.period_text = o.period.label();
            o.value = std::round((base + slope * p + noise()) * 10) / 10;
            o.decimals = 1;
            o.raw = std::to_string(*o.value);
            o.where = {"gen.xlsx", "Data", "B" + std::to_string(i + 2)};
            m.observations.push_back(std::move(o));
        }
        Expectation e;
        e.indicator_id = ind.id;
        e.period = period_of.back();
        e.period_text = e.period.label();
        e.kind = ExpectationKind::improvement;
        e.raw = "Improvement";
        e.where = ind.where;
        m.expectations.push_back(std::move(e));
        m.indicators.push_back(std::move(ind));
    }
    return m;
}

struct PlainCell {
    lxw_row_t row;
    lxw_col_t col;
    bool text;
    double number;
    std::string value;
};
struct PlainSheet {
    std::string name;
    std::vector<PlainCell> cells;
};

// Writes the cells with nothing else; false on a libxlsxwriter error.
bool write_plain(const std::string& path, const std::vector<PlainSheet>& sheets,
                 bool constant_memory) {
    lxw_workbook_options options{};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
    for (const PlainSheet& s : sheets) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, s.name.c_str());
        for (const PlainCell& c : s.cells)
            if (c.text)
                worksheet_write_string(ws, c.row, c.col, c.value.c_str(), nullptr);
            else
                worksheet_write_number(ws, c.row, c.col, c.number, nullptr);
    }
    return workbook_close(wb) == LXW_NO_ERROR;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: report_bench OUTDIR [--indicators N] [--periods P] [--repeat R]\n";
        return 2;
    }
    const fs::path dir = argv[1];
    int indicators = 5000, periods = 10, repeat = 3;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        const int v = std::stoi(argv[i + 1]);
        if (a == "--indicators")
            indicators = v;
        else if (a == "--periods")
            periods = v;
        else if (a == "--repeat")
            repeat = std::max(1, v);
    }
    fs::create_directories(dir);
    nlohmann::json out;
    out["indicators"] = indicators;
    out["periods"] = periods;

    auto t0 = Clock::now();
    const kpimap::Model model = make_model(indicators, periods);
    out["generate_s"] = seconds_since(t0);
    t0 = Clock::now();
    const kpimap::StatusResult statuses = kpimap::compute_statuses(model);
    out["status_s"] = seconds_since(t0);

    kpimap::ReportInput input;
    input.model = &model;
    input.statuses = &statuses;
    input.sources = {{"gen.xlsx", "bench", "bench-mapping.xml"}};
    const std::string report_path = (dir / "report.xlsx").string();
    const std::string plain_path = (dir / "plain.xlsx").string();
    std::vector<double> report_s, plain_s, plain_cm_s;
    std::vector<std::string> sheets_written;
    std::vector<PlainSheet> plain;
    std::size_t cells = 0, text_cells = 0;
    // Rounds interleave the writers, so a busy machine slows them alike.
    for (int r = 0; r < repeat; ++r) {
        t0 = Clock::now();
        const kpimap::ReportResult written = kpimap::write_report(report_path, input);
        report_s.push_back(seconds_since(t0));
        if (!written) {
            std::cerr << "write_report failed: " << written.error.text() << "\n";
            return 2;
        }
        sheets_written = written.sheets;
        if (r == 0) {
            // What the report holds, read back with kpimap's reader.
            kpimap::LoadResult loaded = kpimap::load_workbook(report_path);
            if (!loaded) {
                std::cerr << "cannot read the report back: " << loaded.status.message() << "\n";
                return 2;
            }
            const kpimap::Workbook& wb = *loaded.workbook;
            for (const kpimap::Sheet& s : wb.sheets) {
                PlainSheet p{s.name, {}};
                for (const kpimap::Row& row : s.rows)
                    for (const kpimap::Cell& c : row.cells) {
                        if (c.type == kpimap::CellType::empty) continue;
                        const bool text =
                            c.type == kpimap::CellType::text || c.type == kpimap::CellType::error;
                        p.cells.push_back({row.index, static_cast<lxw_col_t>(c.col), text,
                                           text ? 0.0 : c.number,
                                           text ? std::string(wb.text(c)) : std::string()});
                        ++cells;
                        text_cells += text ? 1 : 0;
                    }
                plain.push_back(std::move(p));
            }
        }
        t0 = Clock::now();
        if (!write_plain(plain_path, plain, false)) return 2;
        plain_s.push_back(seconds_since(t0));
        t0 = Clock::now();
        if (!write_plain((dir / "plain-cm.xlsx").string(), plain, true)) return 2;
        plain_cm_s.push_back(seconds_since(t0));
    }
    out["sheets"] = sheets_written;
    out["cells"] = cells;
    out["text_cells"] = text_cells;
    out["report_bytes"] = fs::file_size(report_path);
    out["plain_bytes"] = fs::file_size(plain_path);
    out["report_s"] = report_s;
    out["plain_s"] = plain_s;
    out["plain_constant_memory_s"] = plain_cm_s;
    const double best_report = *std::min_element(report_s.begin(), report_s.end());
    const double best_plain = *std::min_element(plain_s.begin(), plain_s.end());
    out["report_best_s"] = best_report;
    out["plain_best_s"] = best_plain;
    out["plain_constant_memory_best_s"] = *std::min_element(plain_cm_s.begin(), plain_cm_s.end());
    out["ratio"] = best_report / best_plain;
    // Per round too: the spread says how much the machine's load moved the figures.
    std::vector<double> ratios;
    for (std::size_t i = 0; i < report_s.size(); ++i) ratios.push_back(report_s[i] / plain_s[i]);
    std::sort(ratios.begin(), ratios.end());
    out["round_ratios_sorted"] = ratios;
    out["median_round_ratio"] = ratios[ratios.size() / 2];
    std::cout << out.dump() << "\n";
    return 0;
}
