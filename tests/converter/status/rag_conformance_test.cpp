// Conformance of rag_against_plan with the statuses NHS England publishes for operational
// planning (nhsengland/op_planning @30187b9, copied verbatim to shared/real/): every row of the
// balanced scorecard and of the operational priorities is recomputed from actual, plan and the
// measure lookup's directionality and thresholds, and must give the published rag_status.
#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/compat.hpp"
#include "kpimap/rag.hpp"
#include "kpimap/reader.hpp"
#include "kpimap/workbook.hpp"

namespace {

using kpimap::Rag;

const std::string kReal = std::string(KPIMAP_SHARED_DIR) + "/real/";

// One CSV file read through the core reader: a header and rows of cells.
struct Table {
    std::string path;
    std::vector<std::string> header;
    std::vector<std::vector<const kpimap::Cell*>> rows;  // one pointer per header column
    kpimap::Workbook workbook;

    std::size_t column(const std::string& name) const {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return i;
        ADD_FAILURE() << path << ": no column " << name;
        return 0;
    }
    // The text of a cell as written: text cells verbatim, numbers formatted back.
    std::string text(std::size_t row, std::size_t col) const {
        const kpimap::Cell* c = rows[row][col];
        if (c == nullptr) return "";
        if (c->type == kpimap::CellType::text) return workbook.strings[c->text];
        if (c->type == kpimap::CellType::number) {
            char buf[64];
            auto r = kpimap::detail::to_chars(buf, buf + sizeof buf, c->number);
            return std::string(buf, r.ptr);
        }
        return "?";
    }
    // A numeric cell: numbers as read; text parsed in full (the reader keeps numbers with more
    // than 15 significant digits as text); "NA" is missing. Anything else fails the test.
    std::optional<double> number(std::size_t row, std::size_t col) const {
        const kpimap::Cell* c = rows[row][col];
        if (c == nullptr) return std::nullopt;
        if (c->type == kpimap::CellType::number) return c->number;
        const std::string& t = workbook.strings[c->text];
        if (c->type == kpimap::CellType::text && t == "NA") return std::nullopt;
        if (c->type == kpimap::CellType::text && t == "Inf")
            return std::numeric_limits<double>::infinity();
        double v = 0;
        auto [end, ec] = kpimap::detail::from_chars(t.data(), t.data() + t.size(), v);
        if (c->type != kpimap::CellType::text || ec != std::errc{} || end != t.data() + t.size()) {
            ADD_FAILURE() << path << " row " << row + 2 << " column " << header[col]
                          << ": not a number: '" << t << "'";
            return std::nullopt;
        }
        return v;
    }
};

Table load(const std::string& name) {
    Table t;
    t.path = kReal + name;
    kpimap::LoadResult loaded = kpimap::load_workbook(t.path);
    if (!loaded) {
        ADD_FAILURE() << loaded.status.message();
        return t;
    }
    t.workbook = std::move(*loaded.workbook);
    const kpimap::Sheet& sheet = t.workbook.sheets.at(0);
    EXPECT_FALSE(sheet.rows.empty());
    EXPECT_EQ(sheet.rows.front().index, 0u);
    for (const kpimap::Cell& c : sheet.rows.front().cells) {
        EXPECT_EQ(c.col, t.header.size()) << "gap in the header of " << name;
        EXPECT_EQ(c.type, kpimap::CellType::text);
        t.header.push_back(t.workbook.strings[c.text]);
    }
    for (std::size_t r = 1; r < sheet.rows.size(); ++r) {
        EXPECT_EQ(sheet.rows[r].index, r) << "blank line in " << name;
        std::vector<const kpimap::Cell*> cells(t.header.size(), nullptr);
        for (const kpimap::Cell& c : sheet.rows[r].cells) {
            if (c.col < cells.size())
                cells[c.col] = &c;
            else
                ADD_FAILURE() << name << " row " << r + 1 << " has more fields than the header";
        }
        t.rows.push_back(std::move(cells));
    }
    return t;
}

// Non-empty lines after the header, counted from the raw bytes (these files quote no newlines),
// so a reader that dropped rows could not go unnoticed.
std::size_t raw_data_lines(const std::string& name) {
    std::ifstream in(kReal + name, std::ios::binary);
    EXPECT_TRUE(in) << name;
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line))
        if (!line.empty() && line != "\r") ++n;
    return n == 0 ? 0 : n - 1;
}

struct Measure {
    std::string directionality;  // "over", "under", "on" or "NA"
    std::optional<double> threshold1;
    std::optional<double> threshold2;
};

std::map<std::string, Measure> load_lookup() {
    Table t = load("nhse_op_planning_measure_lookup_final.csv");
    EXPECT_EQ(t.rows.size(), raw_data_lines("nhse_op_planning_measure_lookup_final.csv"));
    EXPECT_EQ(t.rows.size(), 184u);
    const std::size_t key = t.column("ref_key");
    const std::size_t dir = t.column("directionality");
    const std::size_t t1 = t.column("threshold1");
    const std::size_t t2 = t.column("threshold2");
    std::map<std::string, Measure> out;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const std::string k = t.text(r, key);
        EXPECT_FALSE(out.contains(k)) << "ref_key " << k << " twice in the lookup";
        out[k] = Measure{t.text(r, dir), t.number(r, t1), t.number(r, t2)};
    }
    return out;
}

