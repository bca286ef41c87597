#include "formats/xls/biff_records.hpp"

#include <fmt/format.h>
#include <unicode/ucnv.h>

#include <cstring>

#include "core/utf8.hpp"

namespace kpimap::detail {

namespace {

[[noreturn]] void short_record(const BiffRecord& r, std::size_t at, std::size_t width) {
    throw BiffError{fmt::format("record {:#06x} has {} bytes, too short for a field of {} at "
                                "byte {}",
                                r.type, r.body.size(), width, at),
                    r.offset};
}

}  // namespace

std::uint8_t BiffRecord::u8(std::size_t at) const {
    if (at >= body.size()) short_record(*this, at, 1);
    return static_cast<unsigned char>(body[at]);
}

std::uint16_t BiffRecord::u16(std::size_t at) const {
    if (at > body.size() || body.size() - at < 2) short_record(*this, at, 2);
    return static_cast<std::uint16_t>(static_cast<unsigned char>(body[at]) |
                                      static_cast<unsigned char>(body[at + 1]) << 8);
}

std::uint32_t BiffRecord::u32(std::size_t at) const {
    if (at > body.size() || body.size() - at < 4) short_record(*this, at, 4);
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(body[at + i]);
    return v;
}

double BiffRecord::f64(std::size_t at) const {
    if (at > body.size() || body.size() - at < 8) short_record(*this, at, 8);
    std::uint64_t bits = 0;
    for (int i = 7; i >= 0; --i) bits = bits << 8 | static_cast<unsigned char>(body[at + i]);
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
}

bool is_bof(std::uint16_t type) noexcept {
    return type == biff::kBof || type == biff::kBof4 || type == biff::kBof3 || type == biff::kBof2;
}

std::optional<BiffRecord> BiffCursor::peek() const {
    if (pos_ > stream_.size() || stream_.size() - pos_ < 4) return std::nullopt;
    BiffRecord r;
    r.offset = pos_;
    r.type = static_cast<std::uint16_t>(static_cast<unsigned char>(stream_[pos_]) |
                                        static_cast<unsigned char>(stream_[pos_ + 1]) << 8);
    const std::size_t length = static_cast<unsigned char>(stream_[pos_ + 2]) |
                               static_cast<unsigned char>(stream_[pos_ + 3]) << 8;
    if (stream_.size() - pos_ - 4 < length) return std::nullopt;
    r.body = stream_.substr(pos_ + 4, length);
    return r;
}

std::optional<BiffRecord> BiffCursor::next() {
    std::optional<BiffRecord> r = peek();
    if (!r) {
        // Zero padding after the last record is common (streams fill whole sectors); a
        // record header with a length past the end is a cut-short stream.
        if (pos_ < stream_.size() && stream_.size() - pos_ >= 4) {
            const std::string_view rest = stream_.substr(pos_);
            truncated_ = rest.find_first_not_of('\0') != std::string_view::npos;
        }
        pos_ = stream_.size();
        return std::nullopt;
    }
    pos_ += 4 + r->body.size();
    return r;
}

struct CodePage::Converter {
    UConverter* handle = nullptr;
    ~Converter() {
        if (handle) ucnv_close(handle);
    }
};

namespace {

// ICU names to try for a Windows code page number (MS-XLS 2.4.52 lists them).
std::vector<std::string> icu_names(std::uint16_t cp) {
    switch (cp) {
        case 367:
            return {"US-ASCII"};
        case 1200:
            return {"UTF-16LE"};
        case 10000:
        case 32768:
            return {"macintosh"};
        case 32769:
            return {"windows-1252"};
        default:
            return {fmt::format("windows-{}", cp), fmt::format("ibm-{}", cp),
                    fmt::format("cp{}", cp)};
    }
}

UConverter* open_converter(std::uint16_t cp) {
    for (const std::string& name : icu_names(cp)) {
        UErrorCode status = U_ZERO_ERROR;
        UConverter* c = ucnv_open(name.c_str(), &status);
        if (U_SUCCESS(status) && c) return c;
        if (c) ucnv_close(c);
    }
    return nullptr;
}

}  // namespace

CodePage::CodePage(std::uint16_t code_page)
    : converter_(std::make_unique<Converter>()), number_(code_page) {
    converter_->handle = open_converter(code_page);
    if (!converter_->handle) {
        fallback_ = true;
        converter_->handle = open_converter(1252);
    }
}

CodePage::~CodePage() = default;

std::string CodePage::decode(std::string_view bytes) const {
    if (bytes.empty()) return {};
    if (!converter_->handle) return decode_latin1(bytes);
    // At most two UTF-16 units per byte for every code page ICU knows.
    std::u16string units(bytes.size() * 2 + 2, u'\0');
    UErrorCode status = U_ZERO_ERROR;
    ucnv_reset(converter_->handle);
    const std::int32_t length =
        ucnv_toUChars(converter_->handle, reinterpret_cast<UChar*>(units.data()),
                      static_cast<std::int32_t>(units.size()), bytes.data(),
                      static_cast<std::int32_t>(bytes.size()), &status);
    if (U_FAILURE(status)) return decode_latin1(bytes);
    units.resize(static_cast<std::size_t>(length));
    return decode_utf16le(
        std::string_view(reinterpret_cast<const char*>(units.data()), units.size() * 2));
}

std::string decode_latin1(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (unsigned char c : bytes) append_utf8(out, c);
    return out;
}

std::string decode_utf16le(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    const std::size_t count = bytes.size() / 2;
    auto unit = [&](std::size_t i) -> std::uint32_t {
        return static_cast<unsigned char>(bytes[2 * i]) |
               static_cast<unsigned char>(bytes[2 * i + 1]) << 8;
    };
    for (std::size_t i = 0; i < count; ++i) {
        std::uint32_t cp = unit(i);
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < count) {
            const std::uint32_t lo = unit(i + 1);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                ++i;
            }
        }
        append_utf8(out, cp);  // a lone surrogate becomes U+FFFD
    }
    return out;
}

