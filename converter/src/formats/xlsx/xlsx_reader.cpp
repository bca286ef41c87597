// Reads an OOXML workbook package: finds the workbook part through the package relationships,
// then styles and shared strings, then each worksheet streamed row by row.
#include <fmt/format.h>

#include <unordered_map>

#include "formats/readers.hpp"
#include "formats/xlsx/xlsx_parts.hpp"
#include "formats/zip/zip_package.hpp"

namespace kpimap::detail {

namespace {

const Relationship* find_rel(const std::vector<Relationship>& rels, std::string_view kind) {
    for (const Relationship& r : rels)
        if (!r.external && rel_type_is(r.type, kind)) return &r;
    return nullptr;
}

// The workbook part: the officeDocument relationship, else the conventional names.
std::string locate_workbook(ZipPackage& package) {
    auto root = read_relationships(package, "");
    if (const Relationship* r = find_rel(root, "officeDocument"); r && package.contains(r->target))
        return r->target;
    for (std::string_view candidate : {"xl/workbook.xml", "workbook.xml"})
        if (package.contains(candidate)) return std::string(candidate);
    for (const std::string& name : package.names()) {
        const std::string n = ZipPackage::normalise(name);
        if (n.ends_with("workbook.xml")) return n;
    }
    throw ReadError(ErrorCode::missing_part, "xl/workbook.xml",
                    "the package has no workbook part (no officeDocument relationship and no "
                    "xl/workbook.xml)");
}

class XlsxReader final : public FormatReader {
public:
    void read(const std::string& path, const ReadOptions& options, Workbook& wb) override {
        ZipPackage package(path, options.limits);
        wb.format = SourceFormat::xlsx;
        const std::string workbook_part = locate_workbook(package);
        std::string workbook_xml = package.read(workbook_part);
        WorkbookPart book = read_workbook_part(workbook_xml, workbook_part);
        wb.date1904 = book.date1904;
        wb.names = std::move(book.names);
        const auto rels = read_relationships(package, workbook_part);

        auto sibling = [&](std::string_view kind, std::string_view fallback) -> std::string {
            if (const Relationship* r = find_rel(rels, kind); r && package.contains(r->target))
                return r->target;
            const std::string guess = resolve_target(workbook_part, fallback);
            return package.contains(guess) ? guess : std::string();
        };

        std::vector<std::uint32_t> xf_to_style;
        if (const std::string styles = sibling("styles", "styles.xml"); !styles.empty()) {
            std::string xml = package.read(styles);
            xf_to_style = read_styles_part(xml, styles, wb);
            if (options.skip_styles)
                for (CellStyle& style : wb.styles)
                    style.bold = style.wrap = false, style.fill_rgb.clear();
        }

        ReadBudget budget(options.limits);
        DiagnosticLog log(wb.diagnostics);
        SheetContext context;
        if (const std::string sst = sibling("sharedStrings", "sharedStrings.xml"); !sst.empty()) {
            ZipPartStream stream = package.open(sst);
            context.shared_strings_base =
                read_shared_strings_part(stream, wb, context.shared_strings_count, &budget,
                                         options.limits.max_xml_buffer);
        }
        context.xf_to_style = &xf_to_style;
        context.fast_path = options.fast_sheet_scan;
        context.budget = &budget;
        context.log = &log;
        context.max_xml_buffer = options.limits.max_xml_buffer;

        // The sheet that first read each worksheet part, so that a part named by two sheets is
        // read once (3,000 sheet entries naming one part would otherwise hold 3,000 copies).
        std::unordered_map<std::string, std::string> read_by;
        for (const SheetEntry& entry : book.sheets) {
            Sheet& sheet = wb.sheets.emplace_back();
            sheet.name = entry.name;
            sheet.state = entry.state;
            const Relationship* rel = nullptr;
            for (const Relationship& r : rels)
                if (r.id == entry.rel_id) rel = &r;
            if (rel == nullptr || rel->external) {
                log.add("sheet without relationship",
                        {sheet.name, "", workbook_part,
                         fmt::format("sheet '{}' has no relationship '{}'; it is listed without "
                                     "cells",
                                     sheet.name, entry.rel_id)});
                continue;
            }
            if (!rel_type_is(rel->type, "worksheet")) {
                log.add("sheet that is not a worksheet",
                        {sheet.name, "", rel->target, not_a_worksheet(sheet.name, rel->type)});
                continue;
            }
            if (options.only_sheet && *options.only_sheet != sheet.name) continue;
            if (!package.contains(rel->target)) {
                log.add("worksheet part missing",
                        {sheet.name, "", rel->target,
                         "the worksheet part is missing from the package; the sheet is listed "
                         "without cells"});
                continue;
            }
            const std::string key = ZipPackage::normalise(rel->target);
            if (auto [first, added] = read_by.try_emplace(key, sheet.name); !added) {
                log.add("worksheet part shared with another sheet",
                        {sheet.name, "", rel->target,
                         fmt::format("sheet '{}' names the same worksheet part as sheet '{}'; "
                                     "the part is read once, for '{}', and this sheet is listed "
                                     "without cells",
                                     sheet.name, first->second, first->second)});
                continue;
            }
            ZipPartStream stream = package.open(rel->target);
            try {
                read_worksheet_part(stream, context, wb, sheet);
            } catch (ReadError& e) {
                if (!e.part().empty()) throw;
                throw ReadError(e.code(), rel->target, e.detail(), e.offset());
            }
        }
        // Duplicate entries that were read refused the package; the others are only named.
        for (const std::string& name : package.duplicate_names())
            log.add("duplicate package entry",
                    {"", "", name,
                     "the package holds two entries with this name; kpimap does not read this "
                     "part, but another program may see either one"});
        log.flush();
    }

private:
    // Why a sheet entry whose relationship is not a worksheet has no cells.
    static std::string not_a_worksheet(const std::string& sheet, const std::string& type) {
        const std::string kind = type.substr(type.rfind('/') + 1);
        if (kind == "xlMacrosheet" || kind == "xlIntlMacrosheet")
            return fmt::format("'{}' is an Excel 4.0 macro sheet ({}): it holds XLM macro code, "
                               "not data, and its cells are not read",
                               sheet, kind);
        if (kind == "dialogsheet")
            return fmt::format("'{}' is an Excel 5 dialog sheet: it holds a form, not data, and "
                               "has no cells",
                               sheet);
        if (kind == "chartsheet")
            return fmt::format("'{}' is a chart sheet: it holds a chart, not data, and has no "
                               "cells",
                               sheet);
        return fmt::format("'{}' is a {}, not a worksheet; it has no cells", sheet, kind);
    }
};

}  // namespace

std::unique_ptr<FormatReader> make_xlsx_reader() {
    return std::make_unique<XlsxReader>();
}

}  // namespace kpimap::detail
