// exit_code_for() (converter/cli/exit_codes.cpp), the one place that turns errors into exit
// codes: every ErrorCode against its row in docs/commands/README.md (stage, exit code, hint),
// one code giving one exit code whoever met it, and no other CLI file choosing an exit code.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "exit_codes.hpp"

using namespace kpimap;
using namespace kpimap::cli;

namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The cells of the table rows of docs/commands/README.md that start with a `name` cell, by name.
std::map<std::string, std::vector<std::string>> documented_rows() {
    const std::string doc =
        read_text(std::filesystem::path(KPIMAP_SOURCE_DIR) / "docs/commands/README.md");
    std::map<std::string, std::vector<std::string>> rows;
    std::istringstream lines(doc);
    std::string line;
    const std::regex named(R"(^\| `([a-z_]+)` \| [a-z_]+ \| [0-9] \|)");
    while (std::getline(lines, line)) {
        std::smatch m;
        if (!std::regex_search(line, m, named)) continue;
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream parts(line.substr(1));
        while (std::getline(parts, cell, '|')) {
            const auto begin = cell.find_first_not_of(' ');
            const auto end = cell.find_last_not_of(' ');
            cells.push_back(begin == std::string::npos ? "" : cell.substr(begin, end - begin + 1));
        }
        EXPECT_EQ(rows.count(m[1]), 0u) << "two rows for " << m[1];
        rows[m[1]] = cells;
    }
    return rows;
}

}  // namespace

ExitCode exit_code_of(ErrorCode code) {
    return exit_code_for(Error(code, "", ""));
}

TEST(ExitCodesTest, EveryErrorCodeIsDocumentedWithItsStageExitCodeAndHint) {
    const auto rows = documented_rows();
    ASSERT_GE(kErrorCodeCount, 30u);                     // the table reached the last code
    for (std::size_t i = 1; i < kErrorCodeCount; ++i) {  // from 1: ok is no error
        const ErrorCode code = kErrorCodes[i].code;
        const std::string name = error_code_name(code);
        auto it = rows.find(name);
        ASSERT_NE(it, rows.end()) << "docs/commands/README.md has no row for " << name;
        const std::vector<std::string>& cells = it->second;
        ASSERT_EQ(cells.size(), 5u) << name << ": | code | stage | exit code | meaning | hint |";
        EXPECT_EQ(cells[1], error_stage_name(error_code_stage(code))) << name;
        EXPECT_EQ(cells[2], std::to_string(exit_code_of(code))) << name;
        EXPECT_EQ(cells[4], error_code_hint(code)) << name << ": the hint, as error_code_hint";
    }
}

TEST(ExitCodesTest, EveryDocumentedRowNamesACode) {
    std::map<std::string, int> known;
    for (const ErrorCodeInfo& info : kErrorCodes) known[info.name] = 1;
    const auto rows = documented_rows();
    EXPECT_EQ(rows.size(), kErrorCodeCount - 1);
    for (const auto& [name, cells] : rows)
        EXPECT_TRUE(known.count(name))
            << "docs/commands/README.md lists " << name << ", which is not an ErrorCode";
}

TEST(ExitCodesTest, ACodeExitsTheSameWhoeverMetIt) {
    // The reader and the package patcher both report a zip bomb as ErrorCode::zip_bomb: an
    // input that could not be read, exit 2, for convert as for update and return (the patcher's
    // once exited 6, as an output that could not be written).
    EXPECT_EQ(exit_code_of(ErrorCode::zip_bomb), exit_input_failed);
    Error from_reader(ErrorCode::zip_bomb, "in.xlsx", "inflates past the limit");
    from_reader.part = "xl/worksheets/sheet1.xml";
    from_reader.offset = 1024;
    const Error from_patcher(ErrorCode::zip_bomb, "template.xlsx", "inflates past the limit",
                             "something else to do");
    EXPECT_EQ(exit_code_for(from_reader), exit_code_for(from_patcher));
    // Only the code counts: no file, part, detail or advice changes the exit code.
    for (std::size_t i = 1; i < kErrorCodeCount; ++i) {
        const ErrorCode code = kErrorCodes[i].code;
        EXPECT_EQ(exit_code_for(Error(code, "f", 3, "d")), exit_code_of(code))
            << error_code_name(code);
        EXPECT_EQ(exit_code_for(Error(code, "f", "d", "advice")), exit_code_of(code))
            << error_code_name(code);
    }
}

