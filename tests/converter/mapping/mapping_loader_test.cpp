// The document-level mapping loader (load_mapping, load_mapping_text): what a loaded mapping
// holds, <include>d catalogue files, detect rules, vocabularies and dimensions, and the
// refusals every mapping file can meet, each with the line it is on. The constructs' own
// attributes are tested beside each construct (tests/converter/constructs/).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "converter/constructs/construct_test_support.hpp"
#include "kpimap/mapping.hpp"
#include "support/temp_path.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

namespace fs = std::filesystem;

// The smallest reader, so that a mapping is complete around what a test checks.
const std::string kTable = R"(<table header="Indicator">
    <column header="Indicator" role="indicator.title" key="true"/>
  </table>)";

// A folder of files for one test (include paths are resolved from the mapping's folder),
// removed at the end of the test.
class TempFolder {
public:
    TempFolder() {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = test_support::unique_temp_path(std::string("mapping_loader_") + test->name());
        fs::create_directories(path_ / "catalogues");
    }
    ~TempFolder() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    // Writes `text` to `name` under the folder and returns its path.
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path_ / name, std::ios::binary) << text;
        return (path_ / name).string();
    }

private:
    fs::path path_;
};

}  // namespace

TEST(MappingLoaderTest, ALoadedMappingHoldsEveryPartAndNoErrors) {
    const std::string xml = R"(<mapping id="grid" version="1" title="A grid">
  <description>Free text kpimap does not read.</description>
  <detect min-score="2">
    <sheet-name pattern="^Data$"/>
    <cell text="Indicator"/>
    <cell pattern="^Year \d+$"/>
  </detect>
  <framework title="Outcomes framework" owner="The board" period="2020/21-2024/25"/>
  )" + kTable + R"(
  <vocabulary id="capture" fuzzy="1">
    <term value="new" text="New" aliases="Fresh|Brand new"/>
    <term value="tbc"/>
  </vocabulary>
  <catalogue id="outcomes" title="Nine outcomes">
    <item code="1" title="Healthy lives"/>
    <item code="2" title="Living at home"/>
  </catalogue>
  <dimension id="sex" code-scheme="Fingertips SexID">
    <category name="Persons" code="4" total="true" aliases="All"/>
    <category name="Female" code="2" aliases="F|Women"/>
  </dimension>
</mapping>)";
    const MappingLoadResult r = load_mapping_text("in/memory.xml", xml);
    ASSERT_TRUE(r) << all_text(errors_of(r));
    EXPECT_TRUE(r.errors.empty());
    const Mapping& m = *r.mapping;
    EXPECT_EQ(m.id, "grid");
    EXPECT_EQ(m.title, "A grid");
    EXPECT_EQ(m.path, "in/memory.xml");
    EXPECT_EQ(m.min_score, 2);
    ASSERT_EQ(m.detect.size(), 3u);
    EXPECT_EQ(m.detect[0].kind, DetectRule::Kind::sheet_name);
    EXPECT_EQ(m.detect[0].line, 4);
    EXPECT_EQ(m.detect[1].kind, DetectRule::Kind::cell_text);
    EXPECT_EQ(m.detect[1].value, "Indicator");
    EXPECT_EQ(m.detect[2].kind, DetectRule::Kind::cell_pattern);
    EXPECT_EQ(m.detect[2].line, 6);
    EXPECT_EQ(m.framework_title, "Outcomes framework");
    EXPECT_EQ(m.framework_owner, "The board");
    EXPECT_EQ(m.framework_period, "2020/21-2024/25");
    EXPECT_EQ(m.tables.size(), 1u);

    ASSERT_TRUE(m.vocabularies.contains("capture"));
    const VocabularyRule& capture = m.vocabularies.at("capture");
    EXPECT_EQ(capture.fuzzy, 1);
    // Terms are found by their text and each alias; a term without text is spelt as its value.
    const std::optional<TermMatch> fresh = capture.terms.match("Fresh", 0);
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->term->value, "new");
    ASSERT_TRUE(capture.terms.match("tbc", 0));

    ASSERT_TRUE(m.catalogues.contains("outcomes"));
    ASSERT_EQ(m.catalogues.at("outcomes").items.size(), 2u);
    EXPECT_EQ(m.catalogues.at("outcomes").items[1].title, "Living at home");

    ASSERT_EQ(m.dimensions.size(), 1u);
    const Dimension& sex = m.dimensions[0];
    EXPECT_EQ(sex.title, "sex");  // the id when no title is given
    EXPECT_EQ(sex.code_scheme, "Fingertips SexID");
    EXPECT_FALSE(sex.ordered);
    ASSERT_EQ(sex.categories.size(), 2u);
    EXPECT_TRUE(sex.categories[0].total);
    ASSERT_NE(sex.find("Women"), nullptr);
    EXPECT_EQ(sex.find("Women")->name, "Female");
}

