// Relationship parts: where a .rels part lives, how targets resolve against their owner, and
// which relationship types are recognised (transitional and strict URIs).
#include <gtest/gtest.h>

#include "formats/xlsx/xlsx_parts.hpp"
#include "support/xlsx_builder.hpp"

namespace kpimap::detail {
namespace {

using test_support::TempDir;
using test_support::write_zip;

TEST(XlsxRelationshipsTest, RelsPathForAPart) {
    EXPECT_EQ(rels_path_for("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
    EXPECT_EQ(rels_path_for("xl/worksheets/sheet1.xml"), "xl/worksheets/_rels/sheet1.xml.rels");
    EXPECT_EQ(rels_path_for("workbook.xml"), "_rels/workbook.xml.rels");
}

TEST(XlsxRelationshipsTest, ResolveRelativeTargets) {
    EXPECT_EQ(resolve_target("xl/workbook.xml", "worksheets/sheet1.xml"),
              "xl/worksheets/sheet1.xml");
    EXPECT_EQ(resolve_target("xl/workbook.xml", "./styles.xml"), "xl/styles.xml");
    EXPECT_EQ(resolve_target("xl/workbook.xml", "../customXml/item1.xml"), "customXml/item1.xml");
    EXPECT_EQ(resolve_target("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml"),
              "xl/drawings/drawing1.xml");
    EXPECT_EQ(resolve_target("xl/worksheets/sheet1.xml", "../../docProps/app.xml"),
              "docProps/app.xml");
    EXPECT_EQ(resolve_target("xl/workbook.xml", "worksheets\\sheet2.xml"),
              "xl/worksheets/sheet2.xml");
    EXPECT_EQ(resolve_target("xl/workbook.xml", "worksheets//sheet3.xml"),
              "xl/worksheets/sheet3.xml");
    // Package-level relationships (owner "") resolve against the root.
    EXPECT_EQ(resolve_target("", "xl/workbook.xml"), "xl/workbook.xml");
    EXPECT_EQ(resolve_target("workbook.xml", "sheet1.xml"), "sheet1.xml");
}

TEST(XlsxRelationshipsTest, ResolveAbsoluteTargets) {
    EXPECT_EQ(resolve_target("xl/workbook.xml", "/xl/worksheets/sheet1.xml"),
              "xl/worksheets/sheet1.xml");
    EXPECT_EQ(resolve_target("xl/workbook.xml", "/sheet1.xml"), "sheet1.xml");
    EXPECT_EQ(resolve_target("", "/xl/workbook.xml"), "xl/workbook.xml");
}

TEST(XlsxRelationshipsTest, DotDotNeverEscapesThePackageRoot) {
    EXPECT_EQ(resolve_target("xl/workbook.xml", "../../../../etc/passwd"), "etc/passwd");
}

TEST(XlsxRelationshipsTest, RelTypeMatchesTransitionalAndStrict) {
    const std::string transitional =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
    const std::string strict = "http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet";
    EXPECT_TRUE(rel_type_is(transitional, "worksheet"));
    EXPECT_TRUE(rel_type_is(strict, "worksheet"));
    EXPECT_TRUE(rel_type_is(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        "officeDocument"));
    EXPECT_TRUE(
        rel_type_is("http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
                    "officeDocument"));
    EXPECT_TRUE(rel_type_is(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings",
        "sharedStrings"));
    // Whole last segment only.
    EXPECT_FALSE(rel_type_is(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet", "sheet"));
    EXPECT_FALSE(rel_type_is(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet",
        "worksheet"));
    EXPECT_FALSE(rel_type_is(transitional, "styles"));
    EXPECT_FALSE(rel_type_is("worksheet", "worksheet"));
    EXPECT_FALSE(rel_type_is("", "worksheet"));
}

TEST(XlsxRelationshipsTest, ReadsRelationshipsOfAPart) {
    TempDir dir;
    const std::string path = dir.file("rels.zip");
    write_zip(path, {{"_rels/.rels",
                      "<?xml version=\"1.0\"?><Relationships "
                      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                      "<Relationship Id=\"rId1\" "
                      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                      "officeDocument\" Target=\"/xl/workbook.xml\"/>"
                      "</Relationships>"},
                     {"xl/_rels/workbook.xml.rels",
                      "<pr:Relationships "
                      "xmlns:pr=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                      "<pr:Relationship Id=\"rId1\" "
                      "Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet\" "
                      "Target=\"worksheets/sheet1.xml\"/>"
                      "<pr:Relationship Id=\"rId2\" "
                      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                      "hyperlink\" Target=\"https://example.org/a/../b\" TargetMode=\"External\"/>"
                      "<pr:Relationship Id=\"rId3\" "
                      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                      "styles\" Target=\"../xl/styles.xml\"/>"
                      "</pr:Relationships>"}});
    ZipPackage package(path, ReadLimits{});

    const auto root = read_relationships(package, "");
    ASSERT_EQ(root.size(), 1u);
    EXPECT_EQ(root[0].id, "rId1");
    EXPECT_EQ(root[0].target, "xl/workbook.xml");
    EXPECT_FALSE(root[0].external);
    EXPECT_TRUE(rel_type_is(root[0].type, "officeDocument"));

    const auto rels = read_relationships(package, "xl/workbook.xml");
    ASSERT_EQ(rels.size(), 3u);
    EXPECT_EQ(rels[0].id, "rId1");
    EXPECT_EQ(rels[0].type, "http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet");
    EXPECT_EQ(rels[0].target, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(rels[1].id, "rId2");
    EXPECT_TRUE(rels[1].external);
    EXPECT_EQ(rels[1].target, "https://example.org/a/../b");  // external targets are not resolved
    EXPECT_EQ(rels[2].target, "xl/styles.xml");

    EXPECT_TRUE(read_relationships(package, "xl/worksheets/sheet1.xml").empty());
}

TEST(XlsxRelationshipsTest, RelsPartWithDoctypeIsRefused) {
    TempDir dir;
    const std::string path = dir.file("rels.zip");
    write_zip(path, {{"_rels/.rels",
                      "<!DOCTYPE Relationships [<!ENTITY t \"xl/workbook.xml\">]>"
                      "<Relationships><Relationship Id=\"rId1\" Type=\"x/officeDocument\" "
                      "Target=\"&t;\"/></Relationships>"}});
    ZipPackage package(path, ReadLimits{});
    try {
        read_relationships(package, "");
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::xml_forbidden_dtd);
        EXPECT_EQ(e.part(), "_rels/.rels");
    }
}

}  // namespace
}  // namespace kpimap::detail
