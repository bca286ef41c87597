// Fuzz target: the CSV reader (encoding detection, delimiter sniffing, RFC 4180 quoting). A
// NUL byte makes a file binary, so inputs with one are cut there to stay on the CSV path.
#include <cstring>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    text = text.substr(0, text.find('\0'));
    // Inputs starting like a ZIP or OLE file belong to the other targets.
    if (text.starts_with("PK") || text.starts_with("\xD0\xCF")) return 0;
    kpimap::fuzz::load_and_check(kpimap::fuzz::input_file(text, ".csv"));
    return 0;
}
