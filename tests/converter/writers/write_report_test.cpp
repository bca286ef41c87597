// write_report as a whole: the result names the sheets written and those left out, errors come
// back as codes (never exceptions), the output is reproducible byte for byte, and the parts
// kpimap finishes itself (sparklines, arrow thresholds) are in the package.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <zip.h>

#include <algorithm>
#include <csignal>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kpimap/report.hpp"
#include "support/temp_path.hpp"
#include "support/xlsx_builder.hpp"

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

// Files in `dir`, for checking that nothing new was left there.
std::vector<std::string> listing(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
}

void write_file(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

// A fresh, empty folder for one test.
fs::path fresh_dir(const std::string& name) {
    const fs::path dir = test_support::unique_temp_path("write-report-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const int n = c < 0x80         ? 1
                      : (c >> 5) == 6  ? 2
                      : (c >> 4) == 14 ? 3
                      : (c >> 3) == 30 ? 4
                                       : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (int k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
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
    const test_support::TempDir dir;
    const std::string path = dir.file("r.xlsx");
    const ReportResult r = write_report(path, in);
    ASSERT_TRUE(r) << r.error.text();
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
    EXPECT_NE(statuses.find("<xm:f>Statuses!S5:V5</xm:f>"), std::string::npos);
    // The arrows' thresholds are the scores themselves, not percentages of the range.
    EXPECT_NE(statuses.find("<cfvo type=\"num\" val=\"0\"/><cfvo type=\"num\" val=\"1\"/>"),
              std::string::npos);
    EXPECT_EQ(statuses.find("type=\"percent\""), std::string::npos);
    // Fixed creation time by default.
    EXPECT_NE(part(path, "docProps/core.xml").find("2026-01-01T00:00:00Z"), std::string::npos);
    // Same inputs, same bytes.
    const std::string again = dir.file("r2.xlsx");
    ASSERT_TRUE(write_report(again, in));
    EXPECT_TRUE(bytes(path) == bytes(again));
}

TEST(WriteReport, DrawsAtMostMaxChartsAndSaysHowManyMoreThereWere) {
    const Model m = small_model();  // two indicators with four values each
    const StatusResult st = compute_statuses(m);
    ReportInput in;
    in.model = &m;
    in.statuses = &st;
    ReportOptions options;
    options.chart_indicators = {"a", "b"};  // a chart each
    options.max_charts = 1;
    const test_support::TempDir dir;
    ReportResult r = write_report(dir.file("one.xlsx"), in, options);
    ASSERT_TRUE(r);
    EXPECT_NE(
        std::find(r.omitted.begin(), r.omitted.end(),
                  "Charts: 1 more chart (at most 1; pick indicators with --chart-indicators)"),
        r.omitted.end());
    options.max_charts = 0;
    r = write_report(dir.file("none.xlsx"), in, options);
    ASSERT_TRUE(r);
    EXPECT_NE(
        std::find(r.omitted.begin(), r.omitted.end(),
                  "Charts: 2 more charts (at most 0; pick indicators with --chart-indicators)"),
        r.omitted.end());
    EXPECT_EQ(std::find(r.sheets.begin(), r.sheets.end(), "Charts"), r.sheets.end());
}

// Sheets inserted into a team's own workbook (the add-in) carry kpimap's prefix; every reference
// to a sheet (chart series, sparklines) quotes the prefixed name.
TEST(WriteReport, PutsTheSheetPrefixBeforeEverySheetName) {
    const Model m = small_model();
    const StatusResult st = compute_statuses(m);
    ReportInput in;
    in.model = &m;
    in.statuses = &st;
    ReportOptions options;
    options.sheet_prefix = "kpimap ";
    const test_support::TempDir dir;
    const std::string path = dir.file("prefixed.xlsx");
    const ReportResult r = write_report(path, in, options);
    ASSERT_TRUE(r) << r.error.text();
    EXPECT_EQ(r.sheets,
              (std::vector<std::string>{"kpimap Summary", "kpimap Statuses", "kpimap Gaps",
                                        "kpimap Data", "kpimap Charts", "kpimap About"}));
    EXPECT_NE(part(path, "xl/workbook.xml").find("name=\"kpimap Charts\""), std::string::npos);
    EXPECT_NE(part(path, "xl/worksheets/sheet2.xml").find("<xm:f>'kpimap Statuses'!S5:V5</xm:f>"),
              std::string::npos);
    EXPECT_NE(part(path, "xl/charts/chart1.xml").find("<c:f>'kpimap Charts'!$A$"),
              std::string::npos);
    // What Excel's sheet names cannot hold is refused, not written into a broken workbook.
    for (const char* bad : {"a/b ", "[x]", "it's ", "a prefix far too long "}) {
        options.sheet_prefix = bad;
        EXPECT_EQ(write_report(dir.file("bad.xlsx"), in, options).error.code,
                  ErrorCode::report_failed)
            << bad;
    }
}

TEST(WriteReport, ReportsErrorsAsCodes) {
    ReportInput none;
    EXPECT_EQ(write_report("/tmp/never.xlsx", none).error.code, ErrorCode::report_failed);
    const Model m = small_model();
    const StatusResult st = compute_statuses(m);
    ReportInput in;
    in.model = &m;
    in.statuses = &st;
    const ReportResult r = write_report("/nonexistent-kpimap-dir/sub/r.xlsx", in);
    EXPECT_EQ(r.error.code, ErrorCode::output_failed);
    EXPECT_NE(r.error.text().find("/nonexistent-kpimap-dir/sub/r.xlsx"), std::string::npos);
    EXPECT_STREQ(error_code_name(r.error.code), "output_failed");
}

TEST(WriteReport, WritesAnEmptyModel) {
    const Model m;
    const StatusResult st = compute_statuses(m);
    ReportInput in;
    in.model = &m;
    in.statuses = &st;
    const test_support::TempDir dir;
    const std::string path = dir.file("empty.xlsx");
    const ReportResult r = write_report(path, in);
    ASSERT_TRUE(r) << r.error.text();
    EXPECT_EQ(r.sheets, (std::vector<std::string>{"Summary", "Statuses", "Gaps", "Data", "About"}));
    // No sparklines, and the (absent) icon set needs no rewriting: the part is as written.
    EXPECT_EQ(part(path, "xl/worksheets/sheet2.xml").find("sparkline"), std::string::npos);
    EXPECT_NE(part(path, "xl/sharedStrings.xml").find("No outcome has indicators"),
              std::string::npos);
}

TEST(WriteReport, RefusesToOverwriteAFileItReads) {
    const Model m = small_model();
    const StatusResult st = compute_statuses(m);
    const fs::path dir = fresh_dir("same");
    write_file(dir / "team.xlsx", "the team's workbook");
    write_file(dir / "crosswalk.csv", "a,b");
    ReportInput in;
    in.model = &m;
    in.statuses = &st;
    in.sources.push_back({(dir / "team.xlsx").string(), "m", ""});
    // The same file by another name, and the crosswalk.
    fs::create_symlink(dir / "team.xlsx", dir / "link.xlsx");
    for (const fs::path& out : {dir / "team.xlsx", dir / "." / "team.xlsx", dir / "link.xlsx"}) {
        const ReportResult r = write_report(out.string(), in);
        EXPECT_EQ(r.error.code, ErrorCode::output_is_input) << out;
        EXPECT_NE(r.error.text().find("team.xlsx"), std::string::npos) << r.error.text();
        EXPECT_NE(r.error.text().find("another file"), std::string::npos) << r.error.text();
    }
    EXPECT_EQ(bytes(dir / "team.xlsx"), "the team's workbook");
    in.crosswalk_path = (dir / "crosswalk.csv").string();
    EXPECT_EQ(write_report((dir / "crosswalk.csv").string(), in).error.code,
              ErrorCode::output_is_input);
    EXPECT_EQ(bytes(dir / "crosswalk.csv"), "a,b");
    // A source that does not exist yet is compared by its path.
    in.sources.push_back({(dir / "sub" / ".." / "new.xlsx").string(), "", ""});
    EXPECT_EQ(write_report((dir / "new.xlsx").string(), in).error.code, ErrorCode::output_is_input);
    EXPECT_STREQ(error_code_name(ErrorCode::output_is_input), "output_is_input");
    // Another file in the same folder is fine.
    EXPECT_TRUE(write_report((dir / "report.xlsx").string(), in));
}

TEST(WriteReport, ReplacesAnExistingFileOnlyWhenComplete) {
    const Model m = small_model();
    const StatusResult st = compute_statuses(m);
    ReportInput in;
    in.model = &m;
    in.statuses = &st;
    const fs::path dir = fresh_dir("atomic");
    const fs::path out = dir / "r.xlsx";
    write_file(out, "an older report");
    ASSERT_TRUE(write_report(out.string(), in));
    EXPECT_EQ(bytes(out).substr(0, 2), "PK");
    EXPECT_NE(part(out.string(), "xl/worksheets/sheet2.xml").find("x14:sparkline"),
              std::string::npos);
    EXPECT_EQ(listing(dir), (std::vector<std::string>{"r.xlsx"}));  // no temporary left
}

TEST(WriteReport, LeavesNothingNewAndAnExistingFileUntouchedOnFailure) {
    const Model m = small_model();
    const StatusResult st = compute_statuses(m);
    ReportInput in;
    in.model = &m;
    in.statuses = &st;
    // The output is a folder: everything is written, then the rename onto it fails.
    const fs::path dir = fresh_dir("fail");
    fs::create_directories(dir / "r.xlsx" / "inside");
    ReportResult r = write_report((dir / "r.xlsx").string(), in);
    EXPECT_EQ(r.error.code, ErrorCode::output_failed);
    EXPECT_NE(r.error.text().find("r.xlsx"), std::string::npos);
    EXPECT_EQ(listing(dir), (std::vector<std::string>{"r.xlsx"}));
    EXPECT_EQ(listing(dir / "r.xlsx"), (std::vector<std::string>{"inside"}));
    // An existing file and a write that fails half way: files may not grow past 2 KB (root
    // ignores folder permissions, not this limit); an xlsx package is larger.
    fs::remove_all(dir / "r.xlsx");
#ifdef __EMSCRIPTEN__
    GTEST_SKIP() << "the half-way failure needs RLIMIT_FSIZE, which emscripten's setrlimit ignores";
#endif
    write_file(dir / "r.xlsx", "an older report");
    rlimit old{};
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
    auto* previous = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = 2048;
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
    r = write_report((dir / "r.xlsx").string(), in);
    setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, previous);
    EXPECT_FALSE(r) << error_code_name(r.error.code);  // which code depends on where it stopped
    EXPECT_NE(r.error.text().find("r.xlsx"), std::string::npos) << r.error.text();
    EXPECT_EQ(bytes(dir / "r.xlsx"), "an older report");
    EXPECT_EQ(listing(dir), (std::vector<std::string>{"r.xlsx"}));
}

TEST(WriteReport, CutsTooLongTextsOnACharacterBoundaryAndSaysSo) {
    Model m = small_model();
    // 12,000 three-byte characters (36,000 bytes): the 32,767-byte limit falls inside one.
    std::string long_title;
    for (int i = 0; i < 12000; ++i) long_title += "\u20ac";
    m.outcomes[0].title = long_title;
    m.indicators[0].title = long_title;
    const StatusResult st = compute_statuses(m);
    ReportInput in;
    in.model = &m;
    in.statuses = &st;
    in.crosswalk_path = "crosswalk.csv";
    in.travel_tolerance = 0.05;
    const fs::path dir = fresh_dir("long");
    const std::string path = (dir / "r.xlsx").string();
    const ReportResult r = write_report(path, in);
    ASSERT_TRUE(r) << r.error.text();
    const std::string strings = part(path, "xl/sharedStrings.xml");
    ASSERT_FALSE(strings.empty());
    EXPECT_TRUE(valid_utf8(strings));
    // 32,767 / 3 = 10,922 whole characters kept.
    std::string kept;
    for (int i = 0; i < 10922; ++i) kept += "\u20ac";
    EXPECT_NE(strings.find(">" + kept + "<"), std::string::npos);
    for (const char* name : {"xl/charts/chart1.xml", "xl/worksheets/sheet1.xml"})
        EXPECT_TRUE(valid_utf8(part(path, name))) << name;
    // Each cut is named with its sheet and cell: the outcome on Summary (put) and the chart
    // heading on Charts (merged), the indicator on Statuses.
    std::vector<std::string> cuts;
    for (const std::string& o : r.omitted)
        if (o.find("cut to") != std::string::npos) cuts.push_back(o);
    auto named = [&](const char* where) {
        return std::any_of(cuts.begin(), cuts.end(),
                           [&](const std::string& c) { return c.rfind(where, 0) == 0; });
    };
    // The outcome's label "1 €€..." keeps 10,923 characters; one note per sheet.
    EXPECT_TRUE(named("Summary!B5: a text of 12000 characters was cut to its first 10922 "))
        << ::testing::PrintToString(cuts);
    // Statuses: the outcome of both rows (A5, A6) and indicator a (B5).
    EXPECT_TRUE(named("Statuses!A5 and 2 other cells: texts of up to 12002 characters"))
        << ::testing::PrintToString(cuts);
    EXPECT_TRUE(named("Data!A5 and 3 other cells: texts of up to 12000 characters"))
        << ::testing::PrintToString(cuts);
    EXPECT_TRUE(named("Charts!A4 and 1 other cell")) << ::testing::PrintToString(cuts);
    EXPECT_EQ(cuts.size(), 4u) << ::testing::PrintToString(cuts);
    // ... and listed on About, with the tolerance and the crosswalk.
    EXPECT_NE(strings.find("Summary!B5: a text of 12000 characters"), std::string::npos);
    EXPECT_NE(strings.find("5% relative change"), std::string::npos);
    EXPECT_NE(strings.find("crosswalk.csv (confirmed identities"), std::string::npos);
    // Charts keep a line through periods a series has no value for.
    EXPECT_NE(part(path, "xl/charts/chart1.xml").find("<c:dispBlanksAs val=\"span\"/>"),
              std::string::npos);
}
