// kpimap inspect: shows what the reader sees in a workbook - sheets with state and used range,
// merged ranges, and every non-empty cell with type, value and number format.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <iostream>

#include "command.hpp"
#include "kpimap/model_io.hpp"

namespace kpimap::cli {

namespace {

namespace po = boost::program_options;
using nlohmann::ordered_json;

// Makes control characters visible in the one-line text listing.
std::string escaped(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else
            out += c;
    }
    return out;
}

ordered_json cell_json(const Workbook& wb, const Row& row, const Cell& cell) {
    ordered_json j;
    j["ref"] = to_a1({row.index, cell.col});
    j["type"] = cell_type_name(cell.type);
    switch (cell.type) {
        case CellType::number:
            j["value"] = cell.number;
            break;
        case CellType::boolean:
            j["value"] = cell.number != 0;
            break;
        case CellType::date_time:
            j["value"] = wb.value_text(cell);
            j["serial"] = cell.number;
            break;
        case CellType::text:
        case CellType::error:
            j["value"] = std::string(wb.text(cell));
            break;
        case CellType::empty:
            j["value"] = nullptr;
            break;
    }
    if (cell.formula != kNoIndex) j["formula"] = std::string(wb.formula(cell));
    const CellStyle& st = wb.style(cell);
    j["number_format"] = st.number_format;
    if (st.bold) j["bold"] = true;
    if (!st.fill_rgb.empty()) j["fill"] = st.fill_rgb;
    if (st.wrap) j["wrap"] = true;
    return j;
}

// Writes JSON exactly as ordered_json::dump(1) would, one piece at a time, so that a workbook
// of millions of cells never exists as one JSON tree in memory (about 800 bytes a cell: a
// workbook of 50 million cells needed 40 GB).
class JsonStream {
public:
    explicit JsonStream(std::ostream& out) : out_(out) {}

    // Opens an object or array, as an element of the enclosing array or under `key`.
    void begin_object(std::string_view key = {}) { open(key, '{'); }
    void begin_array(std::string_view key = {}) { open(key, '['); }
    // Closes the innermost object or array: "[]" when it got nothing.
    void end() {
        const Level level = levels_.back();
        levels_.pop_back();
        if (level.count > 0) {
            out_ << '\n';
            indent(levels_.size());
        }
        out_ << (level.bracket == '{' ? '}' : ']');
        if (levels_.empty()) out_ << '\n';
    }
    // One value, as an element or under `key`.
    void value(const ordered_json& v, std::string_view key = {}) {
        next(key);
        const std::string text =
            v.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        const std::size_t depth = levels_.size();
        std::size_t start = 0;
        for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
            out_.write(text.data() + start, static_cast<std::streamsize>(nl + 1 - start));
            indent(depth);
        }
        out_.write(text.data() + start, static_cast<std::streamsize>(text.size() - start));
        if (levels_.empty()) out_ << '\n';
    }

private:
    struct Level {
        char bracket;
        std::size_t count = 0;
    };
    void indent(std::size_t depth) {
        for (std::size_t i = 0; i < depth; ++i) out_ << ' ';
    }
    void next(std::string_view key) {
        if (levels_.empty()) return;
        out_ << (levels_.back().count++ == 0 ? "\n" : ",\n");
        indent(levels_.size());
        if (levels_.back().bracket == '{') out_ << ordered_json(std::string(key)).dump() << ": ";
    }
    void open(std::string_view key, char bracket) {
        next(key);
        out_ << bracket;
        levels_.push_back({bracket});
    }
    std::ostream& out_;
    std::vector<Level> levels_;
};

