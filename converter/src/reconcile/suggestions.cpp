// Likely matches that are not merged: titles alike in words (and values that agree), offered for
// a person to confirm through a crosswalk.
#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "kpimap/text_match.hpp"
#include "reconcile_state.hpp"

namespace kpimap::reconciling {

namespace {

// ---------------------------------------------------------------------------------------------
// Title words for suggestions.

const std::set<std::string>& stop_words() {
    static const std::set<std::string> words = {
        "a",     "an",    "the",   "of",   "in",    "on",    "at",  "to",   "for", "from",
        "with",  "and",   "or",    "by",   "who",   "were",  "was", "is",   "are", "that",
        "those", "their", "them",  "they", "into",  "after", "as",  "have", "has", "had",
        "been",  "be",    "which", "this", "these", "its",   "it",  "per",  "say", "s"};
    return words;
}

// Words of a title: letters and digits (ICU), case folded, stop words dropped, a plural "s"
// dropped ("services" -> "service"); "100,000" is one word, "people's" is "peoples".
std::vector<std::string> title_words(std::string_view title) {
    const std::string text = normalise_text(title);
    std::vector<std::string> words;
    std::string word;
    auto flush = [&] {
        if (word.empty()) return;
        if (word.size() > 3 && word.back() == 's' && !word.ends_with("ss") &&
            !word.ends_with("us") && !word.ends_with("is"))
            word.pop_back();
        if (!stop_words().contains(word) &&
            std::find(words.begin(), words.end(), word) == words.end())
            words.push_back(word);
        word.clear();
    };
    const auto* p = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        const int32_t from = i;
        UChar32 c;
        U8_NEXT(p, i, length, c);
        if (c == '\'' || c == 0x2019) continue;  // apostrophes join
        const bool digit_joint = (c == ',' || c == '.') && !word.empty() &&
                                 std::isdigit(static_cast<unsigned char>(word.back())) &&
                                 i < length && std::isdigit(static_cast<unsigned char>(text[i]));
        if (digit_joint) continue;
        if (c >= 0 && u_isalnum(c))
            word.append(text, static_cast<std::size_t>(from), static_cast<std::size_t>(i - from));
        else
            flush();
    }
    flush();
    return words;
}

// Title likeness t is the Dice coefficient of the two titles' words. When both indicators
// have values for some of the same periods, the score is (t + share of those periods whose
// values agree) / 2, otherwise t. A pair is suggested when its score reaches the threshold
// and t reaches kTitleFloor (values alone never suggest a match). Two groups with titles on
// the same sheet of the same source are not compared: a sheet does not list one indicator
// twice under two titles (this also keeps a workbook given twice from suggesting its own
// neighbouring rows).
constexpr double kTitleFloor = 0.4;

}  // namespace