TEST(MappingLoaderTest, IncludedCatalogueVocabularyAndDimensionsAreReadAsIfWrittenHere) {
    TempFolder folder;
    folder.write("catalogues/outcomes.xml", R"(<?xml version="1.0"?>
<catalogue id="outcomes"><item code="1" title="Healthy lives"/><item code="2" title="Home"/></catalogue>)");
    folder.write("catalogues/markers.xml",
                 R"(<vocabulary id="markers"><term value="primary" text="X"/></vocabulary>)");
    folder.write("catalogues/dims.xml", R"(<dimensions>
  <dimension id="sex"><category name="Male" aliases="M"/></dimension>
  <dimension id="age" ordered="true"><category name="18-64"/><category name="65+"/></dimension>
</dimensions>)");
    const std::string path = folder.write("m.xml", R"(<mapping id="m" version="1">
  <include file="catalogues/outcomes.xml"/>
  <include file="catalogues/markers.xml"/>
  <include file="catalogues/dims.xml"/>
  <matrix header="Outcome">
    <rows header="Outcome" level="outcome"/>
    <columns first="2" last="3" level="national" catalogue="outcomes"/>
    <cells vocabulary="markers"/>
  </matrix>
</mapping>)");
    const MappingLoadResult r = load_mapping(path);
    ASSERT_TRUE(r) << all_text(errors_of(r));
    ASSERT_TRUE(r.mapping->catalogues.contains("outcomes"));
    EXPECT_EQ(r.mapping->catalogues.at("outcomes").items.size(), 2u);
    EXPECT_TRUE(r.mapping->vocabularies.contains("markers"));
    ASSERT_EQ(r.mapping->dimensions.size(), 2u);
    EXPECT_EQ(r.mapping->dimensions[1].id, "age");
    EXPECT_TRUE(r.mapping->dimensions[1].ordered);
    EXPECT_EQ(r.mapping->path, path);
}

TEST(MappingLoaderTest, AnIncludedFileIsReportedUnderItsOwnNameAndLine) {
    TempFolder folder;
    const std::string bad = folder.write("catalogues/bad.xml", R"(<catalogue id="outcomes">
  <item code="1" title="Healthy lives"/>
  <entry code="2" title="Home"/>
</catalogue>)");
    const std::string path = folder.write("m.xml", R"(<mapping id="m" version="1">
  <include file="catalogues/bad.xml"/>
  <include file="catalogues/missing.xml"/>
  )" + kTable + R"(
</mapping>)");
    const MappingLoadResult r = load_mapping(path);
    EXPECT_FALSE(r);
    const std::vector<LoadError> errors = errors_of(r);
    ASSERT_EQ(errors.size(), 2u) << all_text(errors);
    // The missing file is reported at the <include> of the mapping...
    const LoadError* missing = nullptr;
    const LoadError* entry = nullptr;
    for (const LoadError& e : errors) {
        if (e.text.find("cannot read included file") != std::string::npos) missing = &e;
        if (e.text.find("<entry> is not allowed inside <catalogue>") != std::string::npos)
            entry = &e;
    }
    ASSERT_NE(missing, nullptr) << all_text(errors);
    EXPECT_EQ(missing->line, 3);
    EXPECT_EQ(missing->file, path);
    // ...and a mistake inside the included file at its own line, under its own name.
    ASSERT_NE(entry, nullptr) << all_text(errors);
    EXPECT_EQ(entry->line, 3);
    EXPECT_EQ(fs::path(entry->file), fs::path(bad));
}

TEST(MappingLoaderTest, TheBundledMappingsAllLoad) {
    const std::vector<MappingLoadResult> all =
        load_mappings_in(std::string(KPIMAP_SOURCE_DIR) + "/mappings");
    ASSERT_GE(all.size(), 10u);  // catalogues/ is skipped: only mappings are loaded
    for (const MappingLoadResult& r : all) {
        EXPECT_TRUE(r) << all_text(errors_of(r));
        if (r) EXPECT_EQ(r.mapping->path.find("/catalogues/"), std::string::npos);
    }
}

TEST(MappingLoaderTest, UnknownElementsAndAttributesAreRefusedAtTheirLine) {
    const auto errors = load_errors(R"(<mapping id="m" version="1">
  <detect><cell text="Indicator"/></detect>
  <series sheet="*"/>
  <vocabulary id="v" fuzy="1"><term value="a"/></vocabulary>
  <table header="Indicator" serach-rows="5">
    <column header="Indicator" role="indicator.title" key="true"/>
  </table>
  <detect><row text="x"/></detect>
</mapping>)");
    EXPECT_TRUE(has_error(errors, 3, "<series> is not allowed inside <mapping>"))
        << all_text(errors);
    // A misspelt attribute names the nearest known one.
    EXPECT_TRUE(has_error(errors, 4, "no attribute 'fuzy'; did you mean 'fuzzy'?"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 5, "did you mean 'search-rows'?")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 8, "<row> is not allowed inside <detect>")) << all_text(errors);
    EXPECT_EQ(errors.size(), 4u) << all_text(errors);
}

