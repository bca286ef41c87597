// The canonical model every mapping converts into (documented in docs/model.md): frameworks,
// outcomes at several levels, indicators, observations, expectations and typed links, each
// with the file, sheet and cell it came from.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kpimap/period.hpp"
#include "kpimap/value.hpp"

namespace kpimap {

// Where an item came from: the file, the sheet and a cell or range ("B7", "B7:B9").
struct Provenance {
    std::string file;
    std::string sheet;
    std::string cell;
};

// "file!sheet!B7" style text for reports: "samples/000.xlsx, 'Outcomes Trajectory'!B7".
std::string provenance_text(const Provenance& where);

// The source document: one per converted workbook.
struct Framework {
    std::string id;  // mapping id + file stem, unique within a model
    std::string title;
    std::string owner;
    std::string period;      // the period the framework covers, as written
    std::string mapping_id;  // the mapping that read it
    Provenance where;        // the file (sheet and cell empty)
};

// An outcome at some level: ambition, domain, theme, strategic_outcome, national_outcome,
// outcome, commitment, output. Levels are named by the mapping; docs/model.md lists them.
struct Outcome {
    std::string id;  // unique within the model
    std::string framework_id;
    std::string level;
    std::string code;  // "Domain 1", "1.1", "A.1"; empty when none
    std::string title;
    std::string parent_id;  // empty at the top level
    std::string summary;    // a summary the source publishes ("Of 13 indicators ..."), as written
    Provenance where;
};

enum class Polarity : std::uint8_t { unknown, higher_is_better, lower_is_better, no_judgement };
// "unknown", "higher_is_better", "lower_is_better", "no_judgement".
const char* polarity_name(Polarity polarity) noexcept;

enum class Unit : std::uint8_t { unknown, percent, rate, count, score, currency, ratio, years };
// "unknown", "percent", "rate", "count", "score", "currency", "ratio", "years".
const char* unit_name(Unit unit) noexcept;

// The aim as written ("Statistically significant reduction on baseline") and what it means.
struct Aim {
    // "improve" is a better value whose direction depends on polarity ("improvement on baseline").
    enum class Direction : std::uint8_t { unknown, increase, decrease, maintain, improve };
    std::string text;
    Direction direction = Direction::unknown;
    bool significance_required = false;
};
// "unknown", "increase", "decrease", "maintain", "improve".
const char* direction_name(Aim::Direction direction) noexcept;
// Reads the direction and significance from aim text: "reduction" / "improvement" / ...
Aim parse_aim(std::string text);

struct IndicatorCode {
    std::string scheme;  // "ascof", "fingertips", "local", ...
    std::string value;
};

struct Indicator {
    std::string id;  // unique within the model
    std::string framework_id;
    std::string title;
    std::vector<std::string> aliases;  // other titles met for the same indicator
    std::vector<IndicatorCode> codes;
    Polarity polarity = Polarity::unknown;
    Unit unit = Unit::unknown;
    double unit_per = 0;  // "per 100,000" gives 100000 for rates
    std::string measure_type;
    Aim aim;
    std::string capture;    // data capture state: "Already captured", "New", "TBC"
    std::string judgement;  // a marker the source gives (✔, ✘), as written
    Provenance where;
};

// One category of one dimension a value is broken down by: sex = Female, age = 65+,
// setting = Residential Care. Both as written by the mapping or the source.
struct BreakdownPair {
    std::string dimension;
    std::string category;
    friend bool operator==(const BreakdownPair&, const BreakdownPair&) = default;
};

// The part of the population a value describes: an ordered list of (dimension, category)
// pairs, in the order the mapping or source gave them. Empty is the whole population (as every
// value before breakdowns). An empty list allocates nothing, so observations without one cost
// only the vector itself. Identity ignores the order (breakdown_key in kpimap/identity.hpp).
using Breakdown = std::vector<BreakdownPair>;

// "sex=Female; age=65+", pairs in their order; "" for the whole population. For reports, the
// tidy CSV and messages; not an identity (use breakdown_key).
std::string breakdown_text(const Breakdown& breakdown);

// One category of a declared dimension: the name the model writes, the code a standard gives it
// (Fingertips SexID 2 for Female), other spellings sources use, and whether it is the
// dimension's total ("Persons", "All ages"): a total is the whole population in that dimension,
// so a value for it carries no pair of the dimension.
struct Category {
    std::string name;
    std::string code;                  // "" when no standard code is declared
    std::vector<std::string> aliases;  // "M", "Males", "Men"
    bool total = false;
};

// A dimension values are broken down by, declared with its categories in their order (a
// catalogue: mappings/catalogues/dimensions.xml). Ordered dimensions (age bands, deprivation
// deciles) have a first and a last category, between which statuses measure the gap.
struct Dimension {
    std::string id;           // as breakdown pairs name it: "sex", "age", "area"
    std::string title;        // "Sex"
    std::string code_scheme;  // what the categories' codes are: "Fingertips SexID"
    bool ordered = false;
    // Open: sources may use categories beyond those declared (areas: every ONS code), and
    // meeting one is not reported.
    bool open = false;
    std::vector<Category> categories;
    // The category `text` names: its name, code or an alias, compared as normalise_text
    // compares; nullptr when none does.
    const Category* find(std::string_view text) const;
    // The position of `category` (a name as the model writes it) in the order; -1 when absent.
    int rank(std::string_view category) const;
};

// The dimension `id` among `dimensions` (compared normalised: "Sex" finds "sex"); nullptr when
// none. The one lookup of a dimension by id (the model's, a mapping's, a records column's).
const Dimension* find_dimension(const std::vector<Dimension>& dimensions, std::string_view id);

// What resolve_category made of one pair: its dimension is not declared (kept as written), its
// category was found or the dimension is open (kept, as the declared name), it names the
// dimension's total (to be dropped), or the declared dimension has no such category (kept as
// written; the caller reports it).
enum class CategoryResolution : std::uint8_t { undeclared, kept, total, unknown };

// Resolves `pair` against `dimensions` (ids compared normalised): the dimension takes its
// declared id and a known category its declared name.
CategoryResolution resolve_category(const std::vector<Dimension>& dimensions, BreakdownPair& pair);

// `breakdown` with every pair resolved and the pairs naming a total dropped: the one rule that
// makes "Males" and "Male", "All persons" and no sex pair, the same part of the population.
Breakdown resolved_breakdown(const std::vector<Dimension>& dimensions, Breakdown breakdown);

struct Observation {
    std::string indicator_id;
    Period period;
    std::string period_text;      // as written
    std::optional<double> value;  // in the indicator's unit (percent as 83.4)
    std::optional<double> count, denominator, lower_ci, upper_ci;
    std::string series;   // sub-series name when a block has several ("Attended")
    Breakdown breakdown;  // empty: the whole population
    MissingReason missing = MissingReason::none;
    int decimals = -1;           // decimal places the source shows
    bool percent_shown = false;  // the source showed a percentage
    bool provisional = false, suppressed = false, estimated = false;
    std::string raw;  // the cell as written
    Provenance where;
    // The benchmark the source gives for the same period (an "England" or comparator-group row
    // under the indicator's row): its name as written, its value in the same unit, its published
    // 95% limits if any, and its cell on the same sheet. Empty/absent when none.
    std::string comparator_name;
    std::optional<double> comparator_value, comparator_lower_ci, comparator_upper_ci;
    std::string comparator_cell;
};

enum class ExpectationKind : std::uint8_t {
    baseline,
    improvement,
    maintain,
    long_term_improvement,
    tbc,
    target
};
// "baseline", "improvement", "maintain", "long_term_improvement", "tbc", "target".
const char* expectation_kind_name(ExpectationKind kind) noexcept;

// The trajectory cell for an indicator and period.
struct Expectation {
    std::string indicator_id;
    Period period;
    std::string period_text;
    ExpectationKind kind = ExpectationKind::tbc;
    std::optional<double> target;  // for kind target
    std::string raw;
    Provenance where;
};

// A typed relation between two items of the model. Kinds: "indicator_of" (indicator to its
// outcome), "contributes_to" (outcome to outcome, with a marker strength), "action_of" (action
// to commitment), "see_also" (a cross-reference written in the text).
struct Link {
    std::string kind;
    std::string from_id;
    std::string to_id;
    std::string strength;  // vocabulary value of the marker ("primary", "secondary"); may be empty
    std::string raw;       // the marker or reference as written
    Provenance where;
};

// A named value of a workbook that is not an indicator value: the reporting council, an area
// code, a contact name, a submission date. Named by the mapping's <fact> rule, so the same name
// finds the value in any layout that has it, and a return can be filled with it.
struct Fact {
    std::string name;              // the <fact> rule's name: "council", "contact-name"
    std::string text;              // the value as text: as written, a number as shown, a date ISO
    std::optional<double> number;  // set when the cell holds a number (not a date)
    std::string framework_id;
    Provenance where;
};

// True when two facts hold the same value: equal numbers when both have one, else the same text
// once case and spacing are set aside ("Kirklees", "KIRKLEES ").
bool same_fact_value(const Fact& a, const Fact& b);

// Appends `from` to `into`, skipping a fact whose name and value `into` already holds (the first
// keeps its provenance); two values under one name are both kept, for a person to choose.
void merge_facts(std::vector<Fact>& into, const std::vector<Fact>& from);

struct Model {
    std::vector<Framework> frameworks;
    std::vector<Outcome> outcomes;
    std::vector<Indicator> indicators;
    std::vector<Observation> observations;
    std::vector<Expectation> expectations;
    std::vector<Link> links;
    // The dimensions the breakdowns use that a mapping declared (those not declared have none
    // here: their categories are as written, unordered and without codes).
    std::vector<Dimension> dimensions;
    std::vector<Fact> facts;  // in the order read

    // Lookups by id; nullptr when absent.
    const Outcome* find_outcome(std::string_view id) const;
    const Indicator* find_indicator(std::string_view id) const;
    // The declared dimension `id` (compared normalised: "Sex" finds "sex"); nullptr when none.
    const Dimension* find_dimension(std::string_view id) const;
};

}  // namespace kpimap
