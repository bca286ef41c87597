#include "kpimap/error.hpp"

#include <fmt/format.h>

namespace kpimap {

const char* error_stage_name(ErrorStage stage) noexcept {
    switch (stage) {
        case ErrorStage::none:
            return "none";
        case ErrorStage::read:
            return "read";
        case ErrorStage::model_input:
            return "model_input";
        case ErrorStage::mapping:
            return "mapping";
        case ErrorStage::detect:
            return "detect";
        case ErrorStage::crosswalk:
            return "crosswalk";
        case ErrorStage::write:
            return "write";
        case ErrorStage::patch:
            return "patch";
        case ErrorStage::report:
            return "report";
        case ErrorStage::output:
            return "output";
        case ErrorStage::command:
            return "command";
    }
    return "unknown";
}

std::string Error::text() const {
    const std::string what = detail.empty() ? std::string(error_code_name(code)) : detail;
    if (file.empty() && part.empty() && line <= 0 && offset < 0) return what;
    // A line of a text file, as compilers say it: editors jump to "FILE:LINE".
    if (line > 0) return fmt::format("{}:{}: {}", file, line, what);
    std::string where = file;
    if (!part.empty()) where += fmt::format(" [{}", part);
    if (offset >= 0)
        where += part.empty() ? fmt::format(" [byte {}", offset) : fmt::format(", byte {}", offset);
    if (!part.empty() || offset >= 0) where += "]";
    return fmt::format("{}: {}", where, what);
}

std::string Error::message() const {
    const std::string what_to_do = hint();
    if (what_to_do.empty()) return text();
    return fmt::format("{}; what to do: {}", text(), what_to_do);
}

ReadError::ReadError(ErrorCode code, std::string part, std::string detail, std::int64_t offset)
    : std::runtime_error(detail),
      code_(code),
      part_(std::move(part)),
      detail_(std::move(detail)),
      offset_(offset) {}

}  // namespace kpimap