void write_workbook_json(JsonStream& json, const Workbook& wb,
                         const std::optional<std::string>& only_sheet) {
    json.begin_object();
    json.value(wb.source, "file");
    json.value(source_format_name(wb.format), "format");
    json.value(wb.date1904, "date1904");
    json.begin_array("sheets");
    for (const Sheet& sheet : wb.sheets) {
        if (only_sheet && sheet.name != *only_sheet) continue;
        json.begin_object();
        json.value(sheet.name, "name");
        json.value(sheet_state_name(sheet.state), "state");
        auto used = sheet.used_range();
        json.value(used ? ordered_json(range_to_a1(*used)) : ordered_json(nullptr), "used_range");
        ordered_json merged = ordered_json::array();
        for (const Range& r : sheet.merged) merged.push_back(range_to_a1(r));
        json.value(merged, "merged");
        ordered_json columns = ordered_json::array();
        for (const ColumnWidth& c : sheet.columns)
            columns.push_back({{"first", column_name(c.first)},
                               {"last", column_name(c.last)},
                               {"width", c.width},
                               {"hidden", c.hidden}});
        json.value(columns, "columns");
        json.begin_array("cells");
        for (const Row& row : sheet.rows)
            for (const Cell& cell : row.cells) json.value(cell_json(wb, row, cell));
        json.end();
        json.end();
    }
    json.end();
    ordered_json names = ordered_json::array();
    for (const DefinedName& n : wb.names)
        names.push_back({{"name", n.name},
                         {"refers_to", n.refers_to},
                         {"local_sheet",
                          n.local_sheet ? ordered_json(*n.local_sheet) : ordered_json(nullptr)}});
    json.value(names, "defined_names");
    json.begin_array("diagnostics");
    for (const ReadDiagnostic& d : wb.diagnostics)
        json.value(
            {{"sheet", d.sheet}, {"cell", d.cell}, {"part", d.part}, {"message", d.message}});
    json.end();
    json.end();
}

class InspectCommand final : public Command {
public:
    const char* name() const override { return "inspect"; }
    const char* summary() const override {
        return "show the sheets, merged ranges and cells kpimap reads from a workbook";
    }

    std::string help() const override {
        std::ostringstream os;
        os << "Usage: kpimap inspect FILE... [--sheet NAME] [--format text|csv|json]\n\n"
              "Shows what kpimap reads from each workbook (.xlsx, .xlsm, .xls, .ods, .csv; the "
              "format is\n"
              "detected from the content): sheets with their state (visible, hidden, veryHidden) "
              "and used\n"
              "range, merged ranges, and every non-empty cell with its address, type, value, "
              "formula and\n"
              "number format. Problems the reader repaired or skipped are listed as "
              "diagnostics.\n\n"
           << options()
           << "\nExit codes: 0 ok, 1 read with diagnostics, 2 a file could not be read (the others "
              "are\n"
              "still shown), 4 usage error.\n"
              "Example: kpimap inspect samples/000_trajectory_grid.xlsx --sheet Trajectory "
              "--format csv\n";
        return os.str();
    }

    void setup(const std::vector<std::string>& args) override {
        parse_command_line(args, options(), "file", files_);
        if (files_.empty()) throw UsageError("no FILE given");
        if (format_ != "text" && format_ != "csv" && format_ != "json")
            throw UsageError(fmt::format("--format must be text, csv or json, not '{}'", format_));
        if (!sheet_.empty()) read_options_.only_sheet = sheet_;
    }

    RunOutcome run(std::ostream& out) override {
        RunOutcome outcome;
        // One file is one JSON object; several are an array of them.
        JsonStream json(out);
        if (format_ == "json" && files_.size() > 1) json.begin_array();
        if (format_ == "csv")
            out << "file,sheet,cell,type,value,formula,number_format,bold,fill,wrap\n";
        for (const std::string& file : files_) {
            LoadResult loaded = load_workbook(file, read_options_);
            if (!loaded) {
                if (format_ == "json") json.value(error_json(loaded.status));
                outcome.errors.push_back(std::move(loaded.status));
                continue;
            }
            const Workbook& wb = *loaded.workbook;
            if (read_options_.only_sheet && wb.find_sheet(*read_options_.only_sheet) == nullptr) {
                Error e{
                    ErrorCode::sheet_not_found, file,
                    fmt::format("no sheet named '{}'; the sheets are: {}", sheet_, sheet_list(wb))};
                if (format_ == "json") json.value(error_json(e));
                outcome.errors.push_back(std::move(e));
                continue;
            }
            if (!wb.diagnostics.empty()) outcome.warnings = true;
            if (format_ == "json")
                write_workbook_json(json, wb, read_options_.only_sheet);
            else if (format_ == "csv")
                write_csv(out, wb);
            else
                write_text(out, wb);
        }
        if (format_ == "json" && files_.size() > 1) json.end();
        return outcome;
    }

private:
    po::options_description options() const {
        po::options_description d("Options");
        auto* self = const_cast<InspectCommand*>(this);
        d.add_options()("sheet", po::value<std::string>(&self->sheet_),
                        "show only the sheet with this name")(
            "format", po::value<std::string>(&self->format_)->default_value("text"),
            "output format: text, csv or json");
        d.add(reader_options(self->read_options_.limits));
        return d;
    }

