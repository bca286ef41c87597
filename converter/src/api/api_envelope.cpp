// The api's envelope and request fields (api_envelope.hpp).
#include "api/api_envelope.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <new>

namespace kpimap::api {

namespace {

const Json kNull;

// A request is at most three levels deep (core.js); deeper nesting is refused while parsing,
// before anything recursive meets it: writing a value back for a message (quoted(), nlohmann's
// recursive dump) overflowed the 8 MB stack from about 80,000 levels (a hand-written input to
// fuzz_api, fuzz/regressions/api/api-request-nested-100000-deep). Parsing itself does not recurse.
constexpr int kMaxRequestDepth = 64;

[[noreturn]] void bad_request(const char* name, const char* expected, const Json& got) {
    throw Refusal("bad_request", fmt::format("the request's '{}' must be {}, not {}", name,
                                             expected, got.is_null() ? "missing" : quoted(got)));
}

}  // namespace

std::string error_envelope(std::string_view code, std::string_view message) {
    Json error;
    error["code"] = code;
    error["message"] = message;
    Json out;
    out["error"] = std::move(error);
    return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string guarded(std::string_view function, std::string_view request_json,
                    const std::function<Json(const Json&)>& body) noexcept {
    try {
        const Json request = Json::parse(
            request_json,
            [function](int depth, Json::parse_event_t, Json&) {
                if (depth > kMaxRequestDepth)
                    throw Refusal("bad_request",
                                  fmt::format("the request to {} is nested more than {} levels "
                                              "deep; pass one JSON object as core.js documents it",
                                              function, kMaxRequestDepth));
                return true;
            },
            false);
        if (request.is_discarded())
            return error_envelope("bad_request",
                                  fmt::format("the request to {} is not JSON; pass one JSON "
                                              "object as core.js documents it",
                                              function));
        if (!request.is_object())
            return error_envelope("bad_request",
                                  fmt::format("the request to {} must be a JSON object, not {}",
                                              function, quoted(request)));
        Json out;
        out["ok"] = body(request);
        return out.dump(-1, ' ', false, Json::error_handler_t::replace);
    } catch (const Refusal& r) {
        return error_envelope(r.code(), r.what());
    } catch (const std::bad_alloc&) {
        return error_envelope("internal", fmt::format("kpimap ran out of memory in {}", function));
    } catch (const std::exception& e) {
        try {
            return error_envelope("internal", fmt::format("kpimap failed in {}: {}; this is a "
                                                          "bug in kpimap, please report it",
                                                          function, e.what()));
        } catch (...) {
        }
    } catch (...) {
    }
    // Formatting the message itself failed (out of memory): a fixed answer needs no allocation
    // beyond the string's.
    try {
        return R"({"error":{"code":"internal","message":"kpimap failed"}})";
    } catch (...) {
        return {};
    }
}

const Json& field(const Json& request, const char* name) {
    const auto it = request.find(name);
    return it == request.end() ? kNull : *it;
}

double required_number(const Json& request, const char* name) {
    const Json& v = field(request, name);
    if (!v.is_number() || !std::isfinite(v.get<double>())) bad_request(name, "a number", v);
    return v.get<double>();
}

std::optional<double> optional_number(const Json& request, const char* name) {
    const Json& v = field(request, name);
    if (v.is_null()) return std::nullopt;
    return required_number(request, name);
}

std::string required_text(const Json& request, const char* name) {
    const Json& v = field(request, name);
    if (!v.is_string()) bad_request(name, "text", v);
    return v.get<std::string>();
}

std::optional<std::string> optional_text(const Json& request, const char* name) {
    const Json& v = field(request, name);
    if (v.is_null()) return std::nullopt;
    return required_text(request, name);
}

std::vector<double> number_list(const Json& request, const char* name) {
    const Json& v = field(request, name);
    if (!v.is_array()) bad_request(name, "a list of numbers", v);
    std::vector<double> out;
    out.reserve(v.size());
    for (const Json& item : v) {
        if (!item.is_number()) bad_request(name, "a list of numbers", item);
        out.push_back(item.get<double>());
    }
    return out;
}

std::vector<std::optional<double>> number_or_null_list(const Json& request, const char* name) {
    const Json& v = field(request, name);
    if (!v.is_array()) bad_request(name, "a list of numbers and nulls", v);
    std::vector<std::optional<double>> out;
    out.reserve(v.size());
    for (const Json& item : v) {
        if (item.is_null()) {
            out.emplace_back();
            continue;
        }
        if (!item.is_number() || !std::isfinite(item.get<double>()))
            bad_request(name, "a list of numbers and nulls", item);
        out.emplace_back(item.get<double>());
    }
    return out;
}

Json number_or_null(double value) {
    return std::isfinite(value) ? Json(value) : Json(nullptr);
}

Polarity polarity_from(const std::string& text) {
    std::size_t first = 0, last = text.size();
    while (first < last && std::isspace(static_cast<unsigned char>(text[first]))) ++first;
    while (last > first && std::isspace(static_cast<unsigned char>(text[last - 1]))) --last;
    std::string key;
    for (std::size_t i = first; i < last; ++i)
        key += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    for (Polarity p :
         {Polarity::higher_is_better, Polarity::lower_is_better, Polarity::no_judgement})
        if (key == polarity_name(p)) return p;
    throw Refusal("unknown_polarity",
                  fmt::format("polarity '{}' is not one of higher_is_better, lower_is_better, "
                              "no_judgement",
                              text));
}

std::string quoted(const Json& value) {
    std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (text.size() <= 60) return text;
    std::size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "...";
}

}  // namespace kpimap::api
