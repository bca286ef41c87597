#include "convert/convert_context.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "core/icu_regex.hpp"
#include "kpimap/text_match.hpp"

namespace kpimap::detail {

std::string slug(std::string_view text, std::size_t max_length) {
    std::string out;
    bool dash = false;
    for (unsigned char c : text) {
        if (std::isalnum(c)) {
            if (dash && !out.empty()) out += '-';
            out += static_cast<char>(std::tolower(c));
            dash = false;
        } else {
            dash = true;
        }
        if (out.size() >= max_length) break;
    }
    return out.empty() ? "item" : out;
}

bool sheet_selected(std::string_view pattern, std::string_view sheet_name) {
    return pattern == "*" || IcuRegex(pattern).found_in(sheet_name);
}

ConvertContext::ConvertContext(const Workbook& w, const Mapping& m, ConversionResult& r)
    : wb(w), mapping(m), result(r) {
    const std::string stem = std::filesystem::path(wb.source).stem().string();
    framework_id = mapping.id + "@" + stem;
    Framework fw;
    fw.id = framework_id;
    fw.title = mapping.framework_title.empty() ? stem : mapping.framework_title;
    fw.owner = mapping.framework_owner;
    fw.period = mapping.framework_period;
    fw.mapping_id = mapping.id;
    fw.where.file = wb.source;
    result.model.frameworks.push_back(std::move(fw));
}

std::string ConvertContext::text(const Cell& cell) const {
    std::string t = wb.value_text(cell);
    const auto first = t.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = t.find_last_not_of(" \t\r\n");
    return t.substr(first, last - first + 1);
}

void ConvertContext::use(std::size_t sheet, CellRef at) {
    used_.insert(key(sheet, at));
}

Provenance ConvertContext::where(std::size_t sheet, CellRef at) const {
    return {wb.source, wb.sheets[sheet].name, to_a1(at)};
}

Provenance ConvertContext::where(std::size_t sheet, CellRef first, CellRef last) const {
    return {wb.source, wb.sheets[sheet].name,
            first == last ? to_a1(first) : range_to_a1({first, last})};
}

Provenance ConvertContext::row_where(std::size_t sheet, std::uint32_t row) const {
    std::uint32_t lo = kMaxColumns, hi = 0;
    for (const Row& r : wb.sheets[sheet].rows)
        if (r.index == row)
            for (const Cell& c : r.cells)
                if (!text(c).empty()) lo = std::min(lo, c.col), hi = std::max(hi, c.col);
    if (lo > hi) lo = hi = 0;
    return where(sheet, {row, lo}, {row, hi});
}

void ConvertContext::report(Severity severity, DiagnosticCode code, std::size_t sheet, CellRef at,
                            std::string raw, std::string message) {
    reported_.insert(key(sheet, at));
    cell_diagnostics_.insert(result.diagnostics.size());
    if (declined_by_mapping(code)) left_out_.insert(key(sheet, at));
    result.diagnostics.push_back(
        {severity, code, where(sheet, at), std::move(raw), std::move(message)});
}

void ConvertContext::note(Severity severity, DiagnosticCode code, Provenance w, std::string raw,
                          std::string message) {
    result.diagnostics.push_back({severity, code, std::move(w), std::move(raw), std::move(message)});
}

std::string ConvertContext::make_id(std::string_view kind, std::string_view title) {
    const std::string base = fmt::format("{}/{}/{}", framework_id, kind, slug(title));
    std::string id = base;
    for (int n = 2; ids_.contains(id); ++n) id = fmt::format("{}-{}", base, n);
    ids_.insert(id);
    return id;
}

std::string ConvertContext::add_outcome(std::string level, std::string code, std::string title,
                                        std::string parent, Provenance w) {
    Outcome o;
    o.id = make_id(level, code.empty() ? title : code);
    o.framework_id = framework_id;
    o.level = std::move(level);
    o.code = std::move(code);
    o.title = std::move(title);
    o.parent_id = std::move(parent);
    o.where = std::move(w);
    result.model.outcomes.push_back(o);
    return o.id;
}

std::optional<std::size_t> ConvertContext::find_outcome(std::string_view level,
                                                        std::string_view code,
                                                        std::string_view title) const {
    const auto& outcomes = result.model.outcomes;
    const std::string key = title_key(title);
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const Outcome& o = outcomes[i];
        if (o.framework_id != framework_id || o.level != level) continue;
        if (!code.empty() && !o.code.empty() ? o.code == code : title_key(o.title) == key) return i;
    }
    return std::nullopt;
}

std::optional<std::size_t> ConvertContext::find_indicator(std::string_view title) const {
    auto it = indicator_keys_.find(title_key(title));
    if (it == indicator_keys_.end()) return std::nullopt;
    return it->second;
}