struct Counts {
    std::size_t r = 0, a = 0, g = 0, na = 0;
    void add(Rag rag) {
        switch (rag) {
            case Rag::red:
                ++r;
                break;
            case Rag::amber:
                ++a;
                break;
            case Rag::green:
                ++g;
                break;
            case Rag::not_assessed:
                ++na;
                break;
        }
    }
    bool operator==(const Counts&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Counts& c) {
    return os << "R " << c.r << ", A " << c.a << ", G " << c.g << ", NA " << c.na;
}

struct Published {
    const char* file;
    const char* actual_column;
    const char* plan_column;
    std::size_t rows;
    Counts counts;
    // How the file writes percent_variance for a zero plan: "Inf" (scorecard) or "NA"
    // (operational priorities, which replace infinities with NA).
    bool zero_plan_percent_is_na;
};

void check_file(const Published& spec) {
    const std::map<std::string, Measure> lookup = load_lookup();
    const Table t = load(spec.file);
    ASSERT_FALSE(t.header.empty());
    const std::size_t c_key = t.column("ref_key");
    const std::size_t c_full = t.column("full_key");
    const std::size_t c_actual = t.column(spec.actual_column);
    const std::size_t c_plan = t.column(spec.plan_column);
    const std::size_t c_variance = t.column("variance");
    const std::size_t c_dir = t.column("directionality");
    const std::size_t c_rag = t.column("rag_status");
    const std::size_t c_pct = t.column("percent_variance");

    std::size_t checked = 0;
    Counts published;
    Counts computed;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        std::string row_text;
        for (std::size_t c = 0; c < t.header.size(); ++c) row_text += (c ? "," : "") + t.text(r, c);
        SCOPED_TRACE(std::string(spec.file) + " line " + std::to_string(r + 2) + ": " + row_text);

        const std::string key = t.text(r, c_key);
        auto m = lookup.find(key);
        ASSERT_NE(m, lookup.end()) << "ref_key " << key << " not in the measure lookup";
        // The file's own directionality column must agree with the lookup.
        EXPECT_EQ(t.text(r, c_dir), m->second.directionality);

        const std::optional<Rag> expected = kpimap::rag_from(t.text(r, c_rag));
        ASSERT_TRUE(expected.has_value()) << "rag_status '" << t.text(r, c_rag) << "'";
        published.add(*expected);

        const std::optional<double> actual = t.number(r, c_actual);
        const std::optional<double> plan = t.number(r, c_plan);
        const auto direction = kpimap::plan_direction_from(m->second.directionality);
        kpimap::RagResult got;
        if (!direction || !m->second.threshold1 || !m->second.threshold2) {
            got.rag = Rag::not_assessed;
            got.explanation = "no directionality or thresholds in the lookup";
        } else {
            got = kpimap::rag_against_plan(
                actual, plan, *direction,
                kpimap::RagThresholds{*m->second.threshold1, *m->second.threshold2});
        }
        computed.add(got.rag);
        ++checked;
        EXPECT_EQ(kpimap::rag_letter(got.rag), t.text(r, c_rag))
            << "full_key " << t.text(r, c_full) << ": " << got.explanation;

        // Variance and percent variance agree with the published columns too.
        const std::optional<double> variance = t.number(r, c_variance);
        const std::optional<double> pct = t.number(r, c_pct);
        if (actual && plan) {
            ASSERT_TRUE(variance.has_value());
            EXPECT_NEAR(got.variance, *variance, 1e-9 * std::max(1.0, std::fabs(*variance)));
            if (*plan == 0) {
                EXPECT_TRUE(std::isinf(got.percent_variance)) << got.percent_variance;
                if (spec.zero_plan_percent_is_na)
                    EXPECT_FALSE(pct.has_value());
                else
                    EXPECT_EQ(pct, std::optional<double>(got.percent_variance));
            } else {
                ASSERT_TRUE(pct.has_value());
                EXPECT_NEAR(got.percent_variance, *pct, 1e-9 * std::max(1.0, std::fabs(*pct)));
            }
        } else {
            EXPECT_FALSE(variance.has_value());
            EXPECT_FALSE(pct.has_value());
        }
    }
    // Every data row was checked: against the reader's rows, the raw lines and the known size.
    EXPECT_EQ(checked, t.rows.size());
    EXPECT_EQ(checked, raw_data_lines(spec.file));
    EXPECT_EQ(checked, spec.rows);
    EXPECT_EQ(computed, published);
    EXPECT_EQ(published, spec.counts);
}

TEST(RagConformance, BalancedScorecardMatchesEveryPublishedStatus) {
    check_file({"nhse_op_planning_balanced_scorecard_2.csv", "current_actuals", "plan", 129,
                Counts{46, 26, 38, 19}, false});
}

TEST(RagConformance, OperationalPrioritiesMatchEveryPublishedStatus) {
    check_file({"nhse_op_planning_Operational_priorities.csv", "latest_position", "goal", 198,
                Counts{99, 26, 73, 0}, true});
}

// The lookup only holds the published thresholds 0.01/0.05, so the rule is checked with them.
TEST(RagConformance, LookupThresholdsAreTheOnesTheRuleAssumes) {
    for (const auto& [key, m] : load_lookup()) {
        SCOPED_TRACE(key);
        if (m.directionality == "NA") continue;
        EXPECT_TRUE(kpimap::plan_direction_from(m.directionality).has_value());
        EXPECT_EQ(m.threshold1, std::optional<double>(0.01));
        EXPECT_EQ(m.threshold2, std::optional<double>(0.05));
    }
}

}  // namespace
