// The one error type (kpimap/error.hpp): the table of codes, and how an Error says where, what
// and what to do.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "kpimap/error.hpp"

using namespace kpimap;

TEST(ErrorTest, EveryCodeHasOneNameAStageAndAHint) {
    std::set<std::string> names;
    for (std::size_t i = 1; i < kErrorCodeCount; ++i) {
        const auto code = static_cast<ErrorCode>(i);
        SCOPED_TRACE(i);
        EXPECT_STRNE(error_code_name(code), "unknown");
        EXPECT_STRNE(error_code_hint(code), "");
        EXPECT_NE(error_code_stage(code), ErrorStage::none);
        EXPECT_STRNE(error_stage_name(error_code_stage(code)), "unknown");
        names.insert(error_code_name(code));
    }
    EXPECT_EQ(names.size(), kErrorCodeCount - 1);  // no two codes share a name
    EXPECT_STREQ(error_code_name(ErrorCode::zip_bomb), "zip_bomb");
    EXPECT_STREQ(error_code_name(ErrorCode::xml_forbidden_dtd), "xml_forbidden_dtd");
    EXPECT_STREQ(error_code_name(static_cast<ErrorCode>(kErrorCodeCount)), "unknown");
    EXPECT_EQ(error_code_stage(ErrorCode::ok), ErrorStage::none);
}

TEST(ErrorTest, CodesBelongToTheirStage) {
    // The codes a workbook's reading meets are read errors whoever meets them (the reader or the
    // package patcher), so one code gives one exit code.
    EXPECT_EQ(error_code_stage(ErrorCode::zip_bomb), ErrorStage::read);
    EXPECT_EQ(error_code_stage(ErrorCode::sheet_not_found), ErrorStage::read);
    EXPECT_EQ(error_code_stage(ErrorCode::protected_cell), ErrorStage::patch);
    EXPECT_EQ(error_code_stage(ErrorCode::output_failed), ErrorStage::output);
    EXPECT_EQ(error_code_stage(ErrorCode::mapping_invalid), ErrorStage::mapping);
    EXPECT_EQ(error_code_stage(ErrorCode::crosswalk_invalid), ErrorStage::crosswalk);
    EXPECT_EQ(error_code_stage(ErrorCode::model_unreadable), ErrorStage::model_input);
    EXPECT_EQ(error_code_stage(ErrorCode::no_mapping_fits), ErrorStage::detect);
    EXPECT_EQ(error_code_stage(ErrorCode::write_refused), ErrorStage::write);
    EXPECT_EQ(error_code_stage(ErrorCode::report_failed), ErrorStage::report);
    // The table can be read at compile time.
    static_assert(error_code_stage(ErrorCode::corrupt_zip) == ErrorStage::read);
}

TEST(ErrorTest, OkConvertsToTrueAsInPugixml) {
    Error e;
    EXPECT_TRUE(e.ok());
    EXPECT_TRUE(static_cast<bool>(e));
    e.code = ErrorCode::io_error;
    EXPECT_FALSE(e.ok());
    EXPECT_FALSE(static_cast<bool>(e));
    EXPECT_EQ(e.stage(), ErrorStage::read);
}

TEST(ErrorTest, TextNamesFilePartAndOffset) {
    Error e(ErrorCode::xml_malformed, "in/book.xlsx", "not well-formed");
    e.part = "xl/worksheets/sheet1.xml";
    e.offset = 120;
    EXPECT_EQ(e.text(), "in/book.xlsx [xl/worksheets/sheet1.xml, byte 120]: not well-formed");
    e.part.clear();
    EXPECT_EQ(e.text(), "in/book.xlsx [byte 120]: not well-formed");
    e.offset = -1;
    e.detail.clear();
    EXPECT_EQ(e.text(), "in/book.xlsx: xml_malformed");  // no detail: the code's name
}

TEST(ErrorTest, TextOfALineIsFileColonLine) {
    const Error e(ErrorCode::mapping_invalid, "m.xml", 12, "unknown attribute 'colum'");
    EXPECT_EQ(e.text(), "m.xml:12: unknown attribute 'colum'");
    // No place at all: the detail alone (a command-line error).
    EXPECT_EQ(Error(ErrorCode::usage, "", "no WORKBOOK given").text(), "no WORKBOOK given");
}

TEST(ErrorTest, HintIsTheAdviceOrTheCodesHint) {
    Error e(ErrorCode::protected_cell, "t.xlsx", "Data!B2 is locked");
    EXPECT_EQ(e.hint(), error_code_hint(ErrorCode::protected_cell));
    EXPECT_EQ(e.message(), std::string("t.xlsx: Data!B2 is locked; what to do: ") +
                               error_code_hint(ErrorCode::protected_cell));
    e.advice = "pass --allow-protected";
    EXPECT_EQ(e.hint(), "pass --allow-protected");
    EXPECT_EQ(e.message(), "t.xlsx: Data!B2 is locked; what to do: pass --allow-protected");
    // One line.
    EXPECT_EQ(e.message().find('\n'), std::string::npos);
}