TEST(MappingLoaderTest, MissingRequiredAttributesAreRefusedAtTheirLine) {
    const auto errors = load_errors(R"(<mapping version="1">
  <vocabulary><term value="a"/><term text="b"/></vocabulary>
  <catalogue title="no id"/>
  <dimension><category code="1"/></dimension>
  <table>
    <column header="Indicator" role="indicator.title" key="true"/>
  </table>
</mapping>)");
    EXPECT_TRUE(has_error(errors, 1, "<mapping> needs an id")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "<vocabulary> needs id")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "<term> needs value")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 3, "<catalogue> needs id")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 4, "<dimension> needs id")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 4, "<category> needs name")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 5, "<table> needs header")) << all_text(errors);
}

TEST(MappingLoaderTest, AMappingWithoutReaderOrWithAWrongRootOrVersionIsRefused) {
    EXPECT_TRUE(has_error(load_errors(R"(<mapping id="m">
  <vocabulary id="v"><term value="a"/></vocabulary>
</mapping>)"),
                          1, "it would convert nothing"));
    EXPECT_TRUE(
        has_error(load_errors("\n<crosswalk id=\"m\"/>"), 2, "the root element is <crosswalk>"));
    EXPECT_TRUE(has_error(load_errors("<mapping id=\"m\" version=\"2\">" + kTable + "</mapping>"),
                          1, "version=\"2\" is not supported"));
}

TEST(MappingLoaderTest, ADtdIsRefusedBeforeAnythingIsRead) {
    const auto errors = load_errors(R"(<?xml version="1.0"?>
<!DOCTYPE mapping [<!ENTITY lol "lol">]>
<mapping id="&lol;" version="1">)" + kTable +
                                    "</mapping>");
    ASSERT_EQ(errors.size(), 1u) << all_text(errors);
    EXPECT_NE(errors[0].text.find("declares a DTD"), std::string::npos) << errors[0].text;
}

TEST(MappingLoaderTest, ADtdInAnIncludedFileIsRefusedToo) {
    TempFolder folder;
    folder.write("catalogues/dtd.xml", R"(<?xml version="1.0"?>
<!DOCTYPE catalogue [<!ENTITY x "x">]>
<catalogue id="c"><item code="1" title="One"/></catalogue>)");
    const std::string path =
        folder.write("m.xml", "<mapping id=\"m\">\n<include file=\"catalogues/dtd.xml\"/>" +
                                  kTable + "</mapping>");
    const MappingLoadResult r = load_mapping(path);
    EXPECT_FALSE(r);
    const std::vector<LoadError> errors = errors_of(r);
    ASSERT_EQ(errors.size(), 1u) << all_text(errors);
    EXPECT_NE(errors[0].text.find("DTD"), std::string::npos) << errors[0].text;
}

TEST(MappingLoaderTest, XmlThatIsNotWellFormedIsRefusedAtTheLineOfTheFault) {
    const auto errors = load_errors(R"(<mapping id="m" version="1">
  <table header="Indicator">
    <column header="Indicator" role="indicator.title" key="true">
  </table>
</mapping>)");
    ASSERT_EQ(errors.size(), 1u) << all_text(errors);
    EXPECT_NE(errors[0].text.find("not well-formed XML"), std::string::npos) << errors[0].text;
    EXPECT_EQ(errors[0].line, 4);  // the </table> that closes an open <column>
}

TEST(MappingLoaderTest, BadRegularExpressionsAreRefusedAtTheirLine) {
    const auto errors = load_errors(R"(<mapping id="m" version="1">
  <detect>
    <sheet-name pattern="^(Data"/>
    <cell pattern="[a-"/>
  </detect>
  <table sheet="(" header="Indicator">
    <column header="Indicator" role="indicator.title" key="true"/>
  </table>
</mapping>)");
    EXPECT_TRUE(has_error(errors, 3, "'^(Data' is not a valid regular expression"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 4, "not a valid regular expression")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 6, "not a valid regular expression")) << all_text(errors);
}

