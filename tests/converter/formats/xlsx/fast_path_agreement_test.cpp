// The worksheet reader has a fast path for plain rows and a general (DOM) path for anything
// else. Both must read every workbook identically: this runs each corpus file and each sample
// through both and compares sheet by sheet, cell by cell.
#include <gtest/gtest.h>

#include <filesystem>

#include "kpimap/reader.hpp"

namespace fs = std::filesystem;
using namespace kpimap;

namespace {

std::vector<fs::path> workbooks() {
    std::vector<fs::path> out;
    for (const fs::path& dir : {fs::path(KPIMAP_SHARED_DIR) / "corpus" / "xlsx-calamine",
                                fs::path(KPIMAP_SOURCE_DIR) / "samples"}) {
        if (!fs::exists(dir)) continue;
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().extension() == ".xlsx") out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST(XlsxFastPathTest, AgreesWithGeneralPathOnEveryWorkbook) {
    const auto files = workbooks();
    ASSERT_GT(files.size(), 60u) << "corpus not found under " << KPIMAP_SHARED_DIR;
    std::size_t compared_cells = 0;
    for (const fs::path& file : files) {
        SCOPED_TRACE(file.filename().string());
        ReadOptions fast, general;
        general.fast_sheet_scan = false;
        LoadResult a = load_workbook(file.string(), fast);
        LoadResult b = load_workbook(file.string(), general);
        ASSERT_EQ(a.status.code, b.status.code);
        if (!a) continue;
        const Workbook& wa = *a.workbook;
        const Workbook& wb = *b.workbook;
        ASSERT_EQ(wa.sheets.size(), wb.sheets.size());
        EXPECT_EQ(wa.diagnostics.size(), wb.diagnostics.size());
        for (std::size_t s = 0; s < wa.sheets.size(); ++s) {
            const Sheet& sa = wa.sheets[s];
            const Sheet& sb = wb.sheets[s];
            ASSERT_EQ(sa.rows.size(), sb.rows.size()) << sa.name;
            for (std::size_t r = 0; r < sa.rows.size(); ++r) {
                ASSERT_EQ(sa.rows[r].index, sb.rows[r].index);
                ASSERT_EQ(sa.rows[r].cells.size(), sb.rows[r].cells.size());
                for (std::size_t c = 0; c < sa.rows[r].cells.size(); ++c) {
                    const Cell& ca = sa.rows[r].cells[c];
                    const Cell& cb = sb.rows[r].cells[c];
                    const std::string where = sa.name + "!" + to_a1({sa.rows[r].index, ca.col});
                    EXPECT_EQ(ca.col, cb.col) << where;
                    EXPECT_EQ(ca.type, cb.type) << where;
                    EXPECT_EQ(wa.value_text(ca), wb.value_text(cb)) << where;
                    EXPECT_EQ(wa.formula(ca), wb.formula(cb)) << where;
                    EXPECT_EQ(wa.style(ca).number_format, wb.style(cb).number_format) << where;
                    ++compared_cells;
                }
            }
        }
    }
    EXPECT_GT(compared_cells, 10000u);  // the corpus and samples hold about 12,000 cells
}
