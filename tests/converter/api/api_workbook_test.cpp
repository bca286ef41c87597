// The api's workbook functions that read and convert (src/api/api_workbook.cpp): checkWorkbook
// answers diagnostics.json with the mapping, and api_convert gives byte for byte what
// `kpimap convert` and `kpimap status` write for the samples (their golden files in tests/cli).
#include <gtest/gtest.h>

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "api_test_support.hpp"
#include "kpimap/api.hpp"

using namespace kpimap;
using api_test::error_code;
using api_test::error_message;
using api_test::Json;
using api_test::ok;
using api_test::repo_context;
using api_test::repo_file;

namespace {

std::string request(const std::string& file_name, const Json& mapping_xml = nullptr) {
    return Json{{"file_name", file_name}, {"mapping_xml", mapping_xml}}.dump();
}

// The entries of `dir` (the api's temporary folders, when it is the temporary directory).
std::size_t entries_in(const std::filesystem::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
    return n;
}

// TMPDIR pointed at a fresh folder of this test's own while it lives: ctest runs other tests'
// processes beside this one, and their temporary folders in /tmp come and go meanwhile.
class PrivateTmpdir {
public:
    PrivateTmpdir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "kpimap-api-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        dir_ = pattern;
        if (const char* old = std::getenv("TMPDIR")) old_ = old;
        ::setenv("TMPDIR", dir_.c_str(), 1);
    }
    ~PrivateTmpdir() {
        if (old_)
            ::setenv("TMPDIR", old_->c_str(), 1);
        else
            ::unsetenv("TMPDIR");
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    PrivateTmpdir(const PrivateTmpdir&) = delete;
    PrivateTmpdir& operator=(const PrivateTmpdir&) = delete;
    const std::filesystem::path& path() const { return dir_; }

private:
    std::filesystem::path dir_;
    std::optional<std::string> old_;
};

}  // namespace

TEST(ApiWorkbook, CheckWorkbookGivesTheMappingDetectedAndDiagnosticsJson) {
    const std::string bytes = repo_file("samples/000_trajectory_grid.xlsx");
    const Json r =
        ok(api_check_workbook(repo_context(), bytes, request("000_trajectory_grid.xlsx")));
    EXPECT_EQ(r["mapping"], Json::parse(R"({"id": "icp-trajectory-grid",
                                           "file": "icp-trajectory-grid.xml"})"));
    EXPECT_EQ(r["cells"], Json::parse(R"({"seen": 454, "used": 452, "not_used": 2})"));
    EXPECT_EQ(r["warnings"]["total"], 1);
    ASSERT_FALSE(r["diagnostics"].empty());
    const Json& d = r["diagnostics"][0];
    EXPECT_EQ(d["severity"], "info");
    EXPECT_EQ(d["code"], "continuation_joined");
    // Provenance names the workbook as the request does, never the temporary file.
    EXPECT_EQ(d["where"]["file"], "000_trajectory_grid.xlsx");
    EXPECT_EQ(d["where"]["sheet"], "Outcomes Trajectory");
    EXPECT_EQ(d["where"]["cell"], "C12");
}

TEST(ApiWorkbook, AGivenMappingIsUsedWithoutDetection) {
    const std::string bytes = repo_file("samples/000_trajectory_grid.xlsx");
    // The matrix mapping does not fit this workbook: as with --mapping, it is used anyway and the
    // diagnostics say it fits poorly.
    const Json r = ok(api_check_workbook(
        repo_context(), bytes, request("000.xlsx", repo_file("mappings/mh-pmf-matrix.xml"))));
    EXPECT_EQ(r["mapping"]["id"], "mh-pmf-matrix");
    EXPECT_TRUE(r["mapping"]["file"].is_null());
    bool poor_fit = false;
    for (const Json& d : r["diagnostics"]) poor_fit = poor_fit || d["code"] == "poor_fit";
    EXPECT_TRUE(poor_fit);
}