TEST(ExitCodesTest, StagesHaveTheirExitCodesAndAFewCodesTheirOwn) {
    EXPECT_EQ(exit_code_of(ErrorCode::corrupt_zip), 2);
    EXPECT_EQ(exit_code_of(ErrorCode::model_unreadable), 2);
    EXPECT_EQ(exit_code_of(ErrorCode::no_mapping_fits), 3);
    EXPECT_EQ(exit_code_of(ErrorCode::mapping_fits_poorly), 3);
    EXPECT_EQ(exit_code_of(ErrorCode::mapping_invalid), 4);
    EXPECT_EQ(exit_code_of(ErrorCode::crosswalk_invalid), 4);
    EXPECT_EQ(exit_code_of(ErrorCode::write_refused), 4);
    EXPECT_EQ(exit_code_of(ErrorCode::usage), 4);
    EXPECT_EQ(exit_code_of(ErrorCode::report_failed), 5);
    EXPECT_EQ(exit_code_of(ErrorCode::protected_cell), 6);
    EXPECT_EQ(exit_code_of(ErrorCode::invalid_write), 6);
    EXPECT_EQ(exit_code_of(ErrorCode::output_failed), 6);
    // The exceptions: an output naming an input is a command-line mistake; a bug is a bug.
    EXPECT_EQ(error_code_stage(ErrorCode::output_is_input), ErrorStage::output);
    EXPECT_EQ(exit_code_of(ErrorCode::output_is_input), 4);
    EXPECT_EQ(exit_code_of(ErrorCode::internal), 5);
    // An error without a code is a bug.
    EXPECT_EQ(exit_code_of(ErrorCode::ok), exit_internal);
}

TEST(ExitCodesTest, ARunExitsWithItsFirstErrorThenWarnings) {
    RunOutcome outcome;
    EXPECT_EQ(exit_code_for(outcome), exit_ok);
    outcome.warnings = true;
    EXPECT_EQ(exit_code_for(outcome), exit_warnings);
    outcome.errors.push_back({ErrorCode::no_mapping_fits, "a.xlsx", "no mapping fits"});
    outcome.errors.push_back({ErrorCode::zip_bomb, "b.xlsx", "inflates past the limit"});
    EXPECT_EQ(exit_code_for(outcome), exit_no_mapping);
}

TEST(ExitCodesTest, OnlyMainAndExitCodesChooseAnExitCode) {
    // Commands report errors; an exit code named anywhere else in the CLI would be a second
    // place where one is chosen.
    const std::regex chooses(R"(\bexit_(ok|warnings|input_failed|no_mapping|usage|internal|)"
                             R"(output_failed)\b|\bexit_code_for\s*\(|\bExitCode\b)");
    const std::filesystem::path cli = std::filesystem::path(KPIMAP_SOURCE_DIR) / "converter/cli";
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(cli)) {
        const std::string name = entry.path().filename().string();
        if (name == "main.cpp" || name.rfind("exit_codes.", 0) == 0) continue;
        ++files;
        std::istringstream lines(read_text(entry.path()));
        std::string line;
        for (int number = 1; std::getline(lines, line); ++number) {
            const std::string code = line.substr(0, line.find("//"));
            EXPECT_FALSE(std::regex_search(code, chooses))
                << "converter/cli/" << name << ":" << number << " chooses an exit code: " << line;
        }
    }
    EXPECT_GT(files, 10);
}
