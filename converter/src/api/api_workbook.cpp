// The api's workbook functions that read and convert (checkWorkbook, convert) and what all the
// workbook functions share (api_workbook.hpp): reading the bytes, choosing the mapping, settings.
#include "api/api_workbook.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "kpimap/convert.hpp"
#include "kpimap/diagnostics_io.hpp"
#include "kpimap/model_io.hpp"
#include "kpimap/period.hpp"
#include "kpimap/reader.hpp"
#include "kpimap/temp_files.hpp"

namespace kpimap {

namespace api {

namespace fs = std::filesystem;

namespace {

// The name mapping_xml's errors are given under: it came from no file.
constexpr const char* kGivenMapping = "mapping_xml";

// The first problem of a mapping (or of the bundled ones), with how many more there are.
std::string mapping_problems(const std::vector<Error>& errors) {
    if (errors.empty()) return "the mapping could not be loaded";
    std::string text = errors.front().text();
    if (errors.size() > 1) text += fmt::format(" (and {} more problems)", errors.size() - 1);
    return text;
}

void load_given_mapping(const ApiContext& context, const std::string& xml, WorkbookInput& in) {
    // Beside the bundled mappings, so that an <include file> finds their catalogues.
    const std::string path = (fs::path(context.mappings_dir) / kGivenMapping).string();
    MappingLoadResult loaded = load_mapping_text(path, xml);
    for (Error& e : loaded.errors)
        if (e.file == path) e.file = kGivenMapping;
    if (!loaded)
        throw Refusal("bad_mapping", fmt::format("the mapping given is not valid: {}; fix it "
                                                 "(docs/mapping-reference.md)",
                                                 mapping_problems(loaded.errors)));
    in.mappings.push_back(std::move(*loaded.mapping));
    in.mapping = &in.mappings.front();
    in.given = true;
}

// The bundled mappings, refused as `kpimap convert --mappings DIR` refuses them: any that fails
// to load, two with one id, or none at all.
void load_bundled_mappings(const ApiContext& context, WorkbookInput& in) {
    std::vector<Error> errors;
    for (MappingLoadResult& r : load_mappings_in(context.mappings_dir)) {
        errors.insert(errors.end(), r.errors.begin(), r.errors.end());
        if (r.mapping) in.mappings.push_back(std::move(*r.mapping));
    }
    for (std::size_t i = 0; i < in.mappings.size(); ++i)
        for (std::size_t j = i + 1; j < in.mappings.size(); ++j)
            if (in.mappings[i].id == in.mappings[j].id)
                errors.push_back(
                    {ErrorCode::mapping_id_repeated, "",
                     fmt::format("mappings {} and {} have the same id '{}'", in.mappings[i].path,
                                 in.mappings[j].path, in.mappings[i].id)});
    if (!errors.empty())
        throw Refusal("bad_mapping",
                      fmt::format("a bundled mapping is not valid: {}; kpimap's installation is "
                                  "damaged",
                                  mapping_problems(errors)));
    if (in.mappings.empty())
        throw Refusal("bad_mapping",
                      fmt::format("there are no bundled mappings in '{}' to detect the workbook's "
                                  "mapping from; give the mapping as mapping_xml",
                                  context.mappings_dir));
}

// Detection among the bundled mappings, as `kpimap convert` without --mapping does it.
void detect_mapping(WorkbookInput& in) {
    const MappingChoice choice = choose_mapping(in.workbook, in.mappings);
    if (choice.outcome == MappingChoice::Outcome::chosen) {
        in.mapping = choice.mapping;
        return;
    }
    if (choice.outcome == MappingChoice::Outcome::ambiguous && choice.scores.size() >= 2)
        throw Refusal("no_mapping_fits",
                      fmt::format("mappings {} and {} fit this workbook equally well; give the "
                                  "one meant for it as mapping_xml",
                                  choice.scores[0].mapping_id, choice.scores[1].mapping_id));
    std::string closest;
    if (!choice.scores.empty()) {
        const MappingScore& s = choice.scores.front();
        closest = fmt::format(" (closest: {}, {} of its {} detection rules, {} needed)",
                              s.mapping_id, s.score, s.rules, s.min_score);
    }
    throw Refusal("no_mapping_fits",
                  fmt::format("no bundled mapping fits this workbook{}; give a mapping for its "
                              "layout as mapping_xml ('kpimap suggest' drafts one)",
                              closest));
}

}  // namespace

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "kpimap-api-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("cannot create a temporary folder for the workbook");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

WorkbookInput read_workbook_input(const ApiContext& context, std::string_view bytes,
                                  const Json& request) {
    WorkbookInput in;
    in.file_name = required_text(request, "file_name");
    const fs::path name = fs::path(in.file_name).filename();
    if (name.empty() || name == "." || name == "..")
        throw Refusal("bad_request",
                      fmt::format("file_name '{}' names no file; give the workbook's file name, "
                                  "such as Book1.xlsx",
                                  in.file_name));
    // The name becomes a temporary file's: a name no file system holds (longer than NAME_MAX's
    // 255 bytes, or cut short by a NUL) is the caller's mistake, not an internal failure (found
    // by fuzz_api's invariant on a hand-written input, fuzz/regressions/api/api-file-name-*).
    if (const std::string last = name.string();
        last.size() > 255 || last.find('\0') != std::string::npos)
        throw Refusal("bad_request",
                      fmt::format("file_name {} is not a name a file system can hold (longer "
                                  "than 255 bytes, or holding a NUL); give the workbook's file "
                                  "name, such as Book1.xlsx",
                                  quoted(Json(in.file_name))));
    const std::optional<std::string> mapping_xml = optional_text(request, "mapping_xml");

    {
        const TempDir dir;
        const std::string path = (fs::path(dir.path()) / name).string();
        const TemporaryFileGuard on_signal(path);
        {
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            out.flush();
            if (!out)
                throw std::runtime_error(fmt::format(
                    "cannot write the workbook's {} bytes to a temporary file", bytes.size()));
        }
        LoadResult loaded = load_workbook(path);
        if (!loaded) {
            Error e = std::move(loaded.status);
            e.file = in.file_name;
            throw Refusal("unreadable", e.message());
        }
        in.workbook = std::move(*loaded.workbook);
    }
    // Provenance names the workbook as the caller knows it, not the temporary file.
    in.workbook.source = in.file_name;

    if (mapping_xml) {
        load_given_mapping(context, *mapping_xml, in);
    } else {
        load_bundled_mappings(context, in);
        detect_mapping(in);
    }
    return in;
}

Json mapping_json(const WorkbookInput& input) {
    if (!input.mapping) return nullptr;
    Json out;
    out["id"] = input.mapping->id;
    out["file"] =
        input.given ? Json(nullptr) : Json(fs::path(input.mapping->path).filename().string());
    return out;
}

StatusOptions status_options(const Json& request) {
    StatusOptions options;
    const Json& settings = field(request, "settings");
    if (settings.is_null()) return options;
    if (!settings.is_object())
        throw Refusal("bad_request",
                      fmt::format("the request's 'settings' must be an object {{as_of, "
                                  "travel_tolerance, rag_amber, rag_red}}, not {}",
                                  quoted(settings)));
    if (const auto as_of = optional_text(settings, "as_of"); as_of && !as_of->empty()) {
        options.as_of = parse_period(*as_of);
        if (!options.as_of)
            throw Refusal("not_a_period",
                          fmt::format("as_of '{}' is not a period; write it like 2015, 2015/16, "
                                      "2012-14 or 2016/17 Q1",
                                      *as_of));
    }
    if (const auto t = optional_number(settings, "travel_tolerance")) {
        if (!(*t >= 0) || *t >= 1)
            throw Refusal("invalid_tolerance",
                          fmt::format("travel_tolerance {} is not a fraction from 0 up to 1; "
                                      "write 0.02 for 2%",
                                      *t));
        options.travel_tolerance = *t;
    }
    RagThresholds& rag = options.rag_thresholds;
    rag.amber = optional_number(settings, "rag_amber").value_or(rag.amber);
    rag.red = optional_number(settings, "rag_red").value_or(rag.red);
    if (!(rag.amber >= 0) || !(rag.red >= 0) || rag.amber > rag.red)
        throw Refusal("invalid_thresholds",
                      fmt::format("rag_amber {} and rag_red {} are not tolerances 0 <= amber <= "
                                  "red as fractions of the plan; NHS England uses 0.01 and 0.05",
                                  rag.amber, rag.red));
    return options;
}

}  // namespace api

using api::Json;

std::string api_check_workbook(const ApiContext& context, std::string_view workbook_bytes,
                               std::string_view request_json) {
    return api::guarded("checkWorkbook", request_json, [&](const Json& request) {
        const api::WorkbookInput in = api::read_workbook_input(context, workbook_bytes, request);
        const ConversionResult result = convert_workbook(in.workbook, *in.mapping);
        // diagnostics.json itself, so the task pane shows what `kpimap convert` writes.
        Json out;
        out["mapping"] = api::mapping_json(in);
        Json diagnostics = Json::parse(diagnostics_to_json(result));
        for (auto& [key, value] : diagnostics.items()) out[key] = std::move(value);
        return out;
    });
}

std::string api_convert(const ApiContext& context, std::string_view workbook_bytes,
                        std::string_view request_json) {
    return api::guarded("convert", request_json, [&](const Json& request) {
        const api::WorkbookInput in = api::read_workbook_input(context, workbook_bytes, request);
        const ConversionResult result = convert_workbook(in.workbook, *in.mapping);
        // `kpimap status WORKBOOK` judges the converted model with the default options.
        const StatusResult statuses = compute_statuses(result.model);
        Json out;
        out["mapping"] = api::mapping_json(in);
        out["model_json"] = model_to_json(result.model);
        out["diagnostics_json"] = diagnostics_to_json(result);
        out["statuses_json"] = statuses_to_json(statuses);
        return out;
    });
}

}  // namespace kpimap
