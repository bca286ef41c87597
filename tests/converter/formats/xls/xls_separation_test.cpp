// The .xls reader is a separate piece (docs/reader.md): nothing else in the core includes its
// headers or those of its OLE2 layer, so the core builds without both (KPIMAP_WITH_XLS=OFF).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace {

namespace fs = std::filesystem;

bool in_xls_piece(const fs::path& file) {
    const std::string p = file.generic_string();
    return p.find("/formats/xls/") != std::string::npos ||
           p.find("/formats/ole/") != std::string::npos;
}

TEST(XlsSeparation, NothingOutsideTheXlsReaderIncludesItsHeaders) {
    const std::regex include(R"re(#\s*include\s*[<"][^>"]*formats/(xls|ole)/[^>"]*[>"])re");
    const fs::path root = fs::path(KPIMAP_SOURCE_DIR) / "converter";
    std::size_t checked = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const fs::path& file = entry.path();
        if (!entry.is_regular_file() || (file.extension() != ".cpp" && file.extension() != ".hpp"))
            continue;
        if (in_xls_piece(file)) continue;
        std::ifstream in(file);
        std::string line;
        for (int number = 1; std::getline(in, line); ++number)
            EXPECT_FALSE(std::regex_search(line, include)) << file << ":" << number << ": " << line;
        ++checked;
    }
    EXPECT_GT(checked, 50u);  // the walk found the core's sources
}

}  // namespace