TEST(ApiWorkbook, RefusesWhatItCannotReadOrMap) {
    const ApiContext context = repo_context();
    const std::string xlsx = repo_file("samples/000_trajectory_grid.xlsx");
    // Text named .xlsx: unreadable, and the message names the file as given.
    const std::string text = api_check_workbook(context, "hello", request("Book1.xlsx"));
    EXPECT_EQ(error_code(text), "unreadable");
    EXPECT_NE(error_message(text).find("Book1.xlsx"), std::string::npos) << text;
    EXPECT_EQ(error_message(text).find("kpimap-api-"), std::string::npos) << text;
    EXPECT_EQ(error_code(api_check_workbook(context, "", request("Book1.xlsx"))), "unreadable");
    EXPECT_EQ(error_code(api_check_workbook(context, xlsx.substr(0, 2000), request("a.xlsx"))),
              "unreadable");
    // A CSV no bundled mapping describes.
    const std::string none = api_check_workbook(context, "a,b\n1,2\n", request("odd.csv"));
    EXPECT_EQ(error_code(none), "no_mapping_fits");
    EXPECT_NE(error_message(none).find("closest"), std::string::npos) << none;
    // A mapping that is not one.
    const std::string bad = api_check_workbook(context, xlsx, request("a.xlsx", "<mapping"));
    EXPECT_EQ(error_code(bad), "bad_mapping");
    EXPECT_NE(error_message(bad).find("mapping_xml"), std::string::npos) << bad;
    // No bundled mappings where the context says.
    ApiContext empty;
    empty.mappings_dir = std::string(KPIMAP_SOURCE_DIR) + "/samples";
    EXPECT_EQ(error_code(api_check_workbook(empty, xlsx, request("a.xlsx"))), "bad_mapping");
    // Requests without a usable file name.
    EXPECT_EQ(error_code(api_check_workbook(context, xlsx, "{}")), "bad_request");
    EXPECT_EQ(error_code(api_check_workbook(context, xlsx, request(".."))), "bad_request");
    EXPECT_EQ(error_code(api_check_workbook(context, xlsx, request("dir/"))), "bad_request");
    // Names no temporary file can take: refused, not an internal failure (fuzz_api's check of
    // "internal" on a hand-written input, fuzz/regressions/api/api-file-name-*).
    const std::string csv = "a,b\n1,2\n";
    const std::string long_name =
        api_check_workbook(context, csv, request(std::string(300, 'a') + ".csv"));
    EXPECT_EQ(error_code(long_name), "bad_request");
    EXPECT_NE(error_message(long_name).find("255 bytes"), std::string::npos) << long_name;
    EXPECT_EQ(error_code(api_check_workbook(context, csv, request(std::string("a\0b.csv", 7)))),
              "bad_request");
    // The longest name a file system holds is read.
    EXPECT_EQ(error_code(api_check_workbook(context, csv, request(std::string(251, 'a') + ".csv"))),
              "no_mapping_fits");
    EXPECT_EQ(error_code(api_check_workbook(context, xlsx,
                                            R"({"file_name": "a.xlsx", "mapping_xml": 3})")),
              "bad_request");
}

TEST(ApiWorkbook, LeavesNoTemporaryFiles) {
    const PrivateTmpdir tmp;
    ASSERT_EQ(std::filesystem::temp_directory_path(), tmp.path());
    const ApiContext context = repo_context();
    ok(api_check_workbook(context, repo_file("samples/001_data_section.csv"),
                          request("001_data_section.csv")));
    error_code(api_check_workbook(context, "hello", request("Book1.xlsx")));
    error_code(api_check_workbook(context, "a,b\n", request("x.csv")));
    EXPECT_EQ(entries_in(tmp.path()), 0u);
}

// ---- api_convert and the command line's golden files ------------------------------------------

namespace {

struct ConvertCase {
    const char* cli_case;  // tests/cli/cases.json
    const char* workbook;  // as the case passes it, relative to the repository
    const char* mapping;   // the case's --mapping, or null for detection
};

// Every conversion of a sample in tests/cli/cases.json.
const ConvertCase kConvertCases[] = {
    {"convert_000_trajectory_grid", "samples/000_trajectory_grid.xlsx",
     "mappings/icp-trajectory-grid.xml"},
    {"convert_000_ods", "samples/000_trajectory_grid.ods", nullptr},
    {"convert_001_outcomes_report", "samples/001_outcomes_report.xlsx", nullptr},
    {"convert_001_csv_windows1252", "samples/001_data_section.csv", nullptr},
    {"convert_002_dashboard", "samples/002_dashboard.xlsx", nullptr},
    {"convert_003_outcomes_framework", "samples/003_outcomes_framework.xlsx", nullptr},
    {"convert_004_matrix_detected", "samples/004_mh_pmf_matrix.xlsx", nullptr},
    {"convert_005_stacked_tables", "samples/005_stacked_tables.xlsx", nullptr},
    {"convert_006_monthly_performance", "samples/006_monthly_performance.xlsx", nullptr},
    {"convert_poor_fit_mapping", "samples/000_trajectory_grid.xlsx", "mappings/mh-pmf-matrix.xml"},
};

Json convert(const char* workbook, const char* mapping) {
    return ok(api_convert(repo_context(), repo_file(workbook),
                          request(workbook, mapping ? Json(repo_file(mapping)) : Json(nullptr))));
}

}  // namespace

TEST(ApiWorkbook, ConvertWritesWhatKpimapConvertWritesByteForByte) {
    for (const ConvertCase& c : kConvertCases) {
        SCOPED_TRACE(c.cli_case);
        const std::string golden = std::string("tests/cli/expected/") + c.cli_case + ".files/" +
                                   std::filesystem::path(c.workbook).filename().string() + "/";
        const std::string model = repo_file(golden + "model.json");
        const std::string diagnostics = repo_file(golden + "diagnostics.json");
        ASSERT_FALSE(model.empty());
        ASSERT_FALSE(diagnostics.empty());
        const Json r = convert(c.workbook, c.mapping);
        EXPECT_TRUE(r["model_json"].get<std::string>() == model);
        EXPECT_TRUE(r["diagnostics_json"].get<std::string>() == diagnostics);
    }
}

TEST(ApiWorkbook, ConvertJudgesWhatKpimapStatusWritesByteForByte) {
    for (const auto& [cli_case, workbook] :
         {std::pair{"status_000_trajectory", "samples/000_trajectory_grid.xlsx"},
          std::pair{"status_001", "samples/001_outcomes_report.xlsx"}}) {
        SCOPED_TRACE(cli_case);
        const std::string statuses =
            repo_file(std::string("tests/cli/expected/") + cli_case + ".files/statuses.json");
        ASSERT_FALSE(statuses.empty());
        const Json r = convert(workbook, nullptr);
        EXPECT_TRUE(r["statuses_json"].get<std::string>() == statuses);
        EXPECT_EQ(r["mapping"]["file"].is_string(), true);
    }
}
