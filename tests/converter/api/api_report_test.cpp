// The api's reportSheets and updatePlan (src/api/api_report.cpp): the report workbook with
// kpimap's sheet names, as base64, and the status cells `kpimap update` would write.
#include <gtest/gtest.h>
#include <zip.h>

#include <regex>
#include <string>

#include "api_test_support.hpp"
#include "kpimap/api.hpp"

using namespace kpimap;
using api_test::error_code;
using api_test::error_message;
using api_test::Json;
using api_test::ok;
using api_test::repo_context;
using api_test::repo_file;

namespace {

std::string request(const std::string& file_name, const Json& settings = nullptr,
                    const Json& mapping_xml = nullptr) {
    return Json{{"file_name", file_name}, {"mapping_xml", mapping_xml}, {"settings", settings}}
        .dump();
}

std::string from_base64(const std::string& text) {
    static const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '=') break;
        const std::size_t v = alphabet.find(c);
        if (v == std::string::npos) return "";
        buffer = buffer << 6 | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>(buffer >> bits & 0xFF);
        }
    }
    return out;
}

// A part of a zip package held in memory; "" when absent.
std::string zip_part(const std::string& package, const char* name) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(package.data(), package.size(), 0, &error);
    zip_t* z = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
    std::string out;
    zip_stat_t st;
    if (z && zip_stat(z, name, 0, &st) == 0) {
        out.resize(st.size);
        zip_file_t* f = zip_fopen(z, name, 0);
        zip_fread(f, out.data(), st.size);
        zip_fclose(f);
    }
    if (z)
        zip_discard(z);
    else if (source)
        zip_source_free(source);
    zip_error_fini(&error);
    return out;
}

}  // namespace

TEST(ApiReport, ReportSheetsAreKpimapsReportWithKpimapsSheetNames) {
    const Json r =
        ok(api_report_sheets(repo_context(), repo_file("samples/001_outcomes_report.xlsx"),
                             request("001_outcomes_report.xlsx")));
    ASSERT_TRUE(r["sheets"].is_array());
    ASSERT_GE(r["sheets"].size(), 3u);
    EXPECT_EQ(r["sheets"][0], "kpimap Summary");
    EXPECT_EQ(r["sheets"][1], "kpimap Statuses");
    for (const Json& s : r["sheets"]) EXPECT_EQ(s.get<std::string>().rfind("kpimap ", 0), 0u) << s;
    const std::string package = from_base64(r["workbook_base64"].get<std::string>());
    ASSERT_EQ(package.substr(0, 2), "PK");
    const std::string workbook = zip_part(package, "xl/workbook.xml");
    EXPECT_NE(workbook.find("name=\"kpimap Summary\""), std::string::npos);
    // Sparklines refer to the Statuses sheet by its quoted name.
    const std::string statuses = zip_part(package, "xl/worksheets/sheet2.xml");
    EXPECT_NE(statuses.find("<xm:f>'kpimap Statuses'!"), std::string::npos);
}

TEST(ApiReport, SettingsAreCheckedAndUsed) {
    const ApiContext context = repo_context();
    const std::string bytes = repo_file("samples/001_outcomes_report.xlsx");
    EXPECT_EQ(
        error_code(api_report_sheets(context, bytes, request("a.xlsx", Json{{"as_of", "Year 1"}}))),
        "not_a_period");
    EXPECT_EQ(error_code(api_update_plan(context, bytes,
                                         request("a.xlsx", Json{{"travel_tolerance", 2}}))),
              "invalid_tolerance");
    EXPECT_EQ(error_code(api_update_plan(
                  context, bytes, request("a.xlsx", Json{{"rag_amber", 0.2}, {"rag_red", 0.1}}))),
              "invalid_thresholds");
    EXPECT_EQ(error_code(api_update_plan(context, bytes, request("a.xlsx", "soon"))),
              "bad_request");
    // Nulls are the defaults; an as-of period judges earlier values.
    const Json all_null = Json::parse(
        R"({"as_of": null, "travel_tolerance": null, "rag_amber": null, "rag_red": null})");
    const Json latest = ok(api_update_plan(context, bytes, request("a.xlsx", all_null)));
    const Json earlier =
        ok(api_update_plan(context, bytes, request("a.xlsx", Json{{"as_of", "2013"}})));
    EXPECT_NE(latest["writes"], earlier["writes"]);
}

TEST(ApiReport, UpdatePlanListsTheStatusCellsWithA1References) {
    const Json plan =
        ok(api_update_plan(repo_context(), repo_file("samples/001_outcomes_report.xlsx"),
                           request("001_outcomes_report.xlsx")));
    ASSERT_FALSE(plan["writes"].empty());
    const std::regex a1("[A-Z]{1,3}[1-9][0-9]*");
    for (const Json& w : plan["writes"]) {
        EXPECT_TRUE(std::regex_match(w["cell"].get<std::string>(), a1)) << w;
        EXPECT_FALSE(w["sheet"].get<std::string>().empty());
        const std::string kind = w["kind"].get<std::string>();
        if (kind == "text")
            EXPECT_TRUE(w["value"].is_string()) << w;
        else if (kind == "number")
            EXPECT_TRUE(w["value"].is_number()) << w;
        else if (kind == "boolean")
            EXPECT_TRUE(w["value"].is_boolean()) << w;
        else
            EXPECT_EQ(kind, "blank") << w;
    }
    EXPECT_TRUE(plan["not_written"].is_array());
    EXPECT_TRUE(plan["notes"].is_array());
    EXPECT_TRUE(plan["errors"].empty());
}

TEST(ApiReport, UpdatePlanSaysWhenTheMappingHasNoStatusColumns) {
    const Json plan = ok(api_update_plan(
        repo_context(), repo_file("samples/004_mh_pmf_matrix.xlsx"), request("004.xlsx")));
    EXPECT_TRUE(plan["writes"].empty());
    ASSERT_FALSE(plan["warnings"].empty());
    EXPECT_NE(plan["warnings"][0].get<std::string>().find("declares no status columns"),
              std::string::npos);
}

TEST(ApiReport, UpdatePlanRefusesAMappingThatCannotCheckTheLayout) {
    const ApiContext context = repo_context();
    const std::string bytes = repo_file("samples/001_outcomes_report.xlsx");
    std::string mapping = repo_file("mappings/hwb-outcomes-report.xml");
    const std::size_t from = mapping.find("<detect");
    const std::size_t to = mapping.find("</detect>");
    ASSERT_NE(from, std::string::npos);
    ASSERT_NE(to, std::string::npos);
    mapping.erase(from, to + 9 - from);
    const std::string answer = api_update_plan(context, bytes, request("a.xlsx", nullptr, mapping));
    EXPECT_EQ(error_code(answer), "bad_mapping");
    EXPECT_NE(error_message(answer).find("<detect>"), std::string::npos) << answer;
    // A mapping for another layout: its detection rules fail, nothing is planned.
    EXPECT_EQ(
        error_code(api_update_plan(
            context, bytes, request("a.xlsx", nullptr, repo_file("mappings/mh-pmf-matrix.xml")))),
        "no_mapping_fits");
    EXPECT_EQ(error_code(api_report_sheets(context, "junk", request("a.xlsx"))), "unreadable");
}
