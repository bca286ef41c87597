// The diagnostic codes against the mapping reference's Diagnostics table: every code a reader can
// write is documented, every documented code exists, and the "declined by the mapping" set (which
// counts towards a sheet's fit) is the documented one.
#include "kpimap/diagnostic_code.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

using namespace kpimap;

namespace {

// The codes in the first column of docs/mapping-reference.md's Diagnostics table (`a`, `b`).
std::set<std::string> documented_codes() {
    std::ifstream in(std::string(KPIMAP_SOURCE_DIR) + "/docs/mapping-reference.md");
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const auto begin = doc.find("\n## Diagnostics");
    const auto end = doc.find("\n## ", begin + 1);
    EXPECT_NE(begin, std::string::npos) << "the mapping reference has no Diagnostics section";
    const std::string section = doc.substr(begin, end - begin);
    std::set<std::string> codes;
    static const std::regex row(R"(\n\| (`[a-z_]+`(?:, `[a-z_]+`)*) \|)");
    static const std::regex code("`([a-z_]+)`");
    for (auto r = std::sregex_iterator(section.begin(), section.end(), row);
         r != std::sregex_iterator(); ++r) {
        const std::string cell = (*r)[1];
        for (auto c = std::sregex_iterator(cell.begin(), cell.end(), code);
             c != std::sregex_iterator(); ++c)
            codes.insert((*c)[1]);
    }
    return codes;
}

}  // namespace

TEST(DiagnosticCodeTest, EveryCodeIsDocumentedAndEveryDocumentedCodeExists) {
    const std::set<std::string> documented = documented_codes();
    ASSERT_GT(documented.size(), 50u) << "the Diagnostics table was not found or not parsed";
    std::set<std::string> listed;
    for (DiagnosticCode c : all_diagnostic_codes()) {
        const std::string name(diagnostic_code_name(c));
        EXPECT_TRUE(listed.insert(name).second) << name << " is listed twice";
        EXPECT_TRUE(documented.contains(name))
            << name << " is not in docs/mapping-reference.md#diagnostics";
    }
    for (const std::string& name : documented)
        EXPECT_TRUE(listed.contains(name)) << name << " is documented but no reader writes it";
}

TEST(DiagnosticCodeTest, NamesRoundTrip) {
    for (DiagnosticCode c : all_diagnostic_codes())
        EXPECT_EQ(diagnostic_code_named(diagnostic_code_name(c)), c);
    EXPECT_FALSE(diagnostic_code_named("no_such_code").has_value());
    EXPECT_FALSE(diagnostic_code_named("").has_value());
}

TEST(DiagnosticCodeTest, DeclinedCodesAreTheCellsTheMappingLeavesOutOnPurpose) {
    std::set<std::string> declined;
    for (DiagnosticCode c : all_diagnostic_codes())
        if (declined_by_mapping(c)) declined.insert(std::string(diagnostic_code_name(c)));
    const std::set<std::string> expected = {"ignored_by_mapping", "record_filtered", "status_cell",
                                            "not_in_model",       "measure_gap",     "placeholder"};
    EXPECT_EQ(declined, expected);
}

TEST(DiagnosticCodeTest, ComparesWithAName) {
    EXPECT_TRUE(DiagnosticCode::unmapped_cell == "unmapped_cell");
    EXPECT_FALSE(DiagnosticCode::unmapped_cell == "outside_region");
    std::ostringstream out;
    out << DiagnosticCode::term_corrected;
    EXPECT_EQ(out.str(), "term_corrected");
}