void ConvertContext::extend_indicator_title(std::size_t index, std::string_view more) {
    Indicator& ind = result.model.indicators[index];
    auto it = indicator_keys_.find(title_key(ind.title));
    if (it != indicator_keys_.end() && it->second == index) indicator_keys_.erase(it);
    ind.title += " ";
    ind.title += more;
    indicator_keys_.emplace(title_key(ind.title), index);
}

std::size_t ConvertContext::add_indicator(Indicator indicator) {
    indicator.framework_id = framework_id;
    if (indicator.id.empty()) indicator.id = make_id("indicator", indicator.title);
    indicator_keys_.emplace(title_key(indicator.title), result.model.indicators.size());
    result.model.indicators.push_back(std::move(indicator));
    return result.model.indicators.size() - 1;
}

std::size_t ConvertContext::find_or_add_indicator(Indicator candidate) {
    if (auto existing = find_indicator(candidate.title)) return *existing;
    return add_indicator(std::move(candidate));
}

bool ConvertContext::add_link(Link link, bool allow_repeat) {
    const bool first =
        link_keys_.insert(link.kind + '\n' + link.from_id + '\n' + link.to_id).second;
    if (first || allow_repeat) result.model.links.push_back(std::move(link));
    return first;
}

std::optional<CellRef> find_header(const ConvertContext& ctx, const Sheet& sheet,
                                   std::string_view header, int search_rows) {
    if (sheet.rows.empty()) return std::nullopt;
    const std::string wanted = normalise_text(header);
    const std::uint32_t first = sheet.rows.front().index;
    for (const Row& row : sheet.rows) {
        if (row.index >= first + static_cast<std::uint32_t>(search_rows)) break;
        for (const Cell& cell : row.cells)
            if (normalise_text(ctx.text(cell)) == wanted) return CellRef{row.index, cell.col};
    }
    return std::nullopt;
}

std::optional<NearHeader> near_header(const ConvertContext& ctx, std::size_t sheet,
                                      const std::vector<CellRef>& candidates,
                                      std::string_view wanted) {
    const std::string key = title_key(wanted);
    if (key.empty()) return std::nullopt;
    const int limit = typing_slip_edits(key);
    std::optional<NearHeader> best;
    int best_distance = limit + 1;
    bool tie = false;
    for (const CellRef& at : candidates) {
        const Cell* cell = ctx.wb.sheets[sheet].find(at);
        if (cell == nullptr) continue;
        std::string text = ctx.text(*cell);
        const int d = edit_distance(title_key(text), key, limit);
        if (d > limit || d > best_distance) continue;
        tie = d == best_distance;
        if (d < best_distance) best = NearHeader{at, std::move(text)};
        best_distance = d;
    }
    if (tie) return std::nullopt;
    return best;
}

RuleMiss explain_header_miss(const ConvertContext& ctx, std::size_t sheet, std::string rule,
                             std::string_view sheet_pattern, std::string_view header,
                             int search_rows) {
    const Sheet& sh = ctx.wb.sheets[sheet];
    if (!sheet_selected(sheet_pattern, sh.name))
        return {
            0, std::move(rule),
            fmt::format("its sheet pattern /{}/ does not take sheet '{}'", sheet_pattern, sh.name)};
    const std::string wanted = normalise_text(header);
    const std::uint32_t first = sh.rows.empty() ? 0 : sh.rows.front().index;
    const std::uint32_t end = first + static_cast<std::uint32_t>(search_rows);
    std::vector<CellRef> searched;
    for (const Row& row : sh.rows)
        for (const Cell& cell : row.cells) {
            const std::string t = ctx.text(cell);
            if (t.empty()) continue;
            const CellRef at{row.index, cell.col};
            if (normalise_text(t) == wanted)  // below the rows searched, or it would be found
                return {
                    2, std::move(rule),
                    fmt::format("its header '{}' is at {}, below the {} rows it searches "
                                "from row {}; raise its search-rows to {} or more",
                                header, to_a1(at), search_rows, first + 1, row.index - first + 1)};
            if (row.index < end) searched.push_back(at);
        }
    if (const auto near = near_header(ctx, sheet, searched, header))
        return {2, std::move(rule),
                fmt::format("no cell is '{}', but {} holds '{}': did you mean that? Write the "
                            "header in the mapping as the sheet has it",
                            header, to_a1(near->at), near->text)};
    return {1, std::move(rule),
            fmt::format("no cell of the first {} rows is '{}'", search_rows, header)};
}

namespace {

// "A1:F30", or "" for an empty sheet: where a whole-sheet diagnostic points.
std::string used_range_text(const Sheet& sheet) {
    const auto used = sheet.used_range();
    return used ? range_to_a1(*used) : std::string();
}

}  // namespace

