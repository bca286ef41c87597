// Shared helpers of the fuzz targets: handing the fuzzer's bytes to readers that take a path,
// turning a list of parts into a ZIP package (so mutations land in the XML, not in deflate
// streams and CRCs), and the invariants every workbook read must keep.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kpimap/reader.hpp"

namespace kpimap::fuzz {

// Limits small enough that no input can take libFuzzer's default 2 GB RSS limit: a crash
// report then means a bug, not a big but legal input.
ReadOptions fuzz_read_options();

// A file holding `bytes`, at a stable path, rewritten on every call (an in-memory file where
// the system has memfd_create). `suffix` is appended to the path when the reader cares about
// the extension.
const std::string& input_file(std::string_view bytes, std::string_view suffix = "");

// The part list format used by the container targets: NUL-separated name, content, name,
// content... Returns (name, content) pairs; a trailing name without content gets "".
std::vector<std::pair<std::string, std::string>> split_parts(std::string_view bytes);

// A ZIP archive of `parts`, stored (not deflated), with correct CRCs.
std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& parts);

// The fuzzer's input as a package: the bytes themselves when they start like a ZIP ("PK"),
// otherwise split_parts() zipped with `first` (e.g. an ODF mimetype) prepended when given.
std::string as_package(std::string_view bytes,
                       const std::pair<std::string, std::string>* first = nullptr);

// Loads `path` and checks what must hold for any input: load_workbook() does not throw, a
// failure carries a code and a detail, and every string of a workbook (cells, sheet names,
// formats, defined names, diagnostics) is valid UTF-8 and serialises to JSON. Traps otherwise.
void load_and_check(const std::string& path);

}  // namespace kpimap::fuzz
