// Placeholder until the xls reader lands: refuses the format with a clear error.
#include <fmt/format.h>

#include "formats/readers.hpp"

namespace kpimap::detail {
namespace {
class Placeholder final : public FormatReader {
public:
    void read(const std::string&, const ReadOptions&, Workbook&) override {
        throw ReadError(ErrorCode::unsupported_format, "", "xls files are not read yet");
    }
};
}  // namespace
std::unique_ptr<FormatReader> make_xls_reader() { return std::make_unique<Placeholder>(); }
}  // namespace kpimap::detail
