// Text matching rules (the contract for kpimap/text_match.hpp; docs copy this block).
//
// normalise_text: Unicode NFKC, then full case folding (UnicodeString::foldCase, default
//   options), then every run of White_Space characters (NBSP, tabs, line breaks, U+3000 ...)
//   becomes one space and the ends are trimmed. Default-ignorable code points (zero-width
//   space, soft hyphen, BOM, joiners) are dropped. "  Long\u00a0 Term " -> "long term".
//
// skeleton_text: NFKC, then upper-cased (root locale), then the Unicode TR39 confusable skeleton
//   (ICU uspoof_getSkeletonUnicodeString), then case-folded and whitespace-collapsed as above.
//   Upper-casing first is deliberate: TR39 maps capital "I" to "l" but leaves small "i" alone and
//   maps small "m" to "rn" but leaves "M", so a skeleton of mixed-case text is not
//   case-insensitive ("Improvement" and "improvement" would differ). Upper-casing first makes the
//   skeleton case-insensitive and still maps Cyrillic capitals onto Latin ones: "ТВС", "твс",
//   "TBC" and "tbc" share one skeleton. The skeleton is a comparison key, not display text: it
//   also maps "0" to "o", "1" and "I" to "l", strips accents to combining marks, and so on. It is
//   only ever compared with another skeleton.
//
// edit_distance: optimal-string-alignment Damerau-Levenshtein (insert, delete, substitute,
//   swap of two adjacent code points, each costing 1) over code points decoded from UTF-8
//   (invalid bytes read as U+FFFD); returns limit + 1 as soon as the distance must exceed limit.
//
// typing_slip_edits, damaged_copy_of: the two tolerances for header text (a mapping's header
//   mistyped; a repeated header row damaged by OCR), both over title keys and edit_distance.
//
// title_key: skeleton_text, then "&" reads " and ", apostrophes, commas and full stops are
//   dropped ("People's" -> "peoples", "1,000" -> "looo" in skeleton letters, "U.K." -> "uk"),
//   combining marks are dropped, letters and digits stay, everything else (other punctuation,
//   symbols) becomes a space ("long-term" -> "long term"); spaces collapsed and trimmed. Keys
//   are skeletons, not display text: "Smoking (SMI)" -> "smoklng sml".
//
// Vocabulary::match: tiers in order, first term in insertion order winning within a tier:
//   exact (byte-equal to one of a term's texts), normalised (normalise_text equal), confusable
//   (skeleton_text equal), fuzzy (smallest edit_distance between skeletons, at most
//   max_distance; two different terms at that smallest distance give no match). A text that
//   normalises to "" only matches exactly. max_distance <= 0 turns fuzzy matching off.
#include "kpimap/text_match.hpp"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace kpimap {

const char* match_kind_name(MatchKind kind) noexcept {
    switch (kind) {
        case MatchKind::exact:
            return "exact";
        case MatchKind::normalised:
            return "normalised";
        case MatchKind::confusable:
            return "confusable";
        case MatchKind::fuzzy:
            return "fuzzy";
    }
    return "unknown";
}

namespace {

// ICU's NFKC singleton (thread-safe, owned by ICU).
const icu::Normalizer2* nfkc() {
    static const icu::Normalizer2* instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
        return U_SUCCESS(status) ? n : nullptr;
    }();
    return instance;
}

// One spoof checker for the process: skeleton computation on a configured checker is
// documented as safe to call concurrently.
const USpoofChecker* spoof_checker() {
    static USpoofChecker* instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        USpoofChecker* checker = uspoof_open(&status);
        return U_SUCCESS(status) ? checker : nullptr;
    }();
    return instance;
}

icu::UnicodeString nfkc_of(std::string_view text) {
    icu::UnicodeString source = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    const icu::Normalizer2* normalizer = nfkc();
    if (normalizer == nullptr) return source;
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString result = normalizer->normalize(source, status);
    return U_SUCCESS(status) ? result : source;
}

// UTF-8 with White_Space runs collapsed to one space, ends trimmed, default ignorables dropped.
std::string collapse(const icu::UnicodeString& s) {
    std::string out;
    out.reserve(static_cast<std::size_t>(s.length()));
    bool space = false;
    for (int32_t i = 0; i < s.length();) {
        const UChar32 c = s.char32At(i);
        i += U16_LENGTH(c);
        if (u_isUWhiteSpace(c)) {
            space = true;
            continue;
        }
        if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
        if (space && !out.empty()) out += ' ';
        space = false;
        char buf[U8_MAX_LENGTH];
        int32_t len = 0;
        UBool error = false;
        U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, U8_MAX_LENGTH, c, error);
        if (!error) out.append(buf, static_cast<std::size_t>(len));
    }
    return out;
}

std::vector<char32_t> code_points(std::string_view s) {
    std::vector<char32_t> out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto length = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(p, i, length, c);
        out.push_back(c < 0 ? char32_t{0xFFFD} : static_cast<char32_t>(c));
    }
    return out;
}

bool is_apostrophe(UChar32 c) {
    return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x0060 || c == 0x00B4;
}

}  // namespace

std::string normalise_text(std::string_view text) {
    icu::UnicodeString s = nfkc_of(text);
    s.foldCase(U_FOLD_CASE_DEFAULT);
    return collapse(s);
}

std::string fold_case(std::string_view text) {
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    s.foldCase(U_FOLD_CASE_DEFAULT);
    std::string out;
    s.toUTF8String(out);
    return out;
}

