// Mapping files: declarative XML that says how one workbook layout corresponds to the canonical
// model (docs/mapping-reference.md documents every element with an example; mappings/mapping.xsd
// is the schema). Loading validates everything up front and reports errors with line numbers.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kpimap/error.hpp"
#include "kpimap/model.hpp"
#include "kpimap/text_match.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap {

// The closed sets of keywords a mapping file's attributes take, as enums: the loader parses each
// keyword once, through the one name table of its enum (mapping/mapping_keywords.cpp), and the
// readers and the write planner compare enums. Open values (titles, headers, patterns, levels,
// dimensions, link kinds) stay text.

// role="..." of a table's <column> or <columns> (docs/mapping-reference.md, "Column roles").
enum class ColumnRole : std::uint8_t {
    outcome,             // "outcome"
    outcome_code,        // "outcome.code"
    outcome_summary,     // "outcome.summary"
    outcome_outputs,     // "outcome.outputs"
    indicator_title,     // "indicator.title"
    indicator_aim,       // "indicator.aim"
    indicator_capture,   // "indicator.capture"
    indicator_code,      // "indicator.code"
    indicator_unit,      // "indicator.unit"
    indicator_polarity,  // "indicator.polarity"
    expectation,         // "expectation"
    observation,         // "observation"
    breakdown,           // "breakdown"
    breakdown_code,      // "breakdown.code"
    denominator,         // "denominator"
    ignore,              // "ignore"
};
// The role's name as a mapping file writes it: "indicator.title".
const char* column_role_name(ColumnRole role) noexcept;

// role="..." of a long table's <field> (docs/mapping-reference.md, "<records>").
enum class FieldRole : std::uint8_t {
    indicator_code,     // "indicator.code"
    indicator_title,    // "indicator.title"
    period,             // "period": period text (2013/14)
    period_year,        // "period.year": the year the period starts in
    period_year_range,  // "period.year-range": the whole years it covers
    period_quarter,     // "period.quarter"
    period_month,       // "period.month"
    value,              // "value"
    count,              // "count"
    denominator,        // "denominator"
    lower_ci,           // "lower-ci"
    upper_ci,           // "upper-ci"
    lower_ci_99_8,      // "lower-ci-99.8"
    upper_ci_99_8,      // "upper-ci-99.8"
    breakdown,          // "breakdown"
    constant,           // "constant"
    ignore,             // "ignore"
};
// The role's name as a mapping file writes it: "period.year-range".
const char* field_role_name(FieldRole role) noexcept;

// show="..." of a <status> or <status-columns>: which computed status a column receives.
enum class StatusShow : std::uint8_t {
    travel,        // "travel": direction of travel
    trajectory,    // "trajectory"
    rag,           // "rag"
    significance,  // "significance"
    trend,         // "trend"
    explanation,   // "explanation": the one-line explanations
};
// The name as a mapping file writes it, which is also the status's name: "trajectory".
const char* status_show_name(StatusShow show) noexcept;

// split="..." of a key <column> or a matrix's <row-detail>: how one cell lists several indicators.
enum class ListSplit : std::uint8_t {
    numbered_list,  // "numbered-list": "1. ... 2. ..." gives one item per number
    none,           // "none": the cell is one item
};
// The name as a mapping file writes it: "numbered-list".
const char* list_split_name(ListSplit split) noexcept;

// measure="..." of a <table>: what its values are.
enum class TableMeasure : std::uint8_t {
    value,      // "value": observations
    margin_95,  // "margin-95": 95% margins of error of values other rules read
};
// The name as a mapping file writes it: "margin-95".
const char* table_measure_name(TableMeasure measure) noexcept;

// One detection rule; a workbook's score is the number of rules it satisfies.
struct DetectRule {
    enum class Kind : std::uint8_t { sheet_name, cell_text, cell_pattern };
    Kind kind = Kind::cell_text;
    std::string value;  // text (compared normalised) or an ICU regular expression
    int line = 0;       // line in the mapping file
};

// A column `kpimap update` fills with a computed status, one cell per indicator row of the
// construct that holds it (docs/mapping-reference.md, "Status targets").
struct StatusTarget {
    // What is written: a status (its name, or a vocabulary's text for it) or the explanations.
    StatusShow show = StatusShow::travel;
    std::string header;        // the column's header text; found in the header row first
    std::string column;        // "G": the column used when no header cell has `header`
    bool write_header = true;  // write `header` into an empty header cell of `column`
    std::string vocabulary;    // term value = status name, term text = what is written
    // <status-columns>: one column per period, headers matching `header_pattern` (then
    // `header` is empty); `period` ("$1") names each column's period. show is trajectory (the
    // trajectory status of that period) or explanation (its explanation).
    std::string header_pattern;
    std::string period;
    int line = 0;
};

