// Fuzz target: the .xls reader. An input that starts with the compound file signature is read
// as it is, which fuzzes the MS-CFB layer; any other input is taken for the Workbook stream and
// put into a well-formed compound file first, so that mutations land in the BIFF records.
#include "fuzz_support.hpp"
#include "support/xls_builder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::string_view signature("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    const std::string file =
        bytes.starts_with(signature)
            ? std::string(bytes)
            : kpimap::test_support::compound_file({{"Workbook", std::string(bytes)}});
    kpimap::fuzz::load_and_check(kpimap::fuzz::input_file(file, ".xls"));
    return 0;
}
