// Looking up cells of a fixture workbook in tests: an empty cell is a test failure naming the
// address, not a null dereference.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "kpimap/workbook.hpp"

namespace kpimap::test_support {

// The format fixtures made by tests/fixtures/formats/make_fixtures.sh.
inline const std::string kFormatFixtures = std::string(KPIMAP_FIXTURES_DIR) + "/formats/";

// The stored cell at an A1 address; records a failure and returns an empty cell when absent.
inline const Cell& cell_at(const Sheet& sheet, const char* a1) {
    static const Cell empty;
    const auto ref = parse_a1(a1);
    const Cell* cell = ref ? sheet.find(*ref) : nullptr;
    if (!cell) {
        ADD_FAILURE() << a1 << " is empty in sheet '" << sheet.name << "'";
        return empty;
    }
    return *cell;
}

}  // namespace kpimap::test_support