// How a table column (or a family of columns) is used.
struct ColumnRule {
    std::string header;          // exact header text (compared normalised); or
    std::string header_pattern;  // an ICU regex matched against header text (repeated columns)
    ColumnRole role = ColumnRole::ignore;
    std::string level;        // outcome level for role outcome
    std::string group_start;  // regex: a non-empty cell matching it starts a new group
    std::string vocabulary;   // vocabulary id for the cell values
    std::string period;       // "$1" (a capture of header_pattern) or literal period text
    std::string scheme;       // code scheme for role indicator_code
    // Key column only: a regex for texts that stand where a measure should be ("Metric requires
    // development"); such a record makes no indicator and is reported as a measure gap of its
    // group.
    std::string gap_pattern;
    ListSplit split = ListSplit::none;  // numbered_list: a key cell listing several indicators
    // Breakdowns (docs/mapping-reference.md, "Breakdowns"): for role breakdown, the dimension
    // its cells are categories of (a group column: a blank cell keeps the category above); on an
    // observation <columns> family, the dimension and the category ("$1": a capture of
    // header_pattern) every value of the family has.
    std::string dimension;
    std::string category;
    // Two-row headers, on a <columns> family: the cell of the header row above (the nearest
    // non-empty one at or left of the column, as a merged title spans its columns) gives each
    // column's indicator (upper_role indicator_title, the only upper role) or a breakdown pair
    // (upper_dimension and upper_category, "$1" a capture of upper_pattern, which the cell must
    // match).
    std::optional<ColumnRole> upper_role;
    std::string upper_pattern;
    std::string upper_dimension;
    std::string upper_category;
    bool key = false;  // the column that identifies a logical row
    int line = 0;
};

// When a physical row continues the logical row above instead of starting a new one.
struct ContinuationRule {
    bool key_empty = true;                    // the key cell is empty
    bool key_lowercase = true;                // the key text starts with a lower-case letter or '('
    std::vector<std::string> dangling_words;  // the key line above ends with one of these
    bool key_repeated = true;  // the key repeats the line above (reported as a duplicate)
};

// A table: a header row found by its text, then one logical row per record.
struct TableRule {
    std::string id;
    std::string sheet;             // ICU regex on sheet names; "*" means every sheet
    std::string header;            // text of a cell in the header row
    int search_rows = 30;          // rows searched for the header
    int end_after_blank_rows = 4;  // rows with no text in the table's columns, absent rows too
    // The sheet holds several tables one under another, each under its own header row (with
    // its own columns and periods): after a table ends at blank rows, the next row holding
    // `header` starts the next table. A repeated header row always starts a new table.
    bool stacked = false;
    std::string section_level;  // when set, a lone bold or capitalised key cell is a section
    std::vector<ColumnRule> columns;
    // <breakdown> children: the pairs every value of the table has (a block title such as "aged
    // 18-64" named by the mapping).
    std::vector<BreakdownPair> breakdown;
    // <breakdown title-pattern="..."> children: the category comes from the block title, the
    // nearest cell above the header row (within title_rows) matching the pattern; the pair's
    // category may use $1, $2, ... of its captures ("Table 2: ... aged 65 and over").
    struct TitleBreakdown {
        BreakdownPair pair;
        std::string pattern;
        int line = 0;
    };
    std::vector<TitleBreakdown> title_breakdowns;
    ContinuationRule continuation;
    std::vector<StatusTarget> statuses;  // columns `update` writes statuses into
    // Category rows (the key column is role breakdown): each row is a category, not an
    // indicator, and each value's indicator is its column's (upper_role) or this one.
    std::string indicator;
    // Section rows of a category table: a key cell with this title and no values starts a
    // section whose rows are categories of `dimension` ("Gender" then Male, Female).
    struct Section {
        std::string title;
        std::string dimension;
        int line = 0;
    };
    std::vector<Section> sections;
    // The category row that is every other row's comparator ("18 CASSR Average", "England"):
    // its values become the comparator of the values of the same indicator, period and other
    // pairs (Observation::comparator_value).
    std::string comparator;
    // What the table's values are: observations, or margin_95: the 95% margins of error of
    // values read by the mapping's other rules (same indicator, period and breakdown), which
    // become their limits (value - margin, value + margin).
    TableMeasure measure = TableMeasure::value;
    int line = 0;
};

