// write_report as a whole: the result names the sheets written and those left out, errors come
// back as codes (never exceptions), the output is reproducible byte for byte, and the parts
// kpimap finishes itself (sparklines, arrow thresholds) are in the package.
#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kpimap/report.hpp"

using namespace kpimap;
namespace fs = std::filesystem;

namespace {

Model small_model() {
    Model m;
    m.frameworks.push_back({"f", "Framework", "", "", "m", {"x.xlsx", "", ""}});
    Outcome o;
    o.id = "o1";
    o.framework_id = "f";
    o.level = "outcome";
    o.code = "1";
    o.title = "Start well";
    m.outcomes.push_back(o);
    for (const char* id : {"a", "b"}) {
        Indicator i;
        i.id = id;
        i.framework_id = "f";
        i.title = std::string("Indicator ") + id;
        i.polarity = Polarity::higher_is_better;
        m.indicators.push_back(i);
        m.links.push_back({"indicator_of", id, "o1", "", "", {}});
        for (int y = 2018; y <= 2021; ++y) {
            Observation obs;
            obs.indicator_id = id;
            obs.period = *parse_period(std::to_string(y));
            obs.value = y - 2000 + (id[0] == 'b' ? -2 * (y - 2018) : 0);
            m.observations.push_back(obs);
        }
    }
    return m;
}

std::string part(const std::string& path, const char* name) {
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &error);
    if (!z) return "";
    zip_stat_t st;
    std::string out;
    if (zip_stat(z, name, 0, &st) == 0) {
        out.resize(st.size);
        zip_file_t* f = zip_fopen(z, name, 0);
        zip_fread(f, out.data(), st.size);
        zip_fclose(f);
    }
    zip_discard(z);
    return out;
}

std::string bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST(WriteReport, WritesTheSheetsTheModelHasAndListsTheOthers) {
    const Model m = small_model();
    const StatusResult st = compute_statuses(m);
    ReportInput in;
    in.model = &m;
    in.statuses = &st;
    const fs::path dir = fs::temp_directory_path() / "kpimap-write-report-test";
    fs::create_directories(dir);
    const std::string path = (dir / "r.xlsx").string();
    const ReportResult r = write_report(path, in);
    ASSERT_TRUE(r) << r.detail;
    EXPECT_EQ(r.sheets,
              (std::vector<std::string>{"Summary", "Statuses", "Gaps", "Data", "Charts", "About"}));
    // No contributes_to links, one source, no commitments, no reconciliation.
    ASSERT_EQ(r.omitted.size(), 4u);
    EXPECT_EQ(r.omitted[0].rfind("Outcome matrix:", 0), 0u);
    EXPECT_EQ(r.omitted[1].rfind("Indicator matrix:", 0), 0u);
    EXPECT_EQ(r.omitted[2].rfind("Commitments:", 0), 0u);
    EXPECT_EQ(r.omitted[3].rfind("Reconciliation:", 0), 0u);
    const std::string statuses = part(path, "xl/worksheets/sheet2.xml");
    // Two sparklines (rows 5 and 6 hold the two indicators), in the Trend column M.
    EXPECT_NE(statuses.find("<xm:sqref>M5</xm:sqref>"), std::string::npos);
    EXPECT_NE(statuses.find("<xm:sqref>M6</xm:sqref>"), std::string::npos);
    EXPECT_NE(statuses.find("<xm:f>Statuses!P5:S5</xm:f>"), std::string::npos);
    // The arrows' thresholds are the scores themselves, not percentages of the range.
    EXPECT_NE(statuses.find("<cfvo type=\"num\" val=\"0\"/><cfvo type=\"num\" val=\"1\"/>"),
              std::string::npos);
    EXPECT_EQ(statuses.find("type=\"percent\""), std::string::npos);
    // Fixed creation time by default.
    EXPECT_NE(part(path, "docProps/core.xml").find("2026-01-01T00:00:00Z"), std::string::npos);
    // Same inputs, same bytes.
    const std::string again = (dir / "r2.xlsx").string();
    ASSERT_TRUE(write_report(again, in));
    EXPECT_TRUE(bytes(path) == bytes(again));
}

TEST(WriteReport, ReportsErrorsAsCodes) {
    ReportInput none;
    EXPECT_EQ(write_report("/tmp/never.xlsx", none).code, ReportError::missing_input);
    const Model m = small_model();
    const StatusResult st = compute_statuses(m);
    ReportInput in;
    in.model = &m;
    in.statuses = &st;
    const ReportResult r = write_report("/nonexistent-kpimap-dir/sub/r.xlsx", in);
    EXPECT_EQ(r.code, ReportError::cannot_write);
    EXPECT_NE(r.detail.find("/nonexistent-kpimap-dir/sub/r.xlsx"), std::string::npos);
    EXPECT_STREQ(report_error_name(r.code), "cannot_write");
}

TEST(WriteReport, WritesAnEmptyModel) {
    const Model m;
    const StatusResult st = compute_statuses(m);
    ReportInput in;
    in.model = &m;
    in.statuses = &st;
    const fs::path dir = fs::temp_directory_path() / "kpimap-write-report-test";
    fs::create_directories(dir);
    const std::string path = (dir / "empty.xlsx").string();
    const ReportResult r = write_report(path, in);
    ASSERT_TRUE(r) << r.detail;
    EXPECT_EQ(r.sheets, (std::vector<std::string>{"Summary", "Statuses", "Gaps", "Data", "About"}));
    // No sparklines, and the (absent) icon set needs no rewriting: the part is as written.
    EXPECT_EQ(part(path, "xl/worksheets/sheet2.xml").find("sparkline"), std::string::npos);
    EXPECT_NE(part(path, "xl/sharedStrings.xml").find("No outcome has indicators"),
              std::string::npos);
}