std::string skeleton_text(std::string_view text) {
    icu::UnicodeString s = nfkc_of(text);
    s.toUpper(icu::Locale::getRoot());
    if (const USpoofChecker* checker = spoof_checker()) {
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString skeleton;
        uspoof_getSkeletonUnicodeString(checker, 0, s, skeleton, &status);
        if (U_SUCCESS(status)) s = std::move(skeleton);
    }
    s.foldCase(U_FOLD_CASE_DEFAULT);
    return collapse(s);
}

int edit_distance(std::string_view a, std::string_view b, int limit) {
    limit = std::max(limit, 0);
    if (a == b) return 0;
    const std::vector<char32_t> x = code_points(a);
    const std::vector<char32_t> y = code_points(b);
    const std::size_t n = x.size(), m = y.size();
    const std::size_t gap = n > m ? n - m : m - n;
    if (gap > static_cast<std::size_t>(limit)) return limit + 1;
    if (n == 0 || m == 0) return static_cast<int>(std::max(n, m));
    std::vector<int> before(m + 1), previous(m + 1), current(m + 1);
    for (std::size_t j = 0; j <= m; ++j) previous[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= n; ++i) {
        current[0] = static_cast<int>(i);
        int row_min = current[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const int cost = x[i - 1] == y[j - 1] ? 0 : 1;
            int d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                d = std::min(d, before[j - 2] + 1);
            current[j] = d;
            row_min = std::min(row_min, d);
        }
        // Every later cell costs at least the smallest of this row (or the row before it plus
        // one, which is no smaller), so past the limit the answer can only be limit + 1.
        if (row_min > limit) return limit + 1;
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return std::min(previous[m], limit + 1);
}

int typing_slip_edits(std::string_view key) {
    return key.size() >= 12 ? 2 : key.size() >= 4 ? 1 : 0;
}

bool damaged_copy_of(std::string_view key, std::string_view header_key) {
    if (key.empty()) return false;
    if (header_key.find(key) != std::string_view::npos) return true;
    const int limit = std::max<int>(2, static_cast<int>(key.size()) / 20);
    return edit_distance(key, header_key, limit) <= limit;
}

std::string title_key(std::string_view text) {
    const std::string skeleton = skeleton_text(text);
    std::string out;
    out.reserve(skeleton.size());
    bool space = false;
    auto put_space = [&] { space = !out.empty(); };
    const auto* p = reinterpret_cast<const uint8_t*>(skeleton.data());
    const auto length = static_cast<int32_t>(skeleton.size());
    for (int32_t i = 0; i < length;) {
        const int32_t from = i;
        UChar32 c;
        U8_NEXT(p, i, length, c);
        if (c < 0) {
            put_space();
            continue;
        }
        if (c == '&') {
            put_space();
            out += space ? " and" : "and";
            space = true;
            continue;
        }
        if (is_apostrophe(c) || c == ',' || c == '.') continue;
        const int8_t type = u_charType(c);
        if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
            type == U_COMBINING_SPACING_MARK)
            continue;
        if (u_isalpha(c) || u_isdigit(c)) {
            if (space && !out.empty()) out += ' ';
            space = false;
            out.append(skeleton, static_cast<std::size_t>(from),
                       static_cast<std::size_t>(i - from));
        } else {
            put_space();
        }
    }
    return out;
}

void Vocabulary::add(Term term) {
    Keys keys;
    for (const auto& text : term.texts) {
        keys.normalised.push_back(normalise_text(text));
        keys.skeletons.push_back(skeleton_text(text));
    }
    terms_.push_back(std::move(term));
    keys_.push_back(std::move(keys));
}

std::optional<TermMatch> Vocabulary::match(std::string_view text, int max_distance) const {
    auto found = [&](std::size_t t, std::size_t k, MatchKind kind, int distance) {
        TermMatch m;
        m.term = &terms_[t];
        m.kind = kind;
        m.distance = distance;
        m.matched_text = terms_[t].texts[k];
        return m;
    };
    for (std::size_t t = 0; t < terms_.size(); ++t) {
        for (std::size_t k = 0; k < terms_[t].texts.size(); ++k) {
            if (terms_[t].texts[k] == text) return found(t, k, MatchKind::exact, 0);
        }
    }
    const std::string normalised = normalise_text(text);
    if (normalised.empty()) return std::nullopt;
    for (std::size_t t = 0; t < terms_.size(); ++t) {
        for (std::size_t k = 0; k < keys_[t].normalised.size(); ++k) {
            if (keys_[t].normalised[k] == normalised) return found(t, k, MatchKind::normalised, 0);
        }
    }
    const std::string skeleton = skeleton_text(text);
    for (std::size_t t = 0; t < terms_.size(); ++t) {
        for (std::size_t k = 0; k < keys_[t].skeletons.size(); ++k) {
            if (keys_[t].skeletons[k] == skeleton) return found(t, k, MatchKind::confusable, 0);
        }
    }
    if (max_distance <= 0) return std::nullopt;
    int best = max_distance + 1;
    std::size_t best_term = 0, best_text = 0;
    bool tie = false;
    for (std::size_t t = 0; t < terms_.size(); ++t) {
        int term_best = max_distance + 1;
        std::size_t term_text = 0;
        for (std::size_t k = 0; k < keys_[t].skeletons.size(); ++k) {
            const int d = edit_distance(skeleton, keys_[t].skeletons[k], max_distance);
            if (d < term_best) {
                term_best = d;
                term_text = k;
            }
        }
        if (term_best < best) {
            best = term_best;
            best_term = t;
            best_text = term_text;
            tie = false;
        } else if (term_best == best && term_best <= max_distance) {
            tie = true;
        }
    }
    if (best > max_distance || tie) return std::nullopt;
    return found(best_term, best_text, MatchKind::fuzzy, best);
}

}  // namespace kpimap
