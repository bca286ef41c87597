// patch_workbook(): reads only what the writes need (workbook.xml and its relationships, the
// styles for protection, the sheets written to, calcChain), splices the writes into the sheets,
// and copies every other part byte for byte.
#include "kpimap/package_patch.hpp"
#include "kpimap/text_match.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <new>
#include <optional>
#include <set>
#include <unordered_map>

#include "formats/xlsx/xlsx_parts.hpp"
#include "formats/xml/xml_stream.hpp"
#include "formats/xml/xml_util.hpp"
#include "formats/zip/zip_package.hpp"
#include "writers/package/package_parts.hpp"
#include "writers/package/xml_splice.hpp"

namespace kpimap {

namespace {

constexpr std::size_t kMaxTextChars = 32767;  // Excel's limit for one cell

// The error a format that cannot be patched gets; mirrors the reader's refusals.
void refuse_format(DetectedFormat format) {
    switch (format) {
        case DetectedFormat::xlsx:
            return;
        case DetectedFormat::encrypted_ooxml:
            throw ReadError(ErrorCode::encrypted, "",
                            "the workbook is password-protected (an encrypted OLE package)");
        case DetectedFormat::damaged_zip:
            throw ReadError(ErrorCode::corrupt_zip, "",
                            "starts like a ZIP package but the archive is truncated or damaged");
        case DetectedFormat::xlsb:
            throw ReadError(ErrorCode::unsupported_format, "",
                            "binary Excel workbooks (.xlsb) cannot be patched");
        case DetectedFormat::xls:
        case DetectedFormat::ods:
        case DetectedFormat::csv:
            throw ReadError(ErrorCode::unsupported_format, "",
                            fmt::format("only .xlsx and .xlsm packages can be patched, not {}",
                                        detected_format_name(format)));
        case DetectedFormat::other_zip:
            throw ReadError(ErrorCode::not_a_workbook, "",
                            "a ZIP package without a spreadsheet (a Word or PowerPoint file?)");
        case DetectedFormat::other_ole:
            throw ReadError(ErrorCode::not_a_workbook, "",
                            "an OLE compound file without a workbook stream (a legacy Word file?)");
        default:
            throw ReadError(ErrorCode::not_a_workbook, "",
                            "the content is not a spreadsheet kpimap reads");
    }
}

std::size_t utf8_chars(std::string_view text) {
    std::size_t n = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

void validate(const CellWrite& w) {
    const auto where = [&] { return fmt::format("{}!{}", w.sheet, to_a1(w.cell)); };
    if (w.cell.row >= kMaxRows || w.cell.col >= kMaxColumns)
        throw ReadError(ErrorCode::invalid_write, "",
                        fmt::format("cell row {} column {} of sheet '{}' is outside the sheet",
                                    w.cell.row + 1, w.cell.col + 1, w.sheet));
    if ((w.kind == CellWrite::Kind::number) && !std::isfinite(w.number))
        throw ReadError(
            ErrorCode::invalid_write, "",
            fmt::format("{}: {} is not a number a workbook can hold", where(), w.number));
    if (w.kind == CellWrite::Kind::text && utf8_chars(w.text) > kMaxTextChars)
        throw ReadError(ErrorCode::invalid_write, "",
                        fmt::format("{}: the text has {} characters; a cell holds at most {}",
                                    where(), utf8_chars(w.text), kMaxTextChars));
}

const detail::Relationship* find_rel(const std::vector<detail::Relationship>& rels,
                                     std::string_view kind) {
    for (const detail::Relationship& r : rels)
        if (!r.external && detail::rel_type_is(r.type, kind)) return &r;
    return nullptr;
}

std::string locate_workbook(detail::ZipPackage& package) {
    auto root = detail::read_relationships(package, "");
    if (const auto* r = find_rel(root, "officeDocument"); r && package.contains(r->target))
        return r->target;
    for (std::string_view candidate : {"xl/workbook.xml", "workbook.xml"})
        if (package.contains(candidate)) return std::string(candidate);
    throw ReadError(ErrorCode::missing_part, "xl/workbook.xml",
                    "the package has no workbook part (no officeDocument relationship and no "
                    "xl/workbook.xml)");
}

struct SheetDecl {
    std::string name;
    std::uint32_t sheet_id = 0;
    std::string rel_id;
};

std::vector<SheetDecl> sheet_decls(const std::string& workbook_xml) {
    std::vector<SheetDecl> out;
    detail::XmlTagScanner scanner(workbook_xml);
    detail::XmlTag tag;
    while (scanner.next(tag)) {
        if (detail::xml_local(tag.name) != "sheet" || tag.kind == detail::XmlTag::Kind::end)
            continue;
        SheetDecl d;
        if (auto n = detail::xml_attr(tag.attrs, "name")) d.name = detail::xml_unescape(n->value);
        if (auto id = detail::xml_attr(tag.attrs, "sheetId"))
            for (char c : id->value)
                d.sheet_id = d.sheet_id * 10 + static_cast<std::uint32_t>(c - '0');
        if (auto r = detail::xml_attr(tag.attrs, "id")) d.rel_id = std::string(r->value);
        out.push_back(std::move(d));
    }
    return out;
}

// Refuses DTDs and malformed XML in a part the patcher rewrites, as the reader would.
// `rows_in_batches` for worksheets: checked in batches of rows, never as one DOM.
void check_part(std::string& xml, std::string_view part, bool rows_in_batches = false) {
    const bool utf16 = xml.size() >= 2 && ((xml[0] == '\xFF' && xml[1] == '\xFE') ||
                                           (xml[0] == '\xFE' && xml[1] == '\xFF'));
    detail::utf16_to_utf8(xml);
    if (utf16) {
        // The part is rewritten as UTF-8; its declaration must say so.
        const std::size_t end = xml.find("?>");
        for (const char* declared : {"UTF-16", "utf-16"}) {
            const std::size_t at = xml.find(declared);
            if (end != std::string::npos && at != std::string::npos && at < end)
                xml.replace(at, 6, "UTF-8");
        }
    }
    detail::refuse_dtd(xml, part);
    if (!rows_in_batches) {
        pugi::xml_document doc;
        pugi::xml_parse_result parsed =
            doc.load_buffer(xml.data(), xml.size(), pugi::parse_minimal, pugi::encoding_utf8);
        if (!parsed)
            throw ReadError(ErrorCode::xml_malformed, std::string(part),
                            fmt::format("not well-formed XML ({})", parsed.description()),
                            static_cast<std::int64_t>(parsed.offset));
        return;
    }
    // A worksheet is checked a batch of rows at a time, as the reader streams it, so a large
    // sheet never has a whole DOM in memory.
    std::size_t pos = 0;
    const detail::ByteSource source = [&](char* buffer, std::size_t size) {
        const std::size_t n = std::min(size, xml.size() - pos);
        std::memcpy(buffer, xml.data() + pos, n);
        pos += n;
        return n;
    };
    pugi::xml_document outer;
    detail::StreamOptions stream;
    stream.chunk_bytes = 1u << 20;
    detail::stream_items(
        source, part, "sheetData", "row", [](pugi::xml_node) {}, outer, stream);
}

// The header rows of the tables (ListObjects) on a sheet: Excel requires a header cell's text to
// be its table column's name, so those cells are not written.
std::vector<std::pair<Range, std::string>> table_headers(detail::ZipPackage& package,
                                                         const std::string& sheet_part) {
    std::vector<std::pair<Range, std::string>> out;
    for (const detail::Relationship& rel : detail::read_relationships(package, sheet_part)) {
        if (rel.external || !detail::rel_type_is(rel.type, "table") ||
            !package.contains(rel.target))
            continue;
        std::string xml = package.read(rel.target);
        pugi::xml_document doc;
        detail::parse_part(doc, xml, rel.target);
        pugi::xml_node table = doc.document_element();
        auto range = parse_a1_range(detail::attribute(table, "ref").value());
        const std::string_view header_rows = detail::attribute(table, "headerRowCount").value();
        if (!range || header_rows == "0") continue;
        std::string name = detail::attribute(table, "displayName").value();
        if (name.empty()) name = detail::attribute(table, "name").value();
        Range header = *range;
        header.last.row = header.first.row;
        out.emplace_back(header, std::move(name));
    }
    return out;
}

// The worksheet part of a sheet entry; nullptr for chart sheets and dangling entries.
const detail::Relationship* worksheet_rel(const SheetDecl& decl,
                                          const std::vector<detail::Relationship>& rels) {
    for (const detail::Relationship& r : rels)
        if (r.id == decl.rel_id)
            return r.external || !detail::rel_type_is(r.type, "worksheet") ? nullptr : &r;
    return nullptr;
}

// <definedName name="N">text</definedName> of workbook.xml, text unescaped and lower-cased.
std::vector<std::pair<std::string, std::string>> defined_names(const std::string& workbook_xml) {
    std::vector<std::pair<std::string, std::string>> out;
    detail::XmlTagScanner scanner(workbook_xml);
    detail::XmlTag tag;
    std::string name;
    std::size_t text_begin = std::string::npos;
    while (scanner.next(tag)) {
        if (detail::xml_local(tag.name) != "definedName") continue;
        if (tag.kind == detail::XmlTag::Kind::start) {
            auto n = detail::xml_attr(tag.attrs, "name");
            name = n ? detail::xml_unescape(n->value) : std::string();
            text_begin = tag.end;
        } else if (tag.kind == detail::XmlTag::Kind::end && text_begin != std::string::npos) {
            std::string text = detail::xml_unescape(
                std::string_view(workbook_xml).substr(text_begin, tag.begin - text_begin));
            for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            out.emplace_back(std::move(name), std::move(text));
            text_begin = std::string::npos;
        }
    }
    return out;
}

// LibreOffice (default settings) shows cached formula results instead of recalculating, and
// only computes formula cells without one. So the formulas of every sheet that may depend on a
// written cell lose their cached values: the written sheets, and, transitively, sheets whose
// formulas name an affected sheet, a defined name that does, or a table on one, or use
// INDIRECT. Sheets that cannot be checked (malformed) are left as they are, with a note.
void drop_stale_values(detail::ZipPackage& package, const std::vector<SheetDecl>& decls,
                       const std::vector<detail::Relationship>& rels,
                       const std::string& workbook_xml,
                       std::map<std::size_t, std::string>& patched_sheets, PatchReport& report) {
    struct SheetState {
        const detail::Relationship* rel = nullptr;
        std::optional<std::string> xml;  // read, checked and not yet affected
        detail::FormulaScan scan;
        bool affected = false;
    };
    std::set<std::size_t> written;  // sheets the writes changed
    for (const auto& [i, xml] : patched_sheets) written.insert(i);
    std::vector<SheetState> sheets(decls.size());
    std::vector<std::string> affected_names;  // defined names and tables, as written
    auto mark = [&](std::size_t i) {
        sheets[i].affected = true;
        for (const auto& [range, table] : table_headers(package, sheets[i].rel->target))
            affected_names.push_back(table);
    };
    for (std::size_t i = 0; i < decls.size(); ++i) {
        sheets[i].rel = worksheet_rel(decls[i], rels);
        if (sheets[i].rel == nullptr || !package.contains(sheets[i].rel->target)) continue;
        if (patched_sheets.contains(i)) {
            mark(i);
            continue;
        }
        std::string xml = package.read(sheets[i].rel->target);
        try {
            check_part(xml, sheets[i].rel->target, true);
        } catch (const ReadError&) {
            report.notes.push_back(fmt::format(
                "{} is not well-formed, so it was not checked for formulas that depend on the "
                "written cells and was copied unchanged",
                sheets[i].rel->target));
            continue;
        }
        sheets[i].scan = detail::scan_formulas(xml);
        if (sheets[i].scan.formulas > 0) sheets[i].xml = std::move(xml);
    }
    auto names = defined_names(workbook_xml);
    std::vector<bool> name_affected(names.size(), false);
    auto reaches = [&](std::string_view formulas) {
        for (std::size_t j = 0; j < decls.size(); ++j)
            if (sheets[j].affected && detail::mentions_sheet(formulas, decls[j].name)) return true;
        for (const std::string& name : affected_names)
            if (detail::mentions_name(formulas, name)) return true;
        return false;
    };
    for (bool grew = true; grew;) {
        grew = false;
        for (std::size_t k = 0; k < names.size(); ++k)
            if (!name_affected[k] && reaches(names[k].second)) {
                name_affected[k] = true;
                affected_names.push_back(names[k].first);
                grew = true;
            }
        for (std::size_t i = 0; i < decls.size(); ++i)
            if (!sheets[i].affected && sheets[i].xml &&
                (reaches(sheets[i].scan.text) ||
                 sheets[i].scan.text.find("indirect(") != std::string::npos)) {
                mark(i);
                patched_sheets.emplace(i, std::move(*sheets[i].xml));
                grew = true;
            }
    }
    for (auto it = patched_sheets.begin(); it != patched_sheets.end();) {
        auto& [i, xml] = *it;
        std::size_t dropped = 0;
        xml = detail::drop_formula_values(xml, dropped);
        if (dropped > 0)
            report.notes.push_back(fmt::format(
                "{}: {} cached formula value{} dropped{}, so {} recalculated when the file is "
                "opened",
                decls[i].name, dropped, dropped == 1 ? "" : "s",
                written.contains(i) ? "" : " (its formulas refer to a written sheet)",
                dropped == 1 ? "it is" : "they are"));
        // A sheet read only to be checked stays byte for byte when it had nothing to drop.
        if (dropped == 0 && !written.contains(i))
            it = patched_sheets.erase(it);
        else
            ++it;
    }
}

// The values of the cells a data validation list formula names: "$K$11:$K$12" (on `sheet`),
// "'Other sheet'!$C$1:$C$4", or a defined name for such a range. nullopt for anything else
// (INDIRECT, OFFSET, a name for a formula).
std::optional<std::vector<std::string>> validation_list(const Workbook& wb,
                                                        std::string_view formula,
                                                        std::string_view sheet, int depth = 0) {
    if (!formula.empty() && formula.front() == '=') formula.remove_prefix(1);
    if (formula.empty() || formula.find('(') != std::string_view::npos || depth > 3)
        return std::nullopt;
    std::string sheet_name(sheet);
    std::string_view ref = formula;
    if (const std::size_t bang = formula.rfind('!'); bang != std::string_view::npos) {
        std::string_view name = formula.substr(0, bang);
        ref = formula.substr(bang + 1);
        sheet_name.clear();
        if (name.size() >= 2 && name.front() == '\'' && name.back() == '\'') {
            name = name.substr(1, name.size() - 2);
            for (std::size_t i = 0; i < name.size(); ++i) {
                sheet_name += name[i];
                if (name[i] == '\'' && i + 1 < name.size() && name[i + 1] == '\'') ++i;
            }
        } else {
            sheet_name = std::string(name);
        }
    }
    std::string plain;
    for (char c : ref)
        if (c != '$') plain += c;
    std::optional<Range> range = parse_a1_range(plain);
    if (!range)
        if (auto cell = parse_a1(plain)) range = Range{*cell, *cell};
    if (!range) {
        if (formula.find('!') != std::string_view::npos) return std::nullopt;
        const std::string wanted = fold_case(formula);
        for (const DefinedName& name : wb.names)
            if (fold_case(name.name) == wanted)
                return validation_list(wb, name.refers_to, sheet, depth + 1);
        return std::nullopt;
    }
    const Sheet* source = nullptr;
    const std::string wanted = fold_case(sheet_name);
    for (const Sheet& s : wb.sheets)
        if (fold_case(s.name) == wanted) source = &s;
    if (source == nullptr) return std::nullopt;
    std::vector<std::string> items;
    for (const Row& row : source->rows) {
        if (row.index < range->first.row || row.index > range->last.row) continue;
        for (const Cell& cell : row.cells)
            if (cell.col >= range->first.col && cell.col <= range->last.col)
                items.push_back(wb.value_text(cell));
    }
    return items;
}

PatchReport patch(const std::string& input_path, const std::vector<CellWrite>& writes,
                  const std::string& output_path, const PatchOptions& options) {
    PatchReport report;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(input_path, ec))
        throw ReadError(ErrorCode::file_not_found, "", "no such file");
    refuse_format(detect_format(input_path));
    for (const CellWrite& w : writes) validate(w);

    detail::ZipPackage package(input_path, options.limits);
    detail::check_declared_sizes(input_path, options.limits);
    std::unordered_map<std::string, std::string> stored;  // normalised -> stored name
    for (const std::string& name : package.names())
        stored.emplace(detail::ZipPackage::normalise(name), name);
    auto stored_name = [&](std::string_view part) {
        auto it = stored.find(detail::ZipPackage::normalise(part));
        return it == stored.end() ? std::string(part) : it->second;
    };

    const std::string workbook_part = locate_workbook(package);
    std::string workbook_xml = package.read(workbook_part);
    check_part(workbook_xml, workbook_part);
    const std::vector<SheetDecl> decls = sheet_decls(workbook_xml);
    const auto rels = detail::read_relationships(package, workbook_part);
    report.structure_protected = detail::workbook_structure_locked(workbook_xml);

    // Writes grouped by sheet, in the workbook's sheet order.
    std::vector<std::vector<CellWrite>> by_sheet(decls.size());
    for (const CellWrite& w : writes) {
        std::size_t i = 0;
        while (i < decls.size() && decls[i].name != w.sheet) ++i;
        if (i == decls.size()) {
            std::string names;
            for (const SheetDecl& d : decls) names += (names.empty() ? "'" : ", '") + d.name + "'";
            throw ReadError(ErrorCode::sheet_not_found, "",
                            fmt::format("no sheet named '{}' to write {} into; the workbook has {}",
                                        w.sheet, to_a1(w.cell), names));
        }
        by_sheet[i].push_back(w);
    }

    std::vector<bool> locked;
    const detail::Relationship* styles_rel = find_rel(rels, "styles");
    if (styles_rel != nullptr && package.contains(styles_rel->target)) {
        std::string styles = package.read(styles_rel->target);
        locked = detail::locked_formats(styles, styles_rel->target);
    }
    std::optional<Workbook> strings;
    auto shared_strings = [&]() -> const std::vector<std::string>& {
        if (!strings) {
            strings.emplace();
            const detail::Relationship* sst = find_rel(rels, "sharedStrings");
            if (sst != nullptr && package.contains(sst->target)) {
                detail::ZipPartStream stream = package.open(sst->target);
                std::size_t count = 0;
                detail::read_shared_strings_part(stream, *strings, count);
            }
        }
        return strings->strings;
    };

    // Lists of data validation rules: read through the reader, once, when a rule needs one.
    std::optional<LoadResult> values;
    auto list_values = [&](std::string_view formula,
                           std::string_view sheet) -> std::optional<std::vector<std::string>> {
        if (!values) {
            ReadOptions read;
            read.limits = options.limits;
            values.emplace(load_workbook(input_path, read));
        }
        if (!values->workbook) return std::nullopt;
        return validation_list(*values->workbook, formula, sheet);
    };

    std::vector<detail::PartChange> changes;
    std::map<std::uint32_t, std::set<std::pair<std::uint32_t, std::uint32_t>>> formulas_removed;
    std::map<std::size_t, std::string> patched_sheets;  // decls[] -> the rewritten part
    for (std::size_t i = 0; i < decls.size(); ++i) {
        if (by_sheet[i].empty()) continue;
        const SheetDecl& decl = decls[i];
        const detail::Relationship* rel = worksheet_rel(decl, rels);
        if (rel == nullptr)
            throw ReadError(ErrorCode::sheet_not_found, workbook_part,
                            fmt::format("'{}' is not a worksheet (a chart sheet or a dangling "
                                        "entry), so it has no cells to write",
                                        decl.name));
        std::string xml = package.read(rel->target);
        check_part(xml, rel->target, true);
        detail::SheetPatchContext context;
        context.table_headers = table_headers(package, rel->target);
        context.part = rel->target;
        context.locked = &locked;
        context.allow_protected = options.allow_protected;
        context.replace_locked_formulas = options.replace_locked_formulas;
        context.shared_strings = shared_strings;
        context.list_values = list_values;
        detail::SheetPatchOutcome outcome = detail::patch_sheet_xml(xml, by_sheet[i], context);
        report.cells_written += outcome.cells_written;
        report.cells_changed += outcome.cells_changed;
        report.locked_formulas_replaced += outcome.locked_formulas_replaced;
        for (RejectedWrite& r : outcome.rejected) report.rejected.push_back(std::move(r));
        for (std::string& note : outcome.notes) report.notes.push_back(std::move(note));
        for (CellRef ref : outcome.formulas_removed)
            formulas_removed[decl.sheet_id].insert({ref.row, ref.col});
        if (outcome.changed) patched_sheets.emplace(i, std::move(outcome.xml));
    }

    if (options.full_calc_on_load && !patched_sheets.empty())
        drop_stale_values(package, decls, rels, workbook_xml, patched_sheets, report);
    for (auto& [i, xml] : patched_sheets) {
        const std::string& part = worksheet_rel(decls[i], rels)->target;
        changes.push_back(detail::PartChange{stored_name(part), std::move(xml)});
    }

    if (!formulas_removed.empty()) {
        const detail::Relationship* chain_rel = find_rel(rels, "calcChain");
        if (chain_rel != nullptr && package.contains(chain_rel->target)) {
            std::string chain = package.read(chain_rel->target);
            check_part(chain, chain_rel->target);
            std::size_t dropped = 0;
            bool emptied = false;
            std::string patched = detail::drop_calc_chain_entries(
                chain, chain_rel->target, formulas_removed, dropped, emptied);
            if (emptied) {
                changes.push_back({stored_name(chain_rel->target), std::nullopt});
                const std::string rels_part = detail::rels_path_for(workbook_part);
                std::string rels_xml = package.read(rels_part);
                check_part(rels_xml, rels_part);
                changes.push_back({stored_name(rels_part),
                                   detail::drop_relationship(rels_xml, rels_part, workbook_part,
                                                             chain_rel->target)});
                if (auto types = package.read_if_present("[Content_Types].xml")) {
                    check_part(*types, "[Content_Types].xml");
                    std::string dropped_types =
                        detail::drop_content_type_override(*types, "/" + chain_rel->target);
                    if (dropped_types != *types)
                        changes.push_back({stored_name("[Content_Types].xml"), dropped_types});
                }
                report.notes.push_back(
                    fmt::format("{} was removed: every formula it listed was replaced by a value",
                                chain_rel->target));
            } else if (dropped > 0) {
                changes.push_back({stored_name(chain_rel->target), std::move(patched)});
                report.notes.push_back(fmt::format("{}: {} entr{} of replaced formulas dropped",
                                                   chain_rel->target, dropped,
                                                   dropped == 1 ? "y" : "ies"));
            }
        }
    }

    if (options.full_calc_on_load && !changes.empty()) {
        std::string patched = detail::request_full_calc(workbook_xml, workbook_part);
        if (patched != workbook_xml)
            changes.push_back({stored_name(workbook_part), std::move(patched)});
    }

    detail::write_patched_package(input_path, output_path, changes, report.parts_copied);
    for (const std::string& name : package.names())
        for (const detail::PartChange& c : changes)
            if (c.name == name && c.content) report.parts_changed.push_back(name);
    return report;
}

}  // namespace

PatchResult patch_workbook(const std::string& input_path, const std::vector<CellWrite>& writes,
                           const std::string& output_path, const PatchOptions& options) {
    PatchResult result;
    result.status.file = input_path;
    try {
        result.report = patch(input_path, writes, output_path, options);
    } catch (const ReadError& e) {
        result.status.code = e.code();
        result.status.part = e.part();
        result.status.offset = e.offset();
        result.status.detail = e.detail();
        if (e.code() == ErrorCode::output_failed) result.status.file = output_path;
    } catch (const std::bad_alloc&) {
        result.status.code = ErrorCode::too_large;
        result.status.detail = "ran out of memory while patching";
    } catch (const std::exception& e) {
        result.status.code = ErrorCode::io_error;
        result.status.detail = fmt::format("unexpected failure while patching: {}", e.what());
    }
    if (!result) result.report = PatchReport{};
    return result;
}

}  // namespace kpimap
