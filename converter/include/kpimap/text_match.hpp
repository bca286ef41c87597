// Comparing terms the way a person reading an OCR'd, typo'd workbook would: Unicode NFKC,
// case folding, confusable skeletons (Cyrillic "ТВС" is "TBC"), and a declared edit-distance
// tolerance for damage such as "mprovement". Every correction is reported by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kpimap {

// NFKC, case-folded, whitespace runs collapsed to one space, trimmed. "  Long  Term " -> "long
// term".
std::string normalise_text(std::string_view text);

// Full Unicode case folding and nothing else (no NFKC, spaces kept): "Résumé" and "RÉSUMÉ" give
// one text. How Excel compares sheet names, defined names and data-validation list items.
std::string fold_case(std::string_view text);

// The confusable skeleton (Unicode TR39, via ICU) of the NFKC text, then case-folded and
// whitespace-collapsed: Cyrillic "ТВС" and Latin "TBC" give the same skeleton.
std::string skeleton_text(std::string_view text);

// Damerau-Levenshtein distance over code points, stopping early past `limit` (returns limit+1).
int edit_distance(std::string_view a, std::string_view b, int limit);

// Title form used to recognise the same indicator under different spellings: skeleton text
// with punctuation dropped and "&" read as "and".
std::string title_key(std::string_view text);

// How far a header cell's title key may be from the header a mapping names and still be taken
// for it, as a typing slip ("KPIs" for "KPI's"): 0 edits below four characters, 1 from four, 2
// from twelve (of `key`, the mapping's header's title key).
int typing_slip_edits(std::string_view key);

// True when `key` (the title key of a cell in a repeated header row) reads as `header_key` (the
// title key of the first header row's cell in that column), damaged by OCR or cut short: a part
// of it, or within max(2, length / 20) edits of it ("settling" for "setting"). Never for "".
bool damaged_copy_of(std::string_view key, std::string_view header_key);

// One term of a vocabulary: the canonical value and the texts that mean it.
struct Term {
    std::string value;               // canonical value, e.g. "LongTermImprovement"
    std::vector<std::string> texts;  // display text first, then aliases
};

enum class MatchKind : std::uint8_t {
    exact,       // byte-identical to a text of the term
    normalised,  // equal after NFKC, case folding and whitespace collapsing
    confusable,  // equal only by confusable skeleton (e.g. Cyrillic letters)
    fuzzy,       // within the edit-distance tolerance (e.g. OCR dropped a letter)
};

// "exact", "normalised", "confusable", "fuzzy".
const char* match_kind_name(MatchKind kind) noexcept;

struct TermMatch {
    const Term* term = nullptr;  // never null in a returned match
    MatchKind kind = MatchKind::exact;
    int distance = 0;          // edit distance for fuzzy matches
    std::string matched_text;  // the term text it matched
};

class Vocabulary {
public:
    // Adds a term; later terms never shadow earlier ones on ties.
    void add(Term term);
    // Best match for `text`: exact, then normalised, then confusable, then the nearest term
    // within `max_distance` edits of the skeleton (ties are no match). nullopt when none.
    std::optional<TermMatch> match(std::string_view text, int max_distance) const;
    // All terms in insertion order.
    const std::vector<Term>& terms() const noexcept { return terms_; }

private:
    struct Keys {
        std::vector<std::string> normalised;  // normalise_text of each text of a term
        std::vector<std::string> skeletons;   // skeleton_text of each text of a term
    };
    std::vector<Term> terms_;
    std::vector<Keys> keys_;  // parallel to terms_
};

}  // namespace kpimap
