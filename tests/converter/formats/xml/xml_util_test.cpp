// XML helpers: DTD refusal, whole-part parsing with offsets, and prefix-agnostic navigation.
#include <gtest/gtest.h>

#include <string>

#include "formats/xml/xml_util.hpp"
#include "kpimap/error.hpp"

namespace kpimap::detail {
namespace {

template <typename Fn>
ReadError expect_read_error(Fn&& fn) {
    try {
        fn();
    } catch (const ReadError& e) {
        return e;
    }
    ADD_FAILURE() << "no ReadError was thrown";
    return ReadError(ErrorCode::ok, "", "");
}

TEST(RefuseDtdTest, AcceptsPrologWithoutDtd) {
    EXPECT_NO_THROW(refuse_dtd("<root/>", "p"));
    EXPECT_NO_THROW(refuse_dtd("<?xml version=\"1.0\"?><root/>", "p"));
    EXPECT_NO_THROW(
        refuse_dtd("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- a comment -->\n"
                   "<?mso-application progid=\"Excel.Sheet\"?><root/>",
                   "p"));
    EXPECT_NO_THROW(refuse_dtd("", "p"));
    EXPECT_NO_THROW(refuse_dtd("no markup at all", "p"));
    // "<!" after the root element starts is not part of the prolog (CDATA, comments).
    EXPECT_NO_THROW(refuse_dtd("<root><![CDATA[<!DOCTYPE x>]]><!-- <!ENTITY -->", "p"));
    // A comment whose text looks like a DTD is still a comment.
    EXPECT_NO_THROW(refuse_dtd("<!-- <!DOCTYPE x [ <!ENTITY a 'b'> ]> --><root/>", "p"));
    EXPECT_NO_THROW(refuse_dtd("<?pi <!DOCTYPE x> ?><root/>", "p"));
}

TEST(RefuseDtdTest, RefusesDoctypeWithPartAndOffset) {
    const std::string text =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE workbook [\n"
        "<!ENTITY lol \"lol\">]>\n<workbook>&lol;</workbook>";
    ReadError e = expect_read_error([&] { refuse_dtd(text, "xl/workbook.xml"); });
    EXPECT_EQ(e.code(), ErrorCode::xml_forbidden_dtd);
    EXPECT_EQ(e.part(), "xl/workbook.xml");
    EXPECT_EQ(e.offset(), static_cast<std::int64_t>(text.find("<!DOCTYPE")));
}

TEST(RefuseDtdTest, RefusesDoctypeAfterCommentsAndProcessingInstructions) {
    const std::string text =
        "<?xml version=\"1.0\"?><!-- c --><?pi x?><!-- d -->"
        "<!DOCTYPE r SYSTEM \"file:///etc/passwd\"><r/>";
    ReadError e = expect_read_error([&] { refuse_dtd(text, "p"); });
    EXPECT_EQ(e.code(), ErrorCode::xml_forbidden_dtd);
    EXPECT_EQ(e.offset(), static_cast<std::int64_t>(text.find("<!DOCTYPE")));
}

TEST(RefuseDtdTest, RefusesBareEntityDeclarationAndLowerCaseDoctype) {
    EXPECT_EQ(expect_read_error([] { refuse_dtd("<!ENTITY a \"b\"><r/>", "p"); }).code(),
              ErrorCode::xml_forbidden_dtd);
    EXPECT_EQ(expect_read_error([] { refuse_dtd("<!doctype r><r/>", "p"); }).code(),
              ErrorCode::xml_forbidden_dtd);
}

TEST(ParsePartTest, ParsesWellFormedPart) {
    std::string text = "<?xml version=\"1.0\"?><r a=\"1\"><x:c>a &amp; b</x:c><d> </d></r>";
    pugi::xml_document doc;
    parse_part(doc, text, "p");
    pugi::xml_node root = doc.document_element();
    EXPECT_STREQ(root.name(), "r");
    EXPECT_EQ(text_content(child(root, "c")), "a & b");
    // Whitespace-only text that is an element's whole content survives.
    EXPECT_EQ(text_content(child(root, "d")), " ");
}

TEST(ParsePartTest, MalformedPartIsXmlMalformedWithOffset) {
    std::string text = "<?xml version=\"1.0\"?><workbook><sheets></workbook>";
    const auto bad = static_cast<std::int64_t>(text.find("</workbook>"));
    pugi::xml_document doc;
    ReadError e = expect_read_error([&] { parse_part(doc, text, "xl/workbook.xml"); });
    EXPECT_EQ(e.code(), ErrorCode::xml_malformed);
    EXPECT_EQ(e.part(), "xl/workbook.xml");
    EXPECT_GE(e.offset(), bad);
    EXPECT_LE(e.offset(), static_cast<std::int64_t>(text.size()));
}

TEST(ParsePartTest, DoctypeIsRefusedBeforeParsing) {
    std::string text =
        "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;\">]><r>&b;</r>";
    pugi::xml_document doc;
    EXPECT_EQ(expect_read_error([&] { parse_part(doc, text, "p"); }).code(),
              ErrorCode::xml_forbidden_dtd);
    EXPECT_FALSE(doc.document_element());
}

std::string utf16le(const std::string& ascii) {
    std::string out("\xFF\xFE", 2);
    for (char c : ascii) {
        out.push_back(c);
        out.push_back('\0');
    }
    return out;
}

TEST(ParsePartTest, Utf16PartWithDoctypeIsRefused) {
    // parse_part accepts any encoding pugixml detects, so the DTD check must hold for UTF-16
    // parts too: a DTD must never slip through because the bytes are not ASCII-compatible.
    std::string text = utf16le(
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE r [<!ENTITY a \"x\">]><r>&a;</r>");
    pugi::xml_document doc;
    ErrorCode code = ErrorCode::ok;
    try {
        parse_part(doc, text, "xl/workbook.xml");
    } catch (const ReadError& e) {
        code = e.code();
    }
    if (code == ErrorCode::ok)
        FAIL() << "regression: a UTF-16 part with <!DOCTYPE> passes refuse_dtd and parses";
    EXPECT_EQ(code, ErrorCode::xml_forbidden_dtd);
}

TEST(XmlNamesTest, LocalNameDropsPrefix) {
    EXPECT_EQ(local_name("x:row"), "row");
    EXPECT_EQ(local_name("row"), "row");
    EXPECT_EQ(local_name(":row"), "row");
    EXPECT_TRUE(is_local_name("row", "row"));
    EXPECT_TRUE(is_local_name("x:row", "row"));
    EXPECT_TRUE(is_local_name("main:row", "row"));
    EXPECT_FALSE(is_local_name("rows", "row"));
    EXPECT_FALSE(is_local_name("ro", "row"));
    EXPECT_FALSE(is_local_name("x:rows", "row"));
    EXPECT_FALSE(is_local_name("rowx:c", "row"));
    EXPECT_FALSE(is_local_name("c", "row"));
}

TEST(XmlNamesTest, ChildAndAttributeIgnorePrefixes) {
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(
        "<x:sheet xmlns:x=\"u\" xmlns:r=\"v\" r:id=\"rId7\" name=\"N\" x:name=\"P\">"
        "<!-- c --><x:a>1</x:a><b>2</b><x:a>3</x:a></x:sheet>"));
    pugi::xml_node root = doc.document_element();
    EXPECT_EQ(text_content(child(root, "a")), "1");
    EXPECT_EQ(text_content(child(root, "b")), "2");
    EXPECT_FALSE(child(root, "c"));
    EXPECT_STREQ(attribute(root, "id").value(), "rId7");
    // An exact match wins over a prefixed one.
    EXPECT_STREQ(attribute(root, "name").value(), "N");
    EXPECT_FALSE(attribute(root, "missing"));
    EXPECT_STREQ(attribute_any(root, "x:name", "name").value(), "P");
    EXPECT_STREQ(attribute_any(root, "y:id", "id").value(), "rId7");
    int count = 0;
    std::string seen;
    for_each_child(root, "a", [&](pugi::xml_node n) {
        ++count;
        seen += text_content(n);
    });
    EXPECT_EQ(count, 2);
    EXPECT_EQ(seen, "13");
}

TEST(XmlNamesTest, TextContentConcatenatesDescendantsAndCdata) {
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string("<a>x<b>y<c>z</c></b><![CDATA[<w>]]></a>", pugi::parse_default));
    EXPECT_EQ(text_content(doc.document_element()), "xyz<w>");
}

}  // namespace
}  // namespace kpimap::detail