TEST(MappingLoaderTest, DetectRulesNeedTextAndAReachableMinimumScore) {
    const auto errors = load_errors(R"(<mapping id="m" version="1">
  <detect min-score="3">
    <cell text=""/>
    <sheet-name pattern="Data"/>
  </detect>
  <detect min-score="0"><cell text="x"/></detect>
)" + kTable + "</mapping>");
    EXPECT_TRUE(has_error(errors, 3, "<cell> needs a non-empty text or pattern"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "min-score=\"3\" is more than the 2 rules given"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 6, "min-score=\"0\" must be a whole number of at least 1"))
        << all_text(errors);
}

TEST(MappingLoaderTest, DuplicateIdsAreRefusedAtTheSecond) {
    const auto errors = load_errors(R"(<mapping id="m" version="1">
  <vocabulary id="v"><term value="a"/></vocabulary>
  <vocabulary id="v"><term value="b"/></vocabulary>
  <dimension id="sex"><category name="Male"/></dimension>
  <dimension id="Sex"><category name="Female"/></dimension>
  <dimension id="age"><category name="65+" aliases="Older"/><category name="older"/></dimension>
  <fact name="council" cell="B2"/>
  <fact name="council" cell="B3"/>
)" + kTable + "</mapping>");
    EXPECT_TRUE(has_error(errors, 3, "vocabulary \"v\" is defined twice")) << all_text(errors);
    // Dimension ids are compared as breakdown pairs name them: case aside.
    EXPECT_TRUE(has_error(errors, 5, "dimension \"Sex\" is declared twice")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 6, "already names category '65+'")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 8, "is given twice (first at line 7)")) << all_text(errors);
}

TEST(MappingLoaderTest, ACatalogueDefinedTwiceIsRefused) {
    const auto errors = load_errors(R"(<mapping id="m" version="1">
  <catalogue id="c"><item code="1" title="One"/></catalogue>
  <catalogue id="c"><item code="1" title="Other"/></catalogue>
)" + kTable + "</mapping>");
    EXPECT_TRUE(has_error(errors, 3, "twice")) << all_text(errors);
}

TEST(MappingLoaderTest, ReferencesToUndefinedVocabulariesAndCataloguesAreRefused) {
    // References may point further down the file; only names defined nowhere are refused.
    const auto errors = load_errors(R"(<mapping id="m" version="1">
  <table header="Indicator">
    <column header="Indicator" role="indicator.title" key="true"/>
    <column header="Capture" role="indicator.capture" vocabulary="capture"/>
    <column header="Aim" role="indicator.aim" vocabulary="later"/>
  </table>
  <matrix header="Outcome">
    <rows header="Outcome" level="outcome"/>
    <columns first="2" last="3" level="national" catalogue="nine"/>
    <cells vocabulary="markers"/>
  </matrix>
  <vocabulary id="later"><term value="a"/></vocabulary>
</mapping>)");
    EXPECT_TRUE(has_error(errors, 4, "vocabulary=\"capture\" is not defined")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 7, "vocabulary=\"markers\" is not defined")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 7, "catalogue=\"nine\" is not defined")) << all_text(errors);
    EXPECT_FALSE(has_error(errors, 5, "later")) << all_text(errors);
    EXPECT_EQ(errors.size(), 3u) << all_text(errors);
}

TEST(MappingLoaderTest, AFileThatCannotBeReadIsAnErrorWithoutLine) {
    const MappingLoadResult r = load_mapping("/nonexistent/kpimap/mapping.xml");
    EXPECT_FALSE(r);
    const std::vector<LoadError> errors = errors_of(r);
    ASSERT_EQ(errors.size(), 1u) << all_text(errors);
    EXPECT_EQ(errors[0].line, 0);
    EXPECT_NE(errors[0].text.find("cannot read the mapping file"), std::string::npos);
}

// Found by fuzz_mapping (fuzz/regressions/mapping/mapping-include-names-a-folder): a stream
// opened on a folder throws when read, which ended the process.
TEST(MappingLoaderTest, AnIncludeOrAMappingPathNamingAFolderIsAnErrorNotACrash) {
    TempFolder folder;
    const std::string path = folder.write(
        "m.xml", "<mapping id=\"m\">\n<include file=\"catalogues\"/>" + kTable + "</mapping>");
    const MappingLoadResult r = load_mapping(path);
    EXPECT_FALSE(r);
    std::vector<LoadError> errors = errors_of(r);
    ASSERT_EQ(errors.size(), 1u) << all_text(errors);
    EXPECT_EQ(errors[0].line, 2);
    EXPECT_NE(errors[0].text.find("cannot read included file"), std::string::npos)
        << errors[0].text;

    const MappingLoadResult whole = load_mapping(fs::path(path).parent_path().string());
    EXPECT_FALSE(whole);
    errors = errors_of(whole);
    ASSERT_EQ(errors.size(), 1u) << all_text(errors);
    EXPECT_NE(errors[0].text.find("cannot read the mapping file"), std::string::npos);
}