ContinuedReader::ContinuedReader(const BiffRecord& first, BiffCursor& cursor) {
    segments_.push_back(first);
    while (auto r = cursor.peek()) {
        if (r->type != biff::kContinue) break;
        segments_.push_back(*cursor.next());
    }
}

bool ContinuedReader::advance() {
    if (segment_ + 1 >= segments_.size()) return false;
    ++segment_;
    pos_ = 0;
    return true;
}

bool ContinuedReader::at_end() const {
    for (std::size_t s = segment_; s < segments_.size(); ++s)
        if ((s == segment_ ? pos_ : 0) < segments_[s].body.size()) return false;
    return true;
}

std::size_t ContinuedReader::offset() const {
    return segments_[segment_].offset_of(pos_);
}

std::uint8_t ContinuedReader::u8() {
    while (pos_ >= segments_[segment_].body.size()) {
        if (!advance())
            throw BiffError{"a string or table runs past its last CONTINUE record", offset()};
    }
    return static_cast<unsigned char>(segments_[segment_].body[pos_++]);
}

std::uint16_t ContinuedReader::u16() {
    const std::uint16_t lo = u8();
    return static_cast<std::uint16_t>(lo | u8() << 8);
}

std::uint32_t ContinuedReader::u32() {
    const std::uint32_t lo = u16();
    return lo | std::uint32_t{u16()} << 16;
}

void ContinuedReader::skip(std::uint64_t bytes) {
    while (bytes > 0) {
        const std::size_t left = segments_[segment_].body.size() - pos_;
        if (left == 0) {
            if (!advance())
                throw BiffError{"a string or table runs past its last CONTINUE record", offset()};
            continue;
        }
        const std::size_t step = static_cast<std::size_t>(std::min<std::uint64_t>(left, bytes));
        pos_ += step;
        bytes -= step;
    }
}

std::string ContinuedReader::characters(std::uint32_t count, bool wide) {
    std::string out;
    while (count > 0) {
        std::string_view body = segments_[segment_].body;
        if (pos_ >= body.size()) {
            if (!advance())
                throw BiffError{"a string runs past its last CONTINUE record", offset()};
            // The continuation restarts with an option byte: bit 0 says 16-bit characters.
            wide = (u8() & 0x01) != 0;
            continue;
        }
        const std::size_t width = wide ? 2 : 1;
        const std::size_t available = (body.size() - pos_) / width;
        if (available == 0) {
            // Half a 16-bit character at the end of a record: damaged; skip the odd byte.
            ++pos_;
            continue;
        }
        const std::size_t take = std::min<std::size_t>(available, count);
        const std::string_view bytes = body.substr(pos_, take * width);
        out += wide ? decode_utf16le(bytes) : decode_latin1(bytes);
        pos_ += take * width;
        count -= static_cast<std::uint32_t>(take);
    }
    return out;
}

std::string ContinuedReader::rich_string() {
    const std::uint16_t count = u16();
    const std::uint8_t options = u8();
    const std::uint16_t runs = (options & 0x08) ? u16() : 0;
    const std::uint32_t phonetic = (options & 0x04) ? u32() : 0;
    std::string text = characters(count, options & 0x01);
    skip(std::uint64_t{runs} * 4 + phonetic);
    return text;
}

std::string record_string(const BiffRecord& r, std::size_t& at, BiffVersion version,
                          int length_bytes, const CodePage& code_page) {
    const std::size_t count = length_bytes == 1 ? r.u8(at) : r.u16(at);
    at += static_cast<std::size_t>(length_bytes);
    if (version != BiffVersion::biff8) {
        // Excel writes no more bytes than the record holds; a shorter record keeps what it has.
        const std::size_t take = std::min(count, r.body.size() > at ? r.body.size() - at : 0);
        std::string text = code_page.decode(r.body.substr(std::min(at, r.body.size()), take));
        at += take;
        return text;
    }
    const std::uint8_t options = r.u8(at++);
    if (options & 0x08) at += 2;  // rich-text run count
    if (options & 0x04) at += 4;  // phonetic data size
    const std::size_t width = (options & 0x01) ? 2 : 1;
    const std::size_t room = r.body.size() > at ? (r.body.size() - at) / width : 0;
    const std::size_t take = std::min(count, room);
    const std::string_view bytes = r.body.substr(std::min(at, r.body.size()), take * width);
    at += take * width;
    return width == 2 ? decode_utf16le(bytes) : decode_latin1(bytes);
}

}  // namespace kpimap::detail
