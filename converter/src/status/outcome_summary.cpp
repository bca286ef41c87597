// Outcome summaries: kpimap's count of its indicators' travel, the source's marks, and the
// summary the source publishes, read back into counts.
#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <unordered_set>

#include "judging.hpp"

namespace kpimap {

namespace {

std::optional<int> count_word(const std::string& w) {
    static const char* words[] = {"no",    "one",   "two",  "three", "four",   "five",  "six",
                                  "seven", "eight", "nine", "ten",   "eleven", "twelve"};
    for (int i = 0; i < 13; ++i)
        if (w == words[i]) return i;
    if (!w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::atoi(w.c_str());
    return std::nullopt;
}

std::optional<int> find_count(const std::string& text, const std::regex& pattern) {
    std::smatch m;
    if (!std::regex_search(text, m, pattern)) return std::nullopt;
    return count_word(m[1].str());
}

std::string plural(int n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::optional<PublishedCounts> parse_published_summary(std::string_view text) {
    std::string t(text);
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // Compiled once: building a std::regex costs far more than a search.
    static const std::regex of_n(R"(\bof (\w+) indicators?\b)"),
        positive(R"(\b(\w+) (?:have|has) seen a positive change)"),
        stable(R"(\b(\w+) remains? fairly stable)"),
        negative(R"(\b(\w+) (?:have|has) changed negatively)"),
        no_comparator(R"(\bfor (\w+) indicators? there is not a comparator)"),
        worse_no_data(R"(\b(\w+) (?:is|are) worse than comparators \(no data)");
    PublishedCounts c;
    c.indicators = find_count(t, of_n);
    if (t.find("the one indicator identified") != std::string::npos) c.indicators = 1;
    c.improved = find_count(t, positive);
    if (!c.improved && t.find("has changed positively") != std::string::npos) c.improved = 1;
    c.little_or_no_change = find_count(t, stable);
    c.worsened = find_count(t, negative);
    c.no_comparator = find_count(t, no_comparator);
    // "1 is worse than comparators (no data from previous year to compare)" (seed 001, 12).
    if (!c.no_comparator) c.no_comparator = find_count(t, worse_no_data);
    // "NEET figures do not have a comparison for the previous year" (seed 001, 18): one indicator.
    if (!c.no_comparator && t.find("do not have a comparison") != std::string::npos)
        c.no_comparator = 1;
    if (!c.indicators && !c.improved && !c.little_or_no_change && !c.worsened && !c.no_comparator)
        return std::nullopt;
    return c;
}

namespace judging {

std::vector<OutcomeSummary> summarise_outcomes(
    const Model& model, const std::vector<IndicatorStatus>& indicators,
    const std::unordered_map<std::string_view, std::size_t>& index_of) {
    std::vector<OutcomeSummary> outcomes;
    // indicator_of links grouped by outcome once, so summaries cost one pass over the links.
    std::unordered_map<std::string_view, std::vector<const Link*>> links_to;
    for (const Link& l : model.links)
        if (l.kind == "indicator_of") links_to[l.to_id].push_back(&l);
    for (const Outcome& o : model.outcomes) {
        OutcomeSummary sum;
        sum.outcome_id = o.id;
        sum.code = o.code;
        sum.title = o.title;
        sum.published = o.summary;
        sum.published_counts = parse_published_summary(o.summary);
        std::unordered_set<std::string_view> seen;
        static const std::vector<const Link*> kNone;
        auto found = links_to.find(o.id);
        for (const Link* link : found == links_to.end() ? kNone : found->second) {
            const Link& l = *link;
            const auto found_indicator = index_of.find(l.from_id);
            if (found_indicator == index_of.end()) continue;
            if (!seen.insert(l.from_id).second) continue;
            sum.indicator_ids.push_back(l.from_id);
            const IndicatorStatus& judged = indicators[found_indicator->second];
            switch (judged.source_verdict) {
                case SourceVerdict::not_given:
                    break;
                case SourceVerdict::positive:
                    ++sum.source_positive;
                    break;
                case SourceVerdict::fairly_stable:
                    ++sum.source_fairly_stable;
                    break;
                case SourceVerdict::negative:
                    ++sum.source_negative;
                    break;
                case SourceVerdict::no_comparator:
                    ++sum.source_no_comparator;
                    break;
            }
            sum.audited += judged.audit.empty() ? 0 : 1;
            switch (judged.travel) {
                case Travel::improved:
                    ++sum.improved;
                    break;
                case Travel::little_or_no_change:
                    ++sum.little_or_no_change;
                    break;
                case Travel::worsened:
                    ++sum.worsened;
                    break;
                case Travel::no_comparator:
                    ++sum.no_comparator;
                    break;
                case Travel::increased:
                case Travel::decreased:
                    ++sum.changed_no_polarity;
                    break;
            }
        }
        sum.indicators = static_cast<int>(sum.indicator_ids.size());
        if (sum.indicators == 0 && !sum.published_counts) continue;
        if (sum.indicators == 0) {
            sum.sentence = "Of 0 indicators: none is linked to this outcome in the model";
        } else {
            sum.sentence = fmt::format(
                "Of {}, {} improved, {} little or no change, {} worsened, "
                "{} no comparator",
                plural(sum.indicators, "indicator", "indicators"), sum.improved,
                sum.little_or_no_change, sum.worsened, sum.no_comparator);
            if (sum.changed_no_polarity > 0)
                sum.sentence +=
                    fmt::format(", {} changed where polarity is unknown (increased or decreased)",
                                sum.changed_no_polarity);
            if (sum.source_positive + sum.source_fairly_stable + sum.source_negative +
                    sum.source_no_comparator >
                0)
                sum.source_sentence = fmt::format(
                    "By the source's marks: {} positive, {} fairly stable, {} negative, {} no "
                    "comparator{}",
                    sum.source_positive, sum.source_fairly_stable, sum.source_negative,
                    sum.source_no_comparator,
                    sum.audited == 0
                        ? std::string()
                        : fmt::format("; {} {} with kpimap's direction of travel (audit)",
                                      sum.audited, sum.audited == 1 ? "disagrees" : "disagree"));
        }
        outcomes.push_back(std::move(sum));
    }
    return outcomes;
}

}  // namespace judging

}  // namespace kpimap