void ConvertContext::finish() {
    for (std::size_t s = 0; s < wb.sheets.size(); ++s) {
        const Sheet& sheet = wb.sheets[s];
        SheetCoverage coverage{sheet.name, 0, 0, 0, read_sheets_.contains(s)};
        std::size_t unread = 0;  // on a sheet no rule read: cells with no diagnostic of their own
        for (const Row& row : sheet.rows)
            for (const Cell& cell : row.cells) {
                const std::string t = text(cell);
                if (t.empty()) continue;
                ++coverage.cells;
                const CellRef at{row.index, cell.col};
                if (used_.contains(key(s, at))) {
                    ++coverage.used;
                    continue;
                }
                if (left_out_.contains(key(s, at))) ++coverage.left_out;
                if (reported_.contains(key(s, at))) continue;
                if (!coverage.read) {
                    ++unread;
                    continue;
                }
                const bool inside = std::any_of(
                    regions_.begin(), regions_.end(),
                    [&](const auto& r) { return r.first == s && r.second.contains(at); });
                if (inside)
                    report(Severity::warning, DiagnosticCode::unmapped_cell, s, at, t,
                           "this cell is inside a table or matrix but no rule of the mapping "
                           "reads it; extend the mapping if it holds data");
                else
                    report(Severity::info, DiagnosticCode::outside_region, s, at, t,
                           "outside every table and matrix the mapping describes (a title or "
                           "note?); not read");
            }
        result.cells_seen += coverage.cells;
        result.cells_used += coverage.used;
        result.cells_reported += coverage.cells - coverage.used;
        if (unread > 0) {
            const RuleMiss closest = closest_rule(*this, s);
            note(Severity::warning, DiagnosticCode::sheet_not_read,
                 {wb.source, sheet.name, used_range_text(sheet)}, "",
                 fmt::format("no table or matrix of mapping '{}' was found on this sheet, so its "
                             "{} non-empty cells were not read; {}; add a rule for this sheet "
                             "if it holds data",
                             mapping.id, unread,
                             closest.rule.empty() ? std::string("the mapping has no rule")
                                                  : fmt::format("the closest rule is {}: {}",
                                                                closest.rule, closest.why)));
        }
        result.sheets.push_back(std::move(coverage));
    }
    const std::vector<const SheetCoverage*> poor = result.poor_fit();
    if (!poor.empty() && !poor.front()->read)  // no sheet read: one line for the workbook
        note(Severity::warning, DiagnosticCode::poor_fit, {wb.source, "", ""}, "",
             fmt::format("mapping '{}' read no sheet of this workbook, so none of its {} "
                         "non-empty cells is used; choose another mapping with --mapping FILE, "
                         "or extend this one (each sheet_not_read line names the rule that came "
                         "closest)",
                         mapping.id, result.cells_seen));
    else
        for (const SheetCoverage* sheet : poor) {
            const auto s = static_cast<std::size_t>(sheet - result.sheets.data());
            note(Severity::warning, DiagnosticCode::poor_fit,
                 {wb.source, sheet->sheet, used_range_text(wb.sheets[s])}, "",
                 fmt::format("mapping '{}' accounts for {} of the {} non-empty cells of this "
                             "sheet ({:.0f}%): less than half, so it may not be meant for this "
                             "layout; check the warnings of this sheet, choose another mapping "
                             "with --mapping FILE, or extend this one",
                             mapping.id, sheet->used + sheet->left_out, sheet->cells,
                             100 * sheet->coverage()));
        }
    count_warnings();
}

void ConvertContext::count_warnings() {
    std::unordered_map<std::string, std::size_t> sheet_index;
    for (std::size_t s = 0; s < wb.sheets.size(); ++s) sheet_index.emplace(wb.sheets[s].name, s);
    WarningCounts& counts = result.warning_counts;
    for (std::size_t i = 0; i < result.diagnostics.size(); ++i) {
        const ConvertDiagnostic& d = result.diagnostics[i];
        if (d.severity != Severity::warning) continue;
        // A note is about one cell when it names one non-empty cell; a report always is.
        std::optional<std::uint64_t> cell;
        auto s = sheet_index.find(d.where.sheet);
        const std::optional<CellRef> at = parse_a1(d.where.cell);
        if (s != sheet_index.end() && at) {
            const Cell* c = wb.sheets[s->second].find(*at);
            if (cell_diagnostics_.contains(i) || (c != nullptr && !text(*c).empty()))
                cell = key(s->second, *at);
        }
        if (!cell)
            ++counts.elsewhere;
        else if (used_.contains(*cell))
            ++counts.on_used_cells;
        else
            ++counts.on_unused_cells;
    }
}

}  // namespace kpimap::detail
