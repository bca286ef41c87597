// Test support: writes ZIP packages and minimal .xlsx workbooks from part name -> content, so
// reader tests build exactly the input they need (libxlsxwriter style: one small, focused
// package per test). Header-only so the tests' source glob needs no changes.
#pragma once

#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "support/temp_path.hpp"

namespace kpimap::test_support {

namespace fs = std::filesystem;

// A temporary directory named after the running test, removed when the test ends.
class TempDir {
public:
    TempDir() {
        const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = "kpimap_";
        if (info != nullptr) name += std::string(info->test_suite_name()) + "_" + info->name();
        for (char& c : name)
            if (c == '/' || c == '\\') c = '_';
        // The process id keeps two copies of the suite (other worktrees, repeated runs) apart.
        path_ = unique_temp_path(name + "_" + std::to_string(counter()++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const noexcept { return path_; }
    // Full path of a file inside the directory.
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    static int& counter() {
        static int n = 0;
        return n;
    }
    fs::path path_;
};

inline void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path);
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// One ZIP entry. Its content is `data`, followed by `repeat_unit` written `repeat_count`
// times and then `tail`; the repeated middle is produced on the fly, so a 50 MB entry costs
// no memory while it is compressed.
struct ZipEntry {
    ZipEntry() = default;
    ZipEntry(std::string entry_name, std::string content = {},
             zip_int32_t compression = ZIP_CM_DEFLATE)
        : name(std::move(entry_name)), data(std::move(content)), method(compression) {}

    std::string name;
    std::string data;
    zip_int32_t method = ZIP_CM_DEFLATE;
    std::string password;  // AES-128 encryption when not empty
    std::string repeat_unit;
    std::uint64_t repeat_count = 0;
    std::string tail;

    std::uint64_t size() const {
        return data.size() + repeat_unit.size() * repeat_count + tail.size();
    }
};

namespace detail {

// A zip_source that produces data + repeat_unit * repeat_count + tail.
struct RepeatedSource {
    explicit RepeatedSource(const ZipEntry* e) : entry(e) { zip_error_init(&error); }
    const ZipEntry* entry;
    std::uint64_t pos = 0;
    zip_error_t error;

    char at(std::uint64_t i) const {
        const ZipEntry& e = *entry;
        if (i < e.data.size()) return e.data[i];
        i -= e.data.size();
        const std::uint64_t middle = e.repeat_unit.size() * e.repeat_count;
        if (i < middle) return e.repeat_unit[i % e.repeat_unit.size()];
        return e.tail[i - middle];
    }

    static zip_int64_t callback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
        auto* self = static_cast<RepeatedSource*>(user);
        switch (cmd) {
            case ZIP_SOURCE_OPEN:
                self->pos = 0;
                return 0;
            case ZIP_SOURCE_READ: {
                const std::uint64_t size = self->entry->size();
                const std::uint64_t n = std::min<std::uint64_t>(len, size - self->pos);
                auto* out = static_cast<char*>(data);
                const ZipEntry& e = *self->entry;
                const std::uint64_t middle_begin = e.data.size();
                const std::uint64_t middle_end =
                    middle_begin + e.repeat_unit.size() * e.repeat_count;
                for (std::uint64_t k = 0; k < n;) {
                    const std::uint64_t i = self->pos + k;
                    if (i >= middle_begin && i < middle_end) {
                        // Copy whole runs of the unit at once: this is the hot path.
                        const std::uint64_t off = (i - middle_begin) % e.repeat_unit.size();
                        const std::uint64_t run = std::min<std::uint64_t>(
                            {e.repeat_unit.size() - off, n - k, middle_end - i});
                        std::memcpy(out + k, e.repeat_unit.data() + off, run);
                        k += run;
                    } else {
                        out[k] = self->at(i);
                        ++k;
                    }
                }
                self->pos += n;
                return static_cast<zip_int64_t>(n);
            }
            case ZIP_SOURCE_CLOSE:
                return 0;
            case ZIP_SOURCE_STAT: {
                auto* st = static_cast<zip_stat_t*>(data);
                zip_stat_init(st);
                st->size = self->entry->size();
                st->mtime = 0;
                st->valid |= ZIP_STAT_SIZE | ZIP_STAT_MTIME;
                return sizeof(zip_stat_t);
            }
            case ZIP_SOURCE_ERROR:
                return zip_error_to_data(&self->error, data, len);
            case ZIP_SOURCE_FREE:
                zip_error_fini(&self->error);
                delete self;
                return 0;
            case ZIP_SOURCE_SUPPORTS:
                return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
                                                      ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                                      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
            default:
                zip_error_set(&self->error, ZIP_ER_OPNOTSUPP, 0);
                return -1;
        }
    }
};

}  // namespace detail

// Writes a ZIP archive holding `entries` in order. Throws std::runtime_error on failure.
inline void write_zip(const std::string& path, const std::vector<ZipEntry>& entries) {
    std::error_code ec;
    fs::remove(path, ec);
    int code = 0;
    zip_t* za = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (za == nullptr) throw std::runtime_error("zip_open failed for " + path);
    auto fail = [&](const std::string& what) {
        const std::string message = what + ": " + zip_strerror(za);
        zip_discard(za);
        throw std::runtime_error(message);
    };
    for (const ZipEntry& e : entries) {
        zip_source_t* src = nullptr;
        if (e.repeat_count == 0 && e.tail.empty()) {
            src = zip_source_buffer(za, e.data.data(), e.data.size(), 0);
        } else {
            auto* state = new detail::RepeatedSource(&e);
            src = zip_source_function(za, &detail::RepeatedSource::callback, state);
            if (src == nullptr) delete state;
        }
        if (src == nullptr) fail("zip source for " + e.name);
        const zip_int64_t index = zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(src);
            fail("zip_file_add " + e.name);
        }
        const auto i = static_cast<zip_uint64_t>(index);
        if (zip_set_file_compression(za, i, e.method, e.method == ZIP_CM_DEFLATE ? 9 : 0) != 0)
            fail("compression for " + e.name);
        if (!e.password.empty() &&
            zip_file_set_encryption(za, i, ZIP_EM_AES_128, e.password.c_str()) != 0)
            fail("encryption for " + e.name);
    }
    if (zip_close(za) != 0) fail("zip_close " + path);
}

// The compressed size and the offset of the compressed bytes of `name` inside a ZIP file's
// bytes, found from its local header. {npos, 0} when absent.
struct EntryData {
    std::size_t offset = std::string::npos;
    std::size_t compressed = 0;
};
inline EntryData locate_entry_data(const std::string& zip_bytes, const std::string& name) {
    auto u16 = [&](std::size_t at) {
        return static_cast<std::size_t>(static_cast<unsigned char>(zip_bytes[at])) |
               static_cast<std::size_t>(static_cast<unsigned char>(zip_bytes[at + 1])) << 8;
    };
    auto u32 = [&](std::size_t at) { return u16(at) | u16(at + 2) << 16; };
    const std::string signature("PK\x03\x04", 4);
    for (std::size_t pos = zip_bytes.find(signature); pos != std::string::npos;
         pos = zip_bytes.find(signature, pos + 1)) {
        if (pos + 30 > zip_bytes.size()) break;
        const std::size_t name_len = u16(pos + 26);
        const std::size_t extra_len = u16(pos + 28);
        if (zip_bytes.compare(pos + 30, name_len, name) != 0 || name_len != name.size()) continue;
        return EntryData{pos + 30 + name_len + extra_len, u32(pos + 18)};
    }
    return {};
}

// Builds .xlsx packages: starts from a minimal valid one-sheet workbook (content types,
// package and workbook relationships, workbook, one empty worksheet) and lets a test replace,
// add or remove any part before writing.
class XlsxBuilder {
public:
    static constexpr const char* kMain =
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    static constexpr const char* kRelNs =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    XlsxBuilder() {
        set("[Content_Types].xml", content_types());
        set("_rels/.rels", relationships({{"rId1", "officeDocument", "xl/workbook.xml"}}));
        set("xl/workbook.xml", workbook({{"Sheet1", "rId1", ""}}));
        set("xl/_rels/workbook.xml.rels",
            relationships({{"rId1", "worksheet", "worksheets/sheet1.xml"}}));
        set("xl/worksheets/sheet1.xml", worksheet(""));
    }