    static std::string sheet_list(const Workbook& wb) {
        std::string names;
        for (const Sheet& s : wb.sheets) names += (names.empty() ? "'" : ", '") + s.name + "'";
        return names;
    }

    static ordered_json error_json(const Error& s) {
        return {{"file", s.file},
                {"error",
                 {{"code", error_code_name(s.code)},
                  {"part", s.part},
                  {"offset", s.offset},
                  {"detail", s.detail},
                  {"hint", s.hint()}}}};
    }

    bool wanted(const Sheet& sheet) const { return sheet_.empty() || sheet.name == sheet_; }

    void write_text(std::ostream& out, const Workbook& wb) const {
        out << fmt::format("{} ({}{})\n", wb.source, source_format_name(wb.format),
                           wb.date1904 ? ", 1904 date system" : "");
        for (std::size_t i = 0; i < wb.sheets.size(); ++i) {
            const Sheet& sheet = wb.sheets[i];
            if (!wanted(sheet)) continue;
            auto used = sheet.used_range();
            out << fmt::format("  sheet {} \"{}\" {} used {} cells {} merged {}\n", i + 1,
                               sheet.name, sheet_state_name(sheet.state),
                               used ? range_to_a1(*used) : "-", sheet.cell_count(),
                               sheet.merged.size());
            if (!sheet.merged.empty()) {
                std::string list;
                for (const Range& r : sheet.merged)
                    list += (list.empty() ? "" : " ") + range_to_a1(r);
                out << "    merged: " << list << "\n";
            }
            for (const Row& row : sheet.rows)
                for (const Cell& cell : row.cells) {
                    const CellStyle& st = wb.style(cell);
                    std::string value = escaped(wb.value_text(cell));
                    if (cell.type == CellType::text) value = "\"" + value + "\"";
                    std::string extra;
                    if (st.bold) extra += " bold";
                    if (st.wrap) extra += " wrap";
                    if (!st.fill_rgb.empty()) extra += " fill=" + st.fill_rgb;
                    if (cell.formula != kNoIndex) extra += " =" + std::string(wb.formula(cell));
                    out << fmt::format("    {:<8} {:<9} {:<30} [{}]{}\n",
                                       to_a1({row.index, cell.col}), cell_type_name(cell.type),
                                       value, st.number_format, extra);
                }
        }
        for (const ReadDiagnostic& d : wb.diagnostics)
            out << fmt::format("  diagnostic: {}{}{}\n", d.sheet.empty() ? "" : d.sheet + "!",
                               d.cell.empty() ? "" : d.cell + ": ", d.message);
    }

    void write_csv(std::ostream& out, const Workbook& wb) const {
        for (const Sheet& sheet : wb.sheets) {
            if (!wanted(sheet)) continue;
            for (const Row& row : sheet.rows)
                for (const Cell& cell : row.cells) {
                    const CellStyle& st = wb.style(cell);
                    out << csv_field(wb.source) << ',' << csv_field(sheet.name) << ','
                        << to_a1({row.index, cell.col}) << ',' << cell_type_name(cell.type) << ','
                        << csv_field(wb.value_text(cell)) << ',' << csv_field(wb.formula(cell))
                        << ',' << csv_field(st.number_format) << ',' << (st.bold ? "1" : "0") << ','
                        << csv_field(st.fill_rgb) << ',' << (st.wrap ? "1" : "0") << '\n';
                }
        }
    }

    std::vector<std::string> files_;
    std::string sheet_;
    std::string format_ = "text";
    ReadOptions read_options_;
};

}  // namespace

std::unique_ptr<Command> make_inspect_command() {
    return std::make_unique<InspectCommand>();
}

}  // namespace kpimap::cli