// A matrix: row items x column items, each marked cell a typed link.
struct MatrixRule {
    std::string id;
    std::string sheet;
    std::string header;  // text of the row-items header cell; repeats are skipped
    int search_rows = 30;
    // Row items: an outcome per row, from the column headed `row_header`.
    std::string row_header;
    std::string row_level;
    std::string row_code_pattern;  // regex whose first capture is the outcome code
    // Detail column: indicators of the row item, split from one cell.
    std::string detail_header;
    ListSplit detail_split = ListSplit::none;
    // Column items: outcomes, one per column from first_column to last_column (1-based).
    int first_column = 0;
    int last_column = 0;
    std::string column_level;
    std::string catalogue;  // catalogue id naming the column items
    std::string cell_vocabulary;
    // The kind of the links made (model Link::kind, an open set: any non-empty name).
    std::string link_kind = "contributes_to";
    int line = 0;
};

// Series blocks: an indicator title above a "Year" label, with its periods across a row
// ("Year | 2013 | 2014" then "Value | 3.3 | 4.8") or down a column ("Year | Percentage" then
// "12/13 | 5.8%"); several blocks per sheet, each sheet one outcome.
struct SeriesRule {
    std::string id;
    std::string sheet;
    std::string period_label = "Year";      // text of the cell that starts a block
    std::vector<std::string> value_labels;  // "Value", "Percentage", "Attended", ...
    std::string outcome_cell;               // e.g. "A1": the sheet's outcome title
    std::string outcome_level = "outcome";
    std::string outcome_code_pattern;  // first capture is the outcome code
    std::string summary_cell;          // e.g. "A2": the outcome's published summary
    std::string judgement_pattern;     // first capture is a ✔/✘ marker in the title
    int line = 0;
};

// Period tables: rows of indicators under a header row of periods ("12/13 | 13/14 | ..."), as
// many sub-tables per sheet as there are period header rows; a lone bold title with no values
// is a section ("ADULT SOCIAL CARE") grouping the rows below it.
struct PeriodTableRule {
    std::string id;
    std::string sheet;
    int title_column = 1;  // 1 = column A
    int min_periods = 2;   // period cells a header row needs (1 for a single date column)
    // The text a header row holds in the title column ("Indicator"), when it holds one: needed
    // for header rows of whole-number years, which an indicator row of counts could also be.
    std::string header;
    std::string section_level = "section";
    // Attached rows (ICU regexes on the row title; "" = not read): a matching row is no indicator
    // but gives, per period, the comparator ("England") of the indicator row directly above it,
    // or the lower/upper 95% limits, count or denominator of the row above it (the indicator, or
    // the comparator for limits).
    std::string comparator_pattern;
    std::string lower_ci_pattern;
    std::string upper_ci_pattern;
    std::string count_pattern;
    std::string denominator_pattern;
    std::vector<StatusTarget> statuses;  // columns `update` writes statuses into
    int line = 0;
};

// One column of a long table (<records>): its header and what it holds.
struct RecordField {
    std::string header;  // exact header text (compared normalised)
    FieldRole role = FieldRole::ignore;
    std::string scheme;       // indicator_code: the code scheme ("fingertips")
    std::string value;        // constant: the value every row has (overridable by --set)
    bool has_value = false;   // constant: `value` was given
    std::string empty_value;  // written when the model has nothing; read as "nothing" ("-1")
    // role breakdown: the dimension whose category the column holds (AgeID: age), and whether
    // it holds the category's code in the dimension's catalogue (Fingertips AgeID 27) rather
    // than its name.
    std::string dimension;
    bool category_as_code = false;
    int line = 0;
};

// A long table: one row per observation under a header row (the Fingertips upload format).
// Reads and writes: writing updates matching rows and appends new ones after the last row, or
// replaces every existing row (`replace_existing`).
struct RecordsRule {
    std::string id;
    std::string sheet = "*";
    std::string header;    // text of a cell in the header row
    int search_rows = 30;  // rows searched for the header
    bool replace_existing = false;
    bool financial_years = false;  // period.year is the start of a financial year (Apr-Mar)
    // A table with no period column (a return for one year): the period of every row, as
    // written in the mapping ("2021/22"); "" when the rows give their own.
    std::string period;
    std::vector<RecordField> fields;
    int line = 0;
};