    // Adds or replaces a part (kept in insertion order).
    XlsxBuilder& set(const std::string& part, std::string content) {
        for (ZipEntry& e : entries_) {
            if (e.name == part) {
                e.data = std::move(content);
                return *this;
            }
        }
        entries_.push_back(ZipEntry{part, std::move(content)});
        return *this;
    }
    XlsxBuilder& remove(const std::string& part) {
        std::erase_if(entries_, [&](const ZipEntry& e) { return e.name == part; });
        return *this;
    }
    // The entry of a part, to change its compression, encryption or repeated content.
    ZipEntry& entry(const std::string& part) {
        for (ZipEntry& e : entries_)
            if (e.name == part) return e;
        set(part, "");
        return entries_.back();
    }
    // Shortcut for the usual case: the sheet data rows of xl/worksheets/sheet1.xml.
    XlsxBuilder& sheet_data(const std::string& rows) {
        return set("xl/worksheets/sheet1.xml", worksheet(rows));
    }
    // Adds xl/styles.xml and its relationship.
    XlsxBuilder& styles(std::string xml) {
        add_workbook_rel("rIdStyles", "styles", "styles.xml");
        return set("xl/styles.xml", std::move(xml));
    }
    // Adds xl/sharedStrings.xml (from <si> items) and its relationship.
    XlsxBuilder& shared_strings(const std::vector<std::string>& items) {
        add_workbook_rel("rIdStrings", "sharedStrings", "sharedStrings.xml");
        return set("xl/sharedStrings.xml", sst(items));
    }
    void add_workbook_rel(const std::string& id, const std::string& kind,
                          const std::string& target) {
        extra_rels_.push_back({id, kind, target});
        std::vector<Rel> rels{{"rId1", "worksheet", "worksheets/sheet1.xml"}};
        rels.insert(rels.end(), extra_rels_.begin(), extra_rels_.end());
        set("xl/_rels/workbook.xml.rels", relationships(rels));
    }