void State::suggest() {
    // Values of each merged indicator by period key, for the evidence.
    std::map<std::string, std::map<std::string, const Observation*>> values;
    for (const Observation& o : result.model.observations)
        if (o.value) values[o.indicator_id].emplace(observation_key(o), &o);
    // Words of each distinct title, computed once.
    std::unordered_map<std::string_view, std::uint32_t> words_of_title;
    std::map<std::vector<std::string>, std::uint32_t> word_lists;
    std::vector<const std::vector<std::string>*> word_list_of;
    std::vector<std::vector<std::uint32_t>> word_ids_of;  // each list's words, interned, sorted
    detail::StringTable word_table;
    std::vector<std::uint32_t> words(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) {
        const std::string& title = title_of(i);
        auto it = words_of_title.find(title);
        if (it == words_of_title.end()) {
            auto [w, fresh] = word_lists.emplace(title_words(title),
                                                 static_cast<std::uint32_t>(word_lists.size()));
            if (fresh) {
                word_list_of.push_back(&w->first);
                word_ids_of.emplace_back();
                for (const std::string& word : w->first)
                    word_ids_of.back().push_back(word_table.intern(word));
                // Sorted, to count shared words by one merge (a title lists a word once).
                std::sort(word_ids_of.back().begin(), word_ids_of.back().end());
            }
            it = words_of_title.emplace(title, w->second).first;
        }
        words[i] = it->second;
    }
    const double floor = std::min(kTitleFloor, options.suggestion_threshold);
    // The sheets (source, sheet) each group's titles are on, sorted, by group root.
    std::vector<std::vector<std::pair<std::size_t, std::uint32_t>>> sheets(members.size());
    for (std::size_t i = 0; i < members.size(); ++i)
        sheets[group_of[i]].emplace_back(members[i].source, members[i].indicator->sheet);
    for (auto& list : sheets) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    auto share_a_sheet = [](const auto& x, const auto& y) {
        for (auto a = x.begin(), b = y.begin(); a != x.end() && b != y.end();) {
            if (*a == *b) return true;
            if (*a < *b)
                ++a;
            else
                ++b;
        }
        return false;
    };
    std::map<std::pair<std::size_t, std::size_t>, MatchSuggestion> best;  // by group pair
    auto make = [&](std::size_t i, std::size_t j) {
        MatchSuggestion s;
        const Member& a = members[i];
        const Member& b = members[j];
        s.first_id = member_id(i);
        s.second_id = member_id(j);
        s.first_title = title_of(i);
        s.second_title = title_of(j);
        s.first_where = where_of(*a.indicator);
        s.second_where = where_of(*b.indicator);
        s.first_merged_id = remap(a.source, a.indicator->id);
        s.second_merged_id = remap(b.source, b.indicator->id);
        const auto& va = values[s.first_merged_id];
        const auto& vb = values[s.second_merged_id];
        for (const auto& [period, o] : va) {
            auto it = vb.find(period);
            if (it == vb.end()) continue;
            ++s.shared_periods;
            if (agree_within_precision(*o->value, o->decimals, *it->second->value,
                                       it->second->decimals))
                ++s.agreeing_periods;
        }
        return s;
    };
    auto values_text = [](const MatchSuggestion& s) {
        return s.shared_periods > 0 ? fmt::format("values agree in {} of {} shared periods",
                                                  s.agreeing_periods, s.shared_periods)
                                    : std::string("no period with values in both");
    };
    for (const Refused& r : refused) {
        MatchSuggestion s = make(r.a, r.b);
        s.title_score = 1.0;
        s.score = 1.0;
        s.evidence = fmt::format("{}; {}", r.evidence, values_text(s));
        best[std::minmax(group_of[r.a], group_of[r.b])] = std::move(s);
    }
    // Pairs are taken between distinct titles of different groups, not between every two
    // source indicators: 200 workbooks of the same 500 titles give 100,000 members but
    // only a few hundred distinct (group, title) entries.
    std::vector<std::size_t> reps;
    {
        std::set<std::pair<std::size_t, std::uint32_t>> seen;
        for (std::size_t i = 0; i < members.size(); ++i)
            if (seen.emplace(group_of[i], words[i]).second) reps.push_back(i);
    }
    for (std::size_t ri = 0; ri < reps.size(); ++ri)
        for (std::size_t rj = ri + 1; rj < reps.size(); ++rj) {
            const std::size_t i = reps[ri], j = reps[rj];
            if (group_of[i] == group_of[j]) continue;
            const auto& ia = word_ids_of[words[i]];
            const auto& ib = word_ids_of[words[j]];
            if (ia.empty() || ib.empty()) continue;
            std::size_t shared_count = 0;
            for (auto x = ia.begin(), y = ib.begin(); x != ia.end() && y != ib.end();) {
                if (*x == *y) {
                    ++shared_count;
                    ++x;
                    ++y;
                } else if (*x < *y) {
                    ++x;
                } else {
                    ++y;
                }
            }
            const double t = 2.0 * static_cast<double>(shared_count) /
                             static_cast<double>(ia.size() + ib.size());
            if (t < floor) continue;
            if (share_a_sheet(sheets[group_of[i]], sheets[group_of[j]])) continue;
            const auto& wa = *word_list_of[words[i]];
            const auto& wb = *word_list_of[words[j]];
            std::vector<std::string> shared, only_a, only_b;
            for (const std::string& w : wa)
                (std::find(wb.begin(), wb.end(), w) != wb.end() ? shared : only_a).push_back(w);
            for (const std::string& w : wb)
                if (std::find(wa.begin(), wa.end(), w) == wa.end()) only_b.push_back(w);
            MatchSuggestion s = make(i, j);
            s.title_score = std::round(t * 1000) / 1000;
            const double score =
                s.shared_periods > 0
                    ? (t + static_cast<double>(s.agreeing_periods) / s.shared_periods) / 2
                    : t;
            s.score = std::round(score * 1000) / 1000;
            if (score < options.suggestion_threshold) continue;
            const auto key = std::minmax(group_of[i], group_of[j]);
            auto it = best.find(key);
            if (it != best.end() && it->second.score >= s.score) continue;
            s.evidence =
                fmt::format("title likeness {:.2f}, shared words: {}", t, join(shared, " "));
            if (!only_a.empty())
                s.evidence += fmt::format("; only in the first: {}", join(only_a, " "));
            if (!only_b.empty())
                s.evidence += fmt::format("; only in the second: {}", join(only_b, " "));
            s.evidence += "; " + values_text(s);
            best[key] = std::move(s);
        }
    for (auto& [key, s] : best) result.report.suggestions.push_back(std::move(s));
    std::stable_sort(
        result.report.suggestions.begin(), result.report.suggestions.end(),
        [](const MatchSuggestion& x, const MatchSuggestion& y) { return x.score > y.score; });
}

}  // namespace kpimap::reconciling
