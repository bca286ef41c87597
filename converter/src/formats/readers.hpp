// Factories for the format readers; load_workbook() picks one from the detected format.
#pragma once

#include <memory>

#include "kpimap/reader.hpp"

namespace kpimap::detail {

// Office Open XML workbooks (.xlsx, .xlsm), transitional and strict.
std::unique_ptr<FormatReader> make_xlsx_reader();
// Legacy BIFF workbooks (.xls): BIFF8, BIFF5/7 and bare BIFF3/BIFF4 files. Only built with
// KPIMAP_WITH_XLS.
std::unique_ptr<FormatReader> make_xls_reader();
// OpenDocument spreadsheets (.ods).
std::unique_ptr<FormatReader> make_ods_reader();
// Delimited text: UTF-8 (with or without BOM) or Windows-1252.
std::unique_ptr<FormatReader> make_csv_reader();

}  // namespace kpimap::detail
