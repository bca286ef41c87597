// exit_code_for() (converter/cli/exit_codes.cpp), the one place that turns failures into exit
// codes: every core ErrorCode and every FailureKind against its row in docs/commands/README.md,
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

// Every value of an enum whose name function says "unknown" past the last one.
template <typename Enum, typename Name>
std::vector<Enum> all_values(Name name, int first) {
    std::vector<Enum> out;
    for (int i = first; i < 256 && std::string(name(static_cast<Enum>(i))) != "unknown"; ++i)
        out.push_back(static_cast<Enum>(i));
    return out;
}

std::vector<ErrorCode> all_error_codes() {
    return all_values<ErrorCode>(error_code_name, 1);  // from 1: ok is no failure
}

std::vector<FailureKind> all_failure_kinds() {
    return all_values<FailureKind>(failure_kind_name, 0);
}

// The cells of the table rows of docs/commands/README.md that start with a `name` cell, by name.
std::map<std::string, std::vector<std::string>> documented_rows() {
    const std::string doc =
        read_text(std::filesystem::path(KPIMAP_SOURCE_DIR) / "docs/commands/README.md");
    std::map<std::string, std::vector<std::string>> rows;
    std::istringstream lines(doc);
    std::string line;
    const std::regex named(R"(^\| `([a-z_]+)` \|)");
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

TEST(ExitCodesTest, EveryErrorCodeIsDocumentedWithItsExitCodeAndHint) {
    const auto rows = documented_rows();
    ASSERT_GE(all_error_codes().size(), 15u);  // the enumeration reached the last code
    for (ErrorCode code : all_error_codes()) {
        const std::string name = error_code_name(code);
        auto it = rows.find(name);
        ASSERT_NE(it, rows.end()) << "docs/commands/README.md has no row for " << name;
        const std::vector<std::string>& cells = it->second;
        ASSERT_EQ(cells.size(), 4u) << name << ": | code | exit code | meaning | what to do |";
        EXPECT_EQ(cells[1], std::to_string(exit_code_for(code))) << name;
        EXPECT_EQ(cells[3], error_code_hint(code)) << name << ": the hint, as error_code_hint";
    }
}

TEST(ExitCodesTest, EveryFailureKindIsDocumentedWithItsExitCode) {
    const auto rows = documented_rows();
    for (FailureKind kind : all_failure_kinds()) {
        const std::string name = failure_kind_name(kind);
        auto it = rows.find(name);
        ASSERT_NE(it, rows.end()) << "docs/commands/README.md has no row for " << name;
        ASSERT_EQ(it->second.size(), 4u) << name << ": | kind | exit code | when | what to do |";
        EXPECT_EQ(it->second[1], std::to_string(exit_code_for(kind))) << name;
    }
    EXPECT_EQ(all_failure_kinds().size(), 5u);
}

TEST(ExitCodesTest, EveryDocumentedRowNamesACodeOrAKind) {
    std::map<std::string, int> known;
    for (ErrorCode code : all_error_codes()) known[error_code_name(code)] = 1;
    for (FailureKind kind : all_failure_kinds()) known[failure_kind_name(kind)] = 1;
    for (const auto& [name, cells] : documented_rows()) {
        if (cells.size() != 4 || !std::regex_match(cells[1], std::regex("[0-9]"))) continue;
        EXPECT_TRUE(known.count(name)) << "docs/commands/README.md lists " << name
                                       << ", which is neither an ErrorCode nor a FailureKind";
    }
}

TEST(ExitCodesTest, ACoreCodeExitsAsItsKindWhoeverMetIt) {
    // The reader and the package patcher both report a zip bomb as ErrorCode::zip_bomb: an
    // input that could not be read, exit 2, for convert as for update and return.
    EXPECT_EQ(failure_kind_of(ErrorCode::zip_bomb), FailureKind::input_unreadable);
    EXPECT_EQ(exit_code_for(ErrorCode::zip_bomb), exit_input_failed);
    EXPECT_EQ(exit_code_for(Failure{"m", "h", ErrorCode::zip_bomb}), exit_input_failed);
    EXPECT_EQ(exit_code_for(ErrorCode::protected_cell), exit_output_failed);
    EXPECT_EQ(exit_code_for(ErrorCode::output_failed), exit_output_failed);
    for (ErrorCode code : all_error_codes())
        EXPECT_EQ(exit_code_for(Failure{"m", "h", code}), exit_code_for(failure_kind_of(code)))
            << error_code_name(code);
    // A failure that carries no error is a bug.
    EXPECT_EQ(exit_code_for(ErrorCode::ok), exit_internal);
    EXPECT_EQ(exit_code_for(Failure{}), exit_internal);
}

TEST(ExitCodesTest, KindsHaveTheirOwnCodes) {
    EXPECT_EQ(exit_code_for(FailureKind::input_unreadable), 2);
    EXPECT_EQ(exit_code_for(FailureKind::no_mapping_fits), 3);
    EXPECT_EQ(exit_code_for(FailureKind::usage), 4);
    EXPECT_EQ(exit_code_for(FailureKind::internal), 5);
    EXPECT_EQ(exit_code_for(FailureKind::output_unwritable), 6);
}

TEST(ExitCodesTest, ARunExitsWithItsFirstFailureThenWarnings) {
    RunOutcome outcome;
    EXPECT_EQ(exit_code_for(outcome), exit_ok);
    outcome.warnings = true;
    EXPECT_EQ(exit_code_for(outcome), exit_warnings);
    outcome.failures.push_back({"m", "h", FailureKind::no_mapping_fits});
    outcome.failures.push_back({"m", "h", ErrorCode::zip_bomb});
    EXPECT_EQ(exit_code_for(outcome), exit_no_mapping);
}

TEST(ExitCodesTest, OnlyMainAndExitCodesChooseAnExitCode) {
    // Commands report failures; an exit code named anywhere else in the CLI would be a second
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
