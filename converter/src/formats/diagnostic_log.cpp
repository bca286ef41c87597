#include "formats/diagnostic_log.hpp"

#include <fmt/format.h>

namespace kpimap::detail {

namespace {

std::string key_of(std::string_view sheet, std::string_view kind) {
    std::string key(sheet);
    key += '\x1F';
    key += kind;
    return key;
}

}  // namespace

bool DiagnosticLog::wants(std::string_view sheet, std::string_view kind) const {
    auto it = index_.find(key_of(sheet, kind));
    return it == index_.end() || tallies_[it->second].seen < kListed;
}

DiagnosticLog::Tally& DiagnosticLog::tally(std::string_view sheet, std::string_view part,
                                           std::string_view kind) {
    auto [it, added] = index_.try_emplace(key_of(sheet, kind), tallies_.size());
    if (added) tallies_.push_back({std::string(sheet), std::string(part), std::string(kind), 0});
    return tallies_[it->second];
}

void DiagnosticLog::add(std::string_view kind, ReadDiagnostic diagnostic) {
    Tally& t = tally(diagnostic.sheet, diagnostic.part, kind);
    if (t.seen++ < kListed) out_->push_back(std::move(diagnostic));
}

void DiagnosticLog::count(std::string_view sheet, std::string_view part, std::string_view kind) {
    ++tally(sheet, part, kind).seen;
}

void DiagnosticLog::flush() {
    for (const Tally& t : tallies_) {
        if (t.seen <= kListed) continue;
        out_->push_back({t.sheet, "", t.part,
                         fmt::format("{} more of these in this {} ({}), not listed one by one",
                                     t.seen - kListed, t.sheet.empty() ? "workbook" : "sheet",
                                     t.kind)});
    }
    tallies_.clear();
    index_.clear();
}

}  // namespace kpimap::detail
