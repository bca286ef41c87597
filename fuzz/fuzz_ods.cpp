// Fuzz target: the .ods reader. Same input format as fuzz_xlsx; the ODF mimetype entry is
// added in front of the parts, so every input is detected as a spreadsheet.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::pair<std::string, std::string> mimetype{
        "mimetype", "application/vnd.oasis.opendocument.spreadsheet"};
    const std::string package = kpimap::fuzz::as_package(
        std::string_view(reinterpret_cast<const char*>(data), size), &mimetype);
    kpimap::fuzz::load_and_check(kpimap::fuzz::input_file(package));
    return 0;
}
