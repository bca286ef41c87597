// What the api's workbook functions share: the request's file name and mapping, the workbook
// read from its bytes, the mapping given or detected among the bundled ones as `kpimap convert`
// detects it, and the settings as StatusOptions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_envelope.hpp"
#include "kpimap/api.hpp"
#include "kpimap/indicator_status.hpp"
#include "kpimap/mapping.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap::api {

// A folder of its own under the system's temporary folder, removed with all it holds when the
// object goes; internal failure (an exception) when it cannot be made.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    // The folder's path.
    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

// A workbook read from the request's bytes, and the mapping that reads it.
struct WorkbookInput {
    std::string file_name;             // as the request gives it: the workbook's file in provenance
    Workbook workbook;                 // its source is file_name
    std::vector<Mapping> mappings;     // the mapping given, or every bundled one
    const Mapping* mapping = nullptr;  // the one given or detected (points into mappings)
    bool given = false;                // mapping_xml was given (no detection)
};

// Reads {file_name, mapping_xml} and the workbook's bytes: the bytes go to a temporary file named
// as file_name (its last part: a CSV's sheet is named after it), read with load_workbook, and
// removed. Refuses with bad_request, unreadable, bad_mapping or no_mapping_fits.
WorkbookInput read_workbook_input(const ApiContext& context, std::string_view bytes,
                                  const Json& request);

// {id, file} of the mapping used: file is the bundled mapping's file name, null for mapping_xml.
Json mapping_json(const WorkbookInput& input);

// The request's settings {as_of, travel_tolerance, rag_amber, rag_red} as status options, each
// absent or null for the command line's default; refuses with not_a_period, invalid_tolerance,
// invalid_thresholds or bad_request.
StatusOptions status_options(const Json& request);

}  // namespace kpimap::api