    const std::vector<ZipEntry>& entries() const noexcept { return entries_; }

    void write(const std::string& path) const { write_zip(path, entries_); }

    // --- part templates ---

    struct Rel {
        std::string id;
        std::string kind;  // last segment of the transitional relationship type
        std::string target;
    };
    struct SheetDecl {
        std::string name;
        std::string rel_id;
        std::string state;  // "", "hidden", "veryHidden"
    };

    static std::string content_types() {
        return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
               R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
               R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
               R"(<Default Extension="xml" ContentType="application/xml"/>)"
               R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)"
               R"(<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)"
               R"(</Types>)";
    }
    static std::string relationships(const std::vector<Rel>& rels) {
        std::string out =
            R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
            R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
        for (const Rel& r : rels) {
            out += "<Relationship Id=\"" + r.id + "\" Type=\"" + std::string(kRelNs) + "/" +
                   r.kind + "\" Target=\"" + r.target + "\"/>";
        }
        return out + "</Relationships>";
    }
    static std::string workbook(const std::vector<SheetDecl>& sheets,
                                const std::string& workbook_pr = "",
                                const std::string& defined_names = "") {
        std::string out = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
                          "<workbook xmlns=\"" +
                          std::string(kMain) + "\" xmlns:r=\"" + kRelNs + "\">" + workbook_pr +
                          "<sheets>";
        int n = 1;
        for (const SheetDecl& s : sheets) {
            out += "<sheet name=\"" + s.name + "\" sheetId=\"" + std::to_string(n++) + "\"";
            if (!s.state.empty()) out += " state=\"" + s.state + "\"";
            out += " r:id=\"" + s.rel_id + "\"/>";
        }
        out += "</sheets>";
        if (!defined_names.empty()) out += "<definedNames>" + defined_names + "</definedNames>";
        return out + "</workbook>";
    }
    static std::string worksheet(const std::string& rows, const std::string& before = "",
                                 const std::string& after = "") {
        return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
               "<worksheet xmlns=\"" +
               std::string(kMain) + "\" xmlns:r=\"" + kRelNs + "\">" + before + "<sheetData>" +
               rows + "</sheetData>" + after + "</worksheet>";
    }
    static std::string sst(const std::vector<std::string>& items) {
        std::string out = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
                          "<sst xmlns=\"" +
                          std::string(kMain) + "\" count=\"" + std::to_string(items.size()) +
                          "\" uniqueCount=\"" + std::to_string(items.size()) + "\">";
        for (const std::string& si : items) out += si;
        return out + "</sst>";
    }

private:
    std::vector<ZipEntry> entries_;
    std::vector<Rel> extra_rels_;
};

}  // namespace kpimap::test_support
