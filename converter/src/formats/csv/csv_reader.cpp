// CSV reader: one sheet named after the file stem, RFC 4180 quoting, cells typed only as
// number or text (booleans, dates and percentages stay text; the mapping layer decides).
#include "formats/csv/csv_reader.hpp"

#include <fmt/format.h>
#include <unicode/ucnv.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/compat.hpp"
#include "core/utf8.hpp"
#include "formats/diagnostic_log.hpp"
#include "formats/read_budget.hpp"
#include "formats/readers.hpp"

namespace kpimap::detail {

CsvEncoding csv_decode(std::string& bytes) {
    const bool bom = bytes.starts_with("\xEF\xBB\xBF");
    if (bom) bytes.erase(0, 3);
    const Utf8Census census = utf8_census(bytes);
    if (census.invalid == 0) return bom ? CsvEncoding::utf8_bom : CsvEncoding::utf8;
    if (census.multibyte >= census.invalid) return CsvEncoding::utf8_damaged;
    // Not UTF-8: UK exports from Excel ("CSV (Comma delimited)") are Windows-1252.
    UErrorCode status = U_ZERO_ERROR;
    std::string out(bytes.size() * 3 + 1, '\0');
    const int32_t length =
        ucnv_convert("UTF-8", "windows-1252", out.data(), static_cast<int32_t>(out.size()),
                     bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    if (U_FAILURE(status)) {
        throw ReadError(ErrorCode::io_error, "",
                        fmt::format("the text is neither UTF-8 nor decodable as Windows-1252 "
                                    "(ICU: {})",
                                    u_errorName(status)));
    }
    out.resize(static_cast<std::size_t>(length));
    bytes = std::move(out);
    return bom ? CsvEncoding::windows1252_bom : CsvEncoding::windows1252;
}

std::optional<double> csv_plain_number(std::string_view field) noexcept {
    std::size_t i = 0;
    const std::size_t n = field.size();
    if (i < n && field[i] == '-') ++i;
    const std::size_t int_start = i;
    while (i < n && field[i] >= '0' && field[i] <= '9') ++i;
    const std::size_t int_digits = i - int_start;
    if (int_digits == 0) return std::nullopt;
    // "0" and "0.5" are numbers; "007" is a code and stays text.
    if (int_digits > 1 && field[int_start] == '0') return std::nullopt;
    std::size_t frac_digits = 0;
    if (i < n && field[i] == '.') {
        ++i;
        while (i < n && field[i] >= '0' && field[i] <= '9') ++i, ++frac_digits;
        if (frac_digits == 0) return std::nullopt;
    }
    const std::size_t mantissa_end = i;
    if (i < n && (field[i] == 'e' || field[i] == 'E')) {
        ++i;
        if (i < n && (field[i] == '+' || field[i] == '-')) ++i;
        const std::size_t exp_start = i;
        while (i < n && field[i] >= '0' && field[i] <= '9') ++i;
        if (i == exp_start) return std::nullopt;
    }
    if (i != n) return std::nullopt;
    // Long identifiers (20-digit references) would silently lose digits as doubles.
    std::size_t significant = 0;
    bool leading = true;
    for (std::size_t k = int_start; k < mantissa_end; ++k) {
        if (field[k] == '.') continue;
        if (leading && field[k] == '0') continue;
        leading = false;
        ++significant;
    }
    if (significant > 15) return std::nullopt;
    double value = 0;
    auto [end, ec] = detail::from_chars(field.data(), field.data() + n, value);
    if (ec != std::errc{} || end != field.data() + n) return std::nullopt;  // 1e999 stays text
    return value;
}

namespace {

// What went wrong in one record, reported by the caller with cell addresses.
struct RecordIssues {
    std::optional<std::size_t> unterminated_field;
    std::vector<std::size_t> text_after_quote;  // fields with text after their closing quote
    std::size_t dropped_fields = 0;             // non-empty fields past kMaxColumns
    void clear() {
        unterminated_field.reset();
        text_after_quote.clear();
        dropped_fields = 0;
    }
};

// Splits text into records. Line breaks inside quoted fields become "\n" whatever the file
// used, as cells store them.
class CsvParser {
public:
    CsvParser(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

    // Reads the next record; false at the end of the text. Fields past kMaxColumns are
    // counted in `issues`, not stored, so one absurd line cannot exhaust memory.
    bool next(std::vector<std::string>& fields, RecordIssues& issues) {
        fields.clear();
        issues.clear();
        if (pos_ >= text_.size()) return false;
        const std::size_t n = text_.size();
        std::string field;
        while (true) {
            field.clear();
            const std::size_t index = fields.size() + issues.dropped_fields;
            if (pos_ < n && text_[pos_] == '"') {
                ++pos_;
                bool closed = false;
                while (pos_ < n) {
                    const char c = text_[pos_];
                    if (c == '"') {
                        if (pos_ + 1 < n && text_[pos_ + 1] == '"') {
                            field += '"';
                            pos_ += 2;
                            continue;
                        }
                        ++pos_;
                        closed = true;
                        break;
                    }
                    if (c == '\r') {
                        field += '\n';
                        ++pos_;
                        if (pos_ < n && text_[pos_] == '\n') ++pos_;
                        continue;
                    }
                    std::size_t stop = text_.find_first_of("\"\r", pos_);
                    if (stop == std::string_view::npos) stop = n;
                    field.append(text_.substr(pos_, stop - pos_));
                    pos_ = stop;
                }
                if (!closed) issues.unterminated_field = index;
                const std::size_t start = pos_;
                skip_unquoted();
                if (pos_ > start) {
                    field.append(text_.substr(start, pos_ - start));
                    if (issues.text_after_quote.size() < 16)
                        issues.text_after_quote.push_back(index);
                }
            } else {
                const std::size_t start = pos_;
                skip_unquoted();
                field.assign(text_.substr(start, pos_ - start));
            }
            if (fields.size() < kMaxColumns)
                fields.push_back(field);
            else if (!field.empty())
                ++issues.dropped_fields;
            if (pos_ >= n) return true;
            const char c = text_[pos_++];
            if (c == delimiter_) continue;
            if (c == '\r' && pos_ < n && text_[pos_] == '\n') ++pos_;
            return true;
        }
    }

    std::size_t position() const noexcept { return pos_; }

private:
    void skip_unquoted() {
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == delimiter_ || c == '\n' || c == '\r') return;
            ++pos_;
        }
    }

    std::string_view text_;
    char delimiter_;
    std::size_t pos_ = 0;
};

constexpr std::size_t kSniffBytes = 64 * 1024;
constexpr std::size_t kSniffRecords = 50;

}  // namespace

char csv_sniff_delimiter(std::string_view text) {
    const bool truncated = text.size() > kSniffBytes;
    const std::string_view sample = text.substr(0, kSniffBytes);
    char best = ',';
    std::size_t best_freq = 0, best_fields = 0;
    for (const char delimiter : {',', ';', '\t'}) {
        CsvParser parser(sample, delimiter);
        std::vector<std::string> fields;
        RecordIssues issues;
        std::vector<std::size_t> counts;
        while (counts.size() < kSniffRecords && parser.next(fields, issues)) {
            // A record cut off by the end of the sample would skew the count.
            if (truncated && parser.position() >= sample.size()) break;
            if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
            counts.push_back(fields.size() + issues.dropped_fields);
        }
        // The most common field count and how many records have it.
        std::size_t mode = 0, freq = 0;
        for (std::size_t candidate : counts) {
            if (candidate < 2) continue;
            std::size_t f = 0;
            for (std::size_t other : counts) f += other == candidate;
            if (f > freq || (f == freq && candidate > mode)) mode = candidate, freq = f;
        }
        if (freq > best_freq || (freq == best_freq && freq > 0 && mode > best_fields)) {
            best = delimiter;
            best_freq = freq;
            best_fields = mode;
        }
    }
    return best;
}

namespace {

class CsvReader final : public FormatReader {
public:
    void read(const std::string& path, const ReadOptions& options, Workbook& wb) override {
        wb.format = SourceFormat::csv;
        ReadBudget budget(options.limits);
        std::string text = read_file(path, options.limits);
        // The text is held whole while its cells are made.
        budget.add_bytes(text.size(), "the text of the file, which is read whole");
        const CsvEncoding encoding = csv_decode(text);

        Sheet sheet;
        sheet.name = std::filesystem::path(path).stem().string();
        if (sheet.name.empty()) sheet.name = "Sheet1";
        if (options.only_sheet && *options.only_sheet != sheet.name) {
            wb.sheets.push_back(std::move(sheet));
            return;
        }
        if (encoding == CsvEncoding::windows1252_bom) {
            wb.diagnostics.push_back(
                {sheet.name, "", "",
                 "the file starts with a UTF-8 byte-order mark, but its bytes are not UTF-8; it "
                 "was read as Windows-1252. Check accented letters and symbols such as £ and €, "
                 "and save it again as \"CSV UTF-8\""});
        }
        if (encoding == CsvEncoding::windows1252 || encoding == CsvEncoding::windows1252_bom)
            report_substitutions(text, sheet.name, wb);

        DiagnosticLog log(wb.diagnostics);
        CsvParser parser(text, csv_sniff_delimiter(text));
        std::vector<std::string> fields;
        RecordIssues issues;
        std::size_t dropped_records = 0;
        std::uint32_t row_index = 0;
        bool past_last_row = false;
        while (parser.next(fields, issues)) {
            if (past_last_row) {
                for (const std::string& f : fields)
                    if (!f.empty()) {
                        ++dropped_records;
                        break;
                    }
                continue;
            }
            Row row;
            row.index = row_index;
            std::uint64_t row_text = 0;
            for (std::size_t c = 0; c < fields.size(); ++c) {
                std::string& field = fields[c];
                if (field.empty()) continue;
                Cell cell;
                cell.col = static_cast<std::uint32_t>(c);
                if (auto number = csv_plain_number(field)) {
                    cell.type = CellType::number;
                    cell.number = *number;
                } else {
                    row_text += field.size();
                    cell.type = CellType::text;
                    cell.text = wb.add_string(std::move(field));
                }
                row.cells.push_back(cell);
            }
            try {
                budget.add_cells(row.cells.size(), row_text, sheet.name);
            } catch (const ReadError& e) {
                throw ReadError(e.code(), sheet.name, e.detail(),
                                static_cast<std::int64_t>(parser.position()));
            }
            const auto address = [&](std::size_t col) {
                return to_a1({row_index, static_cast<std::uint32_t>(col)});
            };
            if (issues.unterminated_field) {
                log.add("quoted field not closed",
                        {sheet.name, address(*issues.unterminated_field), "",
                         "quoted field is not closed before the end of the file; kept its text "
                         "up to the end"});
            }
            for (std::size_t col : issues.text_after_quote) {
                log.add("text after a closing quote",
                        {sheet.name, address(col), "",
                         "text follows the closing quote of a quoted field; kept it as part of "
                         "the field"});
            }
            if (issues.dropped_fields > 0) {
                log.add("fields past the last column",
                        {sheet.name, "", "",
                         fmt::format("row {} has {} non-empty fields past column {} (the last "
                                     "column a sheet can hold); they were dropped",
                                     row_index + 1, issues.dropped_fields,
                                     column_name(kMaxColumns - 1))});
            }
            if (!row.cells.empty()) sheet.rows.push_back(std::move(row));
            if (++row_index == kMaxRows) past_last_row = true;
        }
        if (dropped_records > 0) {
            wb.diagnostics.push_back(
                {sheet.name, "", "",
                 fmt::format("{} non-empty records past row {} (the last row a sheet can hold) "
                             "were dropped",
                             dropped_records, kMaxRows)});
        }
        log.flush();
        wb.sheets.push_back(std::move(sheet));
    }

private:
    static std::string read_file(const std::string& path, const ReadLimits& limits) {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw ReadError(ErrorCode::io_error, "", "the file could not be opened");
        in.seekg(0, std::ios::end);
        const auto size = static_cast<std::uint64_t>(in.tellg());
        in.seekg(0, std::ios::beg);
        // The text is held whole while parsing, and ICU counts in int32.
        const std::uint64_t cap = std::min<std::uint64_t>(limits.max_part_uncompressed,
                                                          std::numeric_limits<int32_t>::max() / 3);
        if (size > cap) {
            throw ReadError(
                ErrorCode::too_large, "",
                fmt::format("the text file is {} bytes; at most {} are read", size, cap));
        }
        std::string bytes(static_cast<std::size_t>(size), '\0');
        in.read(bytes.data(), static_cast<std::streamsize>(size));
        if (static_cast<std::uint64_t>(in.gcount()) != size)
            throw ReadError(ErrorCode::io_error, "", "the file could not be read to the end");
        return bytes;
    }

    // Windows-1252 leaves five byte values undefined; ICU turns them into U+FFFD.
    static void report_substitutions(const std::string& text, const std::string& sheet,
                                     Workbook& wb) {
        std::size_t count = 0;
        for (std::size_t pos = 0; (pos = text.find("\xEF\xBF\xBD", pos)) != std::string::npos;
             pos += 3)
            ++count;
        if (count > 0) {
            wb.diagnostics.push_back(
                {sheet, "", "",
                 fmt::format("the file is not UTF-8 and was read as Windows-1252; {} bytes "
                             "undefined in Windows-1252 became U+FFFD",
                             count)});
        }
    }
};

}  // namespace

std::unique_ptr<FormatReader> make_csv_reader() {
    return std::make_unique<CsvReader>();
}

}  // namespace kpimap::detail