// A dashboard sheet (one per theme): a theme title, then a header row with priority,
// indicator, ref, commitment, success and action columns. Indicators are numbered lists
// ("1. ...", several in one cell); commitments have refs ("A.1", "A5"); actions have codes
// ("A.1.1", several in one cell) whose ref prefix names their commitment; "See A.1 and A.3.4"
// texts are cross-references.
struct DashboardRule {
    std::string id;
    std::string sheet;
    std::string header;  // text of a cell in the header row
    int search_rows = 10;
    std::string theme_cell;  // e.g. "A1": the theme title; "" means the sheet name
    std::string theme_level = "theme";
    std::string priority_header;  // "" when the layout has no priority column
    std::string priority_level = "priority";
    std::string indicator_header;
    std::string indicator_marker =
        "(?:^|\\s)(\\d{1,2})[.):]\\s+";  // number markers; capture 1 is the number
    std::string ref_header;
    std::string commitment_header;
    std::string success_header_pattern;  // regex on the success column's header
    std::string commitment_level = "commitment";
    std::string action_header;
    std::string action_level = "action";
    std::string code_pattern = "\\b[A-Z]\\.?\\d+(?:\\.\\d+)*\\.?";  // refs and action codes
    std::string cue_pattern = "(?i)\\b(?:see|link to)\\b";          // opens a cross-reference
    std::vector<std::string> not_after = {"see", "and", "to", "re",
                                          "or",  "also"};  // a code after these is a reference
    std::string placeholder_pattern = "^\\s*-{2,}\\s*$";   // "--", "----------": nothing
    int line = 0;
};

// A named value in one cell (<fact>): the reporting council, a contact name, a date. The cell is
// named by address, or found beside a label, because sign-off sheets move their rows about less
// than their columns. Read into Model::facts; `kpimap return` writes it back (or a --set value).
struct FactRule {
    enum class Type : std::uint8_t { any, text, number, date };
    std::string name;                     // unique in the mapping; what --set NAME=VALUE names
    std::string sheet = "*";              // ICU regex on sheet names: the first sheet it takes
    std::optional<CellRef> cell;          // the value's cell; or
    std::string label;                    // the text of the label cell (compared normalised)
    std::optional<std::uint32_t> column;  // label form: the value's column in the label's row
    int search_rows = 60;                 // label form: rows searched for the label
    Type type = Type::any;                // any: the cell as it is, a number cell gives a number
    int line = 0;
};
// "any", "text", "number", "date".
const char* fact_type_name(FactRule::Type type) noexcept;

struct CatalogueItem {
    std::string code;
    std::string title;
};

struct Catalogue {
    std::string id;
    std::string title;
    std::vector<CatalogueItem> items;
};

struct VocabularyRule {
    std::string id;
    int fuzzy = 0;  // edit distance tolerated after confusable folding
    Vocabulary terms;
};

struct Mapping {
    std::string id;
    std::string title;
    std::string path;  // the file it was loaded from
    std::vector<DetectRule> detect;
    int min_score = 1;
    std::string framework_title;  // "" means the workbook's file stem
    std::string framework_owner;
    std::string framework_period;
    std::vector<TableRule> tables;
    std::vector<MatrixRule> matrices;
    std::vector<SeriesRule> series;
    std::vector<PeriodTableRule> period_tables;
    std::vector<DashboardRule> dashboards;
    std::vector<RecordsRule> records;
    std::vector<FactRule> facts;
    std::map<std::string, VocabularyRule> vocabularies;
    std::map<std::string, Catalogue> catalogues;
    // Declared dimensions (<dimension>, usually included from mappings/catalogues/
    // dimensions.xml): conversion writes their categories' names for any alias a source uses,
    // drops a pair naming a dimension's total, and copies them into the model.
    std::vector<Dimension> dimensions;
};

// A problem in a mapping file: an Error with code mapping_invalid, its file and line (1-based; 0
// when unknown). The name stays for the loaders' callers.
using MappingError = Error;

struct MappingLoadResult {
    std::optional<Mapping> mapping;
    std::vector<MappingError> errors;  // empty on success
    explicit operator bool() const noexcept { return mapping.has_value(); }
};

// Loads and validates a mapping file (and the catalogue files it includes).
MappingLoadResult load_mapping(const std::string& path);

// Loads and validates mapping text held in memory (a draft from kpimap suggest); `path` names it
// in messages and is where <include file> is resolved from.
MappingLoadResult load_mapping_text(const std::string& path, std::string text);

// Loads every *.xml mapping in a folder (catalogue files under it are skipped), sorted by file
// name.
std::vector<MappingLoadResult> load_mappings_in(const std::string& folder);

}  // namespace kpimap
