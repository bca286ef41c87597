// The envelope every api function answers in, and reading a request's fields: shared by the
// api_*.cpp files. A function body throws Refusal for input it refuses; guarded() turns that,
// and anything else thrown, into the error envelope, so nothing escapes the api.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kpimap/model.hpp"

namespace kpimap::api {

// Key order as written, so results read in the order core.js documents them.
using Json = nlohmann::ordered_json;

// Input refused: `code` is the stable snake_case word, what() the sentence for a person.
class Refusal : public std::runtime_error {
public:
    Refusal(std::string code, const std::string& message)
        : std::runtime_error(message), code_(std::move(code)) {}
    const std::string& code() const noexcept { return code_; }

private:
    std::string code_;
};

// {"error": {"code": code, "message": message}} as text.
std::string error_envelope(std::string_view code, std::string_view message);

// Parses `request_json` (refusing anything but a JSON object, as bad_request), runs `body` on it
// and answers {"ok": result}; a Refusal becomes its error envelope, any other exception the
// code "internal" with its what(). Never throws.
std::string guarded(std::string_view function, std::string_view request_json,
                    const std::function<Json(const Json&)>& body) noexcept;

// The field `name` of `request`; a null value when it is absent.
const Json& field(const Json& request, const char* name);

// A field that must be a finite JSON number; bad_request otherwise.
double required_number(const Json& request, const char* name);
// A field that is a finite JSON number, or null/absent (nullopt); bad_request otherwise.
std::optional<double> optional_number(const Json& request, const char* name);
// A field that must be a string; bad_request otherwise.
std::string required_text(const Json& request, const char* name);
// A field that is a string, or null/absent (nullopt); bad_request otherwise.
std::optional<std::string> optional_text(const Json& request, const char* name);
// A field that must be an array of JSON numbers (any number: the caller judges finiteness).
std::vector<double> number_list(const Json& request, const char* name);
// A field that must be an array whose items are JSON numbers or null.
std::vector<std::optional<double>> number_or_null_list(const Json& request, const char* name);

// A number for a result: null when NaN or infinite (JSON has no such numbers).
Json number_or_null(double value);

// The polarity named as a mapping and model.json write it ("higher_is_better",
// "lower_is_better", "no_judgement"; any case, spaces around ignored); unknown_polarity otherwise.
Polarity polarity_from(const std::string& text);

// Shorter JSON text for messages: the value as JSON, cut to 60 bytes.
std::string quoted(const Json& value);

}  // namespace kpimap::api
