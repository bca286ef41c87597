// Loads crosswalk files strictly, like mapping files: every element and attribute must be known,
// every title and code may be claimed by one entry only, and each problem is reported with the
// line it is on (docs/commands/reconcile.md describes the format).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "formats/xml/xml_util.hpp"
#include "kpimap/reconcile.hpp"
#include "kpimap/text_file.hpp"
#include "kpimap/text_match.hpp"
#include "mapping/strict_xml.hpp"

namespace kpimap {

namespace {

constexpr const char* kFormatHint = "(docs/commands/reconcile.md describes the crosswalk format)";

class CrosswalkLoader : public detail::StrictXmlReader {
public:
    CrosswalkLoader(std::string path, std::string text)
        : StrictXmlReader(std::move(path), std::move(text), "crosswalk",
                          ErrorCode::crosswalk_invalid) {}

    CrosswalkLoadResult load() {
        CrosswalkLoadResult result;
        pugi::xml_document doc;
        if (!parse(doc)) {
            result.errors = errors_;
            return result;
        }
        Crosswalk crosswalk;
        crosswalk.path = path_;
        const pugi::xml_node root = doc.document_element();
        if (std::string_view(root.name()) != "crosswalk")
            error(line(root), fmt::format("the root element is <{}>; a crosswalk file starts with "
                                          "<crosswalk version=\"1\"> {}",
                                          root.name(), kFormatHint));
        else
            read_crosswalk(root, crosswalk);
        if (errors_.empty()) result.crosswalk = std::move(crosswalk);
        result.errors = errors_;
        return result;
    }

private:
    // A required, non-blank attribute; reports and returns "" when missing.
    std::string required(pugi::xml_node n, const char* name, std::string_view example) {
        std::string value = n.attribute(name).value();
        if (normalise_text(value).empty()) {
            error(line(n), fmt::format("<{}> needs a non-empty {}=\"...\" (e.g. {})", n.name(),
                                       name, example));
            return {};
        }
        return value;
    }

    void read_crosswalk(pugi::xml_node root, Crosswalk& crosswalk) {
        check_attributes(root, {"version", "title"});
        if (std::string_view v = root.attribute("version").value(); !v.empty() && v != "1")
            error(line(root), fmt::format("version=\"{}\" is not supported; this kpimap reads "
                                          "version=\"1\"",
                                          v));
        for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
            if (n.type() != pugi::node_element) continue;
            const std::string_view name = n.name();
            if (name == "description") continue;
            if (name == "indicator")
                read_indicator(n, crosswalk);
            else
                unknown_element(n, "crosswalk", "description, indicator");
        }
        if (crosswalk.entries.empty() && errors_.empty())
            error(line(root), fmt::format("the crosswalk has no <indicator>: it would confirm "
                                          "nothing; add <indicator title=\"...\"> entries {}",
                                          kFormatHint));
    }

    void read_indicator(pugi::xml_node n, Crosswalk& crosswalk) {
        check_attributes(n, {"title"});
        CrosswalkEntry entry;
        entry.line = line(n);
        const std::size_t errors_before = errors_.size();
        entry.canonical_title =
            required(n, "title",
                     "title=\"Proportion of adults with a learning disability in paid "
                     "employment\"");
        claim_title(entry.canonical_title, entry.line, crosswalk.entries.size());
        for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            const std::string_view name = c.name();
            if (name == "alias") {
                check_attributes(c, {"title"});
                std::string title = required(c, "title",
                                             "title=\"Adults with a learning "
                                             "disability in paid employment\"");
                if (title.empty()) continue;
                claim_title(title, line(c), crosswalk.entries.size());
                entry.titles.push_back(std::move(title));
            } else if (name == "code") {
                check_attributes(c, {"scheme", "value"});
                IndicatorCode code;
                code.scheme = c.attribute("scheme").value();
                if (normalise_text(code.scheme).empty()) code.scheme = "local";
                code.value = required(c, "value", "value=\"1E\"");
                if (code.value.empty()) continue;
                const std::string key =
                    normalise_text(code.scheme) + '\n' + normalise_text(code.value);
                auto [it, fresh] = codes_.emplace(key, line(c));
                if (!fresh)
                    error(line(c), fmt::format("code {} {} is already given at line {}; a code "
                                               "names one indicator, so keep it in one entry",
                                               code.scheme, code.value, it->second));
                entry.codes.push_back(std::move(code));
            } else if (name == "description") {
                continue;
            } else {
                unknown_element(c, "indicator", "alias, code, description");
            }
        }
        if (entry.titles.empty() && entry.codes.empty() && errors_.size() == errors_before)
            error(entry.line,
                  "this <indicator> has no <alias title=\"...\"> and no <code>: it "
                  "would join nothing; add the other titles it is known by");
        crosswalk.entries.push_back(std::move(entry));
    }

    // A title (after title_key) may appear in one entry only, and once in it.
    void claim_title(const std::string& title, int at, std::size_t entry) {
        if (title.empty()) return;
        const std::string key = title_key(title);
        auto [it, fresh] = titles_.emplace(key, std::make_pair(at, entry));
        if (fresh) return;
        if (it->second.second == entry)
            error(at, fmt::format("'{}' is already a title of this entry (line {}); remove the "
                                  "repeat",
                                  title, it->second.first));
        else
            error(at, fmt::format("'{}' is already given at line {}, in another entry (titles "
                                  "are compared after folding case and punctuation); a title "
                                  "can mean one indicator only",
                                  title, it->second.first));
    }

    std::map<std::string, std::pair<int, std::size_t>> titles_;  // title key -> line, entry
    std::map<std::string, int> codes_;                           // scheme\nvalue -> line
};

}  // namespace

CrosswalkLoadResult load_crosswalk(const std::string& path) {
    std::optional<std::string> text = read_text_file(path);
    if (!text) {
        CrosswalkLoadResult r;
        r.errors.push_back(
            {ErrorCode::crosswalk_invalid, path, "cannot read the crosswalk file; check the path"});
        return r;
    }
    return CrosswalkLoader(path, std::move(*text)).load();
}

}  // namespace kpimap
