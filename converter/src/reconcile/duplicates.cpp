// The same indicator listed twice in one source: the conversion's duplicate_row and
// duplicate_indicator diagnostics, tied to the indicator they repeat and reported once each.
#include <map>

#include "reconcile_state.hpp"

namespace kpimap::reconciling {

// The duplicate diagnostics of a source, tied to the indicator they repeat.
void State::collect_duplicates(SourceData& sd, const std::vector<ConvertDiagnostic>& diagnostics) {
    std::map<std::string, std::uint32_t> by_key;
    bool indexed = false;
    for (const ConvertDiagnostic& d : diagnostics) {
        if (d.code != DiagnosticCode::duplicate_row && d.code != DiagnosticCode::duplicate_indicator)
            continue;
        if (!indexed) {
            indexed = true;
            for (std::size_t i = 0; i < sd.indicators.size(); ++i) {
                const SourceIndicator& ind = sd.indicators[i];
                const auto member = static_cast<std::uint32_t>(sd.first_member + i);
                by_key.emplace(title_key(texts[ind.title]), member);
                for (std::uint32_t a : ind.aliases) by_key.emplace(title_key(texts[a]), member);
            }
        }
        std::uint32_t member = kNone;
        if (auto it = by_key.find(title_key(d.raw)); it != by_key.end()) member = it->second;
        // A title continued over several cells is reported part by part; the message
        // names the whole title ("'...' is already listed at B7").
        if (member == kNone && d.message.starts_with('\'')) {
            const auto end = d.message.find("' ", 1);
            if (end != std::string::npos)
                if (auto it = by_key.find(title_key(d.message.substr(1, end - 1)));
                    it != by_key.end())
                    member = it->second;
        }
        if (member == kNone) continue;  // "part of a repeated record": not a title
        sd.duplicates.push_back(
            {member, std::string(diagnostic_code_name(d.code)), d.where, d.message});
    }
}

void State::find_duplicates() {
    for (std::size_t k = 0; k < sources.size(); ++k) {
        const SourceDuplicate* last = nullptr;
        for (const SourceData::Duplicate& d : sources[k]->duplicates) {
            const SourceIndicator* ind = members[d.member].indicator;
            const std::string id = remap(k, ind->id);
            if (last != nullptr && last->indicator_id == id && last->explanation == d.message &&
                last->second.sheet == d.where.sheet)
                continue;
            SourceDuplicate dup;
            dup.indicator_id = id;
            dup.code = d.code;
            dup.title = texts[ind->title];
            dup.first = where_of(*ind);
            dup.second = d.where;
            dup.explanation = d.message;
            result.report.duplicates.push_back(std::move(dup));
            last = &result.report.duplicates.back();
        }
    }
}

}  // namespace kpimap::reconciling
