// Fuzz target: the .xlsx reader. The input is either a ZIP archive as is (it starts with "PK"),
// or a NUL-separated list of part names and contents that is zipped first, so that most
// mutations reach the XML parsers rather than failing a CRC check (see fuzz_support.hpp).
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string package =
        kpimap::fuzz::as_package(std::string_view(reinterpret_cast<const char*>(data), size));
    kpimap::fuzz::load_and_check(kpimap::fuzz::input_file(package));
    return 0;
}
