// stream_items: items split across any chunk boundary must come out exactly as with one big
// chunk; everything outside the container comes back as the outer document.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "formats/xml/xml_stream.hpp"
#include "kpimap/error.hpp"

namespace kpimap::detail {
namespace {

constexpr std::size_t kChunkSizes[] = {1, 2, 3, 7, 13, 64, 4096, 1u << 20};

std::string raw(pugi::xml_node node) {
    std::ostringstream out;
    node.print(out, "", pugi::format_raw);
    return out.str();
}

struct StreamResult {
    bool found = false;
    std::vector<std::string> items;  // each item element, serialised
    std::string outer;               // the outer document, serialised
    std::size_t batches = 0;
    std::size_t calls = 0;  // reads from the source
};

StreamResult run(const std::string& text, std::size_t chunk,
                 std::string_view container = "sheetData", std::string_view item = "row",
                 StreamOptions options = {}) {
    StreamResult result;
    std::size_t pos = 0;
    ByteSource source = [&](char* buffer, std::size_t size) {
        ++result.calls;
        const std::size_t n = std::min(size, text.size() - pos);
        std::copy_n(text.data() + pos, n, buffer);
        pos += n;
        return n;
    };
    pugi::xml_document outer;
    options.chunk_bytes = chunk;
    result.found = stream_items(
        source, "xl/worksheets/sheet1.xml", container, item,
        [&](pugi::xml_node batch) {
            ++result.batches;
            for (pugi::xml_node n = batch.first_child(); n; n = n.next_sibling())
                if (n.type() == pugi::node_element) result.items.push_back(raw(n));
        },
        outer, options);
    result.outer = raw(outer);
    return result;
}

// The error a stream throws, or ok.
ReadError error_of(const std::string& text, std::size_t chunk) {
    try {
        run(text, chunk);
    } catch (const ReadError& e) {
        return e;
    }
    return ReadError(ErrorCode::ok, "", "");
}

std::string sheet(const std::string& rows, const std::string& after = "") {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"m\">"
           "<dimension ref=\"A1:C40\"/><sheetData>" +
           rows + "</sheetData>" + after + "</worksheet>";
}

std::string many_rows(int n) {
    std::string rows;
    for (int i = 1; i <= n; ++i) {
        const std::string r = std::to_string(i);
        rows += "<row r=\"" + r + "\" spans=\"1:3\">";
        rows += "<c r=\"A" + r + "\"><v>" + std::to_string(i * 7) + "</v></c>";
        // '>' and "<row" inside quoted attribute values and escaped text.
        rows += "<c r=\"B" + r + "\" t=\"str\" x=\"a>b\"><v>&lt;row r=&quot;9&quot;&gt; " + r +
                "</v></c>";
        if (i % 3 == 0)
            rows += "<c r=\"C" + r + "\" t=\"inlineStr\"><is><t>  spaced  </t></is></c>";
        rows += "</row>\n";
        if (i % 5 == 0) rows += "<row r=\"" + std::to_string(i + 100) + "\"/>";
    }
    return rows;
}

TEST(XmlStreamTest, ItemsAreIdenticalForEveryChunkSize) {
    const std::string text =
        sheet(many_rows(40), "<mergeCells count=\"1\"><mergeCell ref=\"A1:B2\"/></mergeCells>");
    const StreamResult big = run(text, 1u << 20);
    ASSERT_TRUE(big.found);
    ASSERT_EQ(big.items.size(), 48u);  // 40 rows and 8 empty self-closing ones
    EXPECT_EQ(big.items[0].substr(0, 25), "<row r=\"1\" spans=\"1:3\"><c");
    EXPECT_EQ(big.items[5], "<row r=\"105\"/>");
    EXPECT_NE(big.items[0].find("&lt;row r=\"9\"&gt; 1"), std::string::npos);
    EXPECT_EQ(big.outer,
              "<worksheet xmlns=\"m\"><dimension ref=\"A1:C40\"/><sheetData/>"
              "<mergeCells count=\"1\"><mergeCell ref=\"A1:B2\"/></mergeCells></worksheet>");
    for (std::size_t chunk : kChunkSizes) {
        SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
        const StreamResult small = run(text, chunk);
        EXPECT_TRUE(small.found);
        EXPECT_EQ(small.items, big.items);
        EXPECT_EQ(small.outer, big.outer);
    }
    // Small chunks really stream: many batches, not one.
    EXPECT_GT(run(text, 64).batches, 10u);
}

TEST(XmlStreamTest, PrefixedNamesAreMatchedByLocalName) {
    const std::string text =
        "<x:worksheet xmlns:x=\"m\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\"><x:v>1</x:v></x:c>"
        "</x:row><x:row r=\"2\"><x:c r=\"A2\"><x:v>2</x:v></x:c></x:row></x:sheetData>"
        "<x:mergeCells/></x:worksheet>";
    for (std::size_t chunk : kChunkSizes) {
        SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
        const StreamResult r = run(text, chunk);
        EXPECT_TRUE(r.found);
        ASSERT_EQ(r.items.size(), 2u);
        EXPECT_EQ(r.items[0], "<x:row r=\"1\"><x:c r=\"A1\"><x:v>1</x:v></x:c></x:row>");
        EXPECT_EQ(r.items[1], "<x:row r=\"2\"><x:c r=\"A2\"><x:v>2</x:v></x:c></x:row>");
        EXPECT_EQ(r.outer,
                  "<x:worksheet xmlns:x=\"m\"><x:sheetData/><x:mergeCells/></x:worksheet>");
    }
}

TEST(XmlStreamTest, SelfClosingContainerHasNoItems) {
    const std::string text =
        sheet("").replace(sheet("").find("<sheetData></sheetData>"), 23, "<sheetData/>");
    for (std::size_t chunk : kChunkSizes) {
        SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
        const StreamResult r = run(text, chunk);
        EXPECT_TRUE(r.found);
        EXPECT_TRUE(r.items.empty());
        EXPECT_EQ(r.outer,
                  "<worksheet xmlns=\"m\"><dimension ref=\"A1:C40\"/><sheetData/></worksheet>");
    }
}

TEST(XmlStreamTest, EmptyContainerHasNoItems) {
    const StreamResult r = run(sheet(""), 5);
    EXPECT_TRUE(r.found);
    EXPECT_TRUE(r.items.empty());
}

TEST(XmlStreamTest, MissingContainerReturnsWholePartAsOuter) {
    const std::string text =
        "<worksheet><dimension ref=\"A1\"/><cols><col min=\"1\"/></cols></worksheet>";
    for (std::size_t chunk : kChunkSizes) {
        SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
        const StreamResult r = run(text, chunk);
        EXPECT_FALSE(r.found);
        EXPECT_TRUE(r.items.empty());
        EXPECT_EQ(r.outer,
                  "<worksheet><dimension ref=\"A1\"/><cols><col min=\"1\"/></cols></worksheet>");
    }
}

TEST(XmlStreamTest, ContainerNameInCommentsAndPrefixLookalikesIsIgnored) {
    const std::string text =
        "<worksheet><!-- <sheetData><row r=\"9\"/></sheetData> --><sheetDataX/>"
        "<sheetData><row r=\"1\"/></sheetData></worksheet>";
    for (std::size_t chunk : kChunkSizes) {
        SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
        const StreamResult r = run(text, chunk);
        EXPECT_TRUE(r.found);
        ASSERT_EQ(r.items.size(), 1u);
        EXPECT_EQ(r.items[0], "<row r=\"1\"/>");
    }
}

TEST(XmlStreamTest, CdataIsKeptVerbatim) {
    const std::string rows =
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t><![CDATA[a < b & c]]></t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\"><v><![CDATA[42]]></v></c></row>";
    for (std::size_t chunk : kChunkSizes) {
        SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
        const StreamResult r = run(sheet(rows), chunk);
        ASSERT_EQ(r.items.size(), 2u);
        EXPECT_NE(r.items[0].find("<![CDATA[a < b & c]]>"), std::string::npos);
        EXPECT_NE(r.items[1].find("<![CDATA[42]]>"), std::string::npos);
    }
}

TEST(XmlStreamTest, ItemTagTextInsideCdataDoesNotSplitItems) {
    // CDATA may hold any text, including "<row>": it must not be taken for the start of an item.
    const std::string rows =
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t><![CDATA[x<row r=\"7\">y]]></t></is></c>"
        "<c r=\"B1\"><v>5</v></c></row><row r=\"2\"><c r=\"A2\"><v>6</v></c></row>";
    const StreamResult big = run(sheet(rows), 1u << 20);
    ASSERT_EQ(big.items.size(), 2u);
    std::vector<std::size_t> failing;
    for (std::size_t chunk : kChunkSizes) {
        try {
            if (run(sheet(rows), chunk).items != big.items) failing.push_back(chunk);
        } catch (const ReadError&) {
            failing.push_back(chunk);
        }
    }
    if (!failing.empty())
        FAIL() << "regression: '<row ' inside CDATA splits an item; chunk sizes failing: "
               << ::testing::PrintToString(failing);
}

TEST(XmlStreamTest, ContainerEndTagInsideCdataDoesNotEndTheContainer) {
    const std::string rows =
        "<row r=\"1\"><c r=\"A1\" "
        "t=\"inlineStr\"><is><t><![CDATA[</sheetData>]]></t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\"><v>6</v></c></row>";
    std::vector<std::size_t> failing;
    for (std::size_t chunk : kChunkSizes) {
        try {
            const StreamResult r = run(sheet(rows), chunk);
            if (r.items.size() != 2) failing.push_back(chunk);
        } catch (const ReadError&) {
            failing.push_back(chunk);
        }
    }
    if (!failing.empty())
        FAIL() << "regression: '</sheetData>' inside CDATA ends the container early; chunk sizes "
                  "failing: "
               << ::testing::PrintToString(failing);
}

TEST(XmlStreamTest, ItemTagTextInsideCommentDoesNotSplitItems) {
    const std::string rows =
        "<row r=\"1\"><c r=\"A1\"><v>5</v></c><!-- <row r=\"8\"> --><c r=\"B1\"><v>6</v></c></row>"
        "<row r=\"2\"/>";
    std::vector<std::size_t> failing;
    for (std::size_t chunk : kChunkSizes) {
        try {
            const StreamResult r = run(sheet(rows), chunk);
            if (r.items.size() != 2) failing.push_back(chunk);
        } catch (const ReadError&) {
            failing.push_back(chunk);
        }
    }
    if (!failing.empty())
        FAIL() << "regression: '<row ' inside a comment splits an item; chunk sizes failing: "
               << ::testing::PrintToString(failing);
}

TEST(XmlStreamTest, MalformedItemIsXmlMalformedAtTheSameOffsetForEveryChunkSize) {
    // <c> is never closed in row 3.
    const std::string rows =
        many_rows(2) + "<row r=\"3\"><c r=\"A3\"><v>1</v></row>" + many_rows(2);
    const std::string text = sheet(rows);
    const auto bad_row = static_cast<std::int64_t>(text.find("<row r=\"3\">"));
    // pugixml on the whole document is the oracle for where the error is.
    pugi::xml_document dom;
    const pugi::xml_parse_result oracle = dom.load_string(text.c_str());
    ASSERT_FALSE(oracle);
    const ReadError big = error_of(text, 1u << 20);
    EXPECT_EQ(big.code(), ErrorCode::xml_malformed);
    EXPECT_EQ(big.part(), "xl/worksheets/sheet1.xml");
    EXPECT_EQ(big.offset(), oracle.offset);
    EXPECT_GT(big.offset(), bad_row);
    for (std::size_t chunk : kChunkSizes) {
        SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
        const ReadError e = error_of(text, chunk);
        EXPECT_EQ(e.code(), ErrorCode::xml_malformed);
        EXPECT_EQ(e.offset(), big.offset());
    }
}

TEST(XmlStreamTest, MalformedOuterIsXmlMalformed) {
    const std::string text = "<worksheet><sheetData><row r=\"1\"/></sheetData><cols></worksheet>";
    for (std::size_t chunk : kChunkSizes) {
        SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
        const ReadError e = error_of(text, chunk);
        EXPECT_EQ(e.code(), ErrorCode::xml_malformed);
        EXPECT_GE(e.offset(), static_cast<std::int64_t>(text.find("<cols>")));
    }
}

TEST(XmlStreamTest, PartEndingInsideContainerIsXmlMalformed) {
    const std::string text =
        "<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row><row r=\"2\">";
    for (std::size_t chunk : kChunkSizes) {
        SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
        const ReadError e = error_of(text, chunk);
        EXPECT_EQ(e.code(), ErrorCode::xml_malformed);
        EXPECT_GE(e.offset(), 0);
        EXPECT_LE(e.offset(), static_cast<std::int64_t>(text.size()));
    }
}

TEST(XmlStreamTest, GarbageIsXmlMalformed) {
    const std::string text = "PK\x03\x04 this is not XML <<<>>>";
    for (std::size_t chunk : {std::size_t{3}, std::size_t{1} << 20}) {
        const ReadError e = error_of(text, chunk);
        EXPECT_EQ(e.code(), ErrorCode::xml_malformed);
        EXPECT_GE(e.offset(), 0);
    }
}

TEST(XmlStreamTest, DoctypeIsRefusedForEveryChunkSize) {
    const std::string text =
        "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;\">]>"
        "<worksheet><sheetData><row r=\"1\"><c><v>&b;</v></c></row></sheetData></worksheet>";
    for (std::size_t chunk : kChunkSizes) {
        SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
        bool delivered = false;
        try {
            std::size_t pos = 0;
            pugi::xml_document outer;
            StreamOptions options;
            options.chunk_bytes = chunk;
            stream_items(
                [&](char* buffer, std::size_t size) {
                    const std::size_t n = std::min(size, text.size() - pos);
                    std::copy_n(text.data() + pos, n, buffer);
                    pos += n;
                    return n;
                },
                "xl/worksheets/sheet1.xml", "sheetData", "row",
                [&](pugi::xml_node) { delivered = true; }, outer, options);
            ADD_FAILURE() << "no error";
        } catch (const ReadError& e) {
            EXPECT_EQ(e.code(), ErrorCode::xml_forbidden_dtd);
            EXPECT_EQ(e.part(), "xl/worksheets/sheet1.xml");
            EXPECT_EQ(e.offset(), static_cast<std::int64_t>(text.find("<!DOCTYPE")));
        }
        EXPECT_FALSE(delivered) << "items were delivered before the DTD was refused";
    }
}

TEST(XmlStreamTest, DoctypeAfterALongCommentIsRefused) {
    // The prolog may be long: a 70 kB comment must not hide a DTD that follows it.
    const std::string text = "<?xml version=\"1.0\"?><!--" + std::string(70000, 'c') +
                             " --><!DOCTYPE worksheet [<!ENTITY a \"x\">]>"
                             "<worksheet><sheetData><row r=\"1\"/></sheetData></worksheet>";
    std::vector<std::size_t> failing;
    for (std::size_t chunk : {std::size_t{4096}, std::size_t{1} << 20}) {
        if (error_of(text, chunk).code() != ErrorCode::xml_forbidden_dtd) failing.push_back(chunk);
    }
    if (!failing.empty())
        FAIL() << "regression: a DOCTYPE after a prolog comment longer than 64 kB is not refused "
                  "when the comment spans chunks; chunk sizes failing: "
               << ::testing::PrintToString(failing);
}

TEST(XmlStreamTest, SharedStringItemsStream) {
    const std::string text =
        "<sst xmlns=\"m\" "
        "count=\"3\"><si><t>a</t></si><si/><si><r><t>b</t></r><r><t>c</t></r></si></sst>";
    for (std::size_t chunk : kChunkSizes) {
        SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
        const StreamResult r = run(text, chunk, "sst", "si");
        EXPECT_TRUE(r.found);
        const std::vector<std::string> expected{"<si><t>a</t></si>", "<si/>",
                                                "<si><r><t>b</t></r><r><t>c</t></r></si>"};
        EXPECT_EQ(r.items, expected);
    }
}

// Issue 9: sample-beta.xlsx was refused because "</sst" was taken for the end of "</sstItem>".
TEST(XmlStreamTest, ContainerEndMustEndItsName) {
    const std::string text =
        "<sst xmlns=\"m\"><sstItem><t>Lorem</t></sstItem><si><t>a</t></si><sstX/></sst>";
    for (std::size_t chunk : kChunkSizes) {
        SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
        const StreamResult r = run(text, chunk, "sst", "si");
        EXPECT_TRUE(r.found);
        const std::vector<std::string> expected{"<sstItem><t>Lorem</t></sstItem>",
                                                "<si><t>a</t></si>", "<sstX/>"};
        EXPECT_EQ(r.items, expected);
    }
}

// The work of finding item boundaries is linear in the part, whatever its shape (issue 9: a
// single 200 MB row took 127 s, 1 GB of whitespace over 150 s, comment floods 12-35 s, since
// the body was rescanned from its start for every chunk read).
struct Shape {
    const char* name;
    std::string text;
};

std::vector<Shape> linear_shapes() {
    std::string long_row = "<row r=\"1\">";
    for (int i = 0; i < 60000; ++i) long_row += "<c><v>" + std::to_string(i) + "</v></c>";
    long_row += "</row>";
    std::string comments, cdata;
    for (int i = 1; i <= 20000; ++i) {
        const std::string r = std::to_string(i);
        comments += "<row r=\"" + r + "\"><c><v>1</v></c></row><!-- <row> " + r + " -->";
        cdata += "<row r=\"" + r + "\"><c t=\"str\"><v><![CDATA[</row>" + r + "]]></v></c></row>";
    }
    return {{"one long row", sheet(long_row)},
            {"whitespace between rows",
             sheet("<row r=\"1\"/>" + std::string(1u << 20, ' ') + "<row r=\"2\"/>")},
            {"a comment after every row", sheet(comments)},
            {"CDATA in every row", sheet(cdata)}};
}

TEST(XmlStreamTest, BoundaryScanningIsLinear) {
    for (const Shape& shape : linear_shapes()) {
        SCOPED_TRACE(shape.name);
        StreamStats stats;
        StreamOptions options;
        options.stats = &stats;
        const StreamResult r = run(shape.text, 4096, "sheetData", "row", options);
        EXPECT_TRUE(r.found);
        // Each byte once, and the few bytes of a construct cut by a chunk boundary again.
        EXPECT_LE(stats.bytes_scanned, shape.text.size() + shape.text.size() / 100)
            << shape.text.size() << " bytes";
        EXPECT_EQ(run(shape.text, 1u << 20).items, r.items);
    }
}

// Whitespace, comments and CDATA between items are handed on as they come, so they never
// pile up in memory: a megabyte of them streams through a 64 kB buffer.
TEST(XmlStreamTest, TextBetweenItemsDoesNotAccumulate) {
    StreamOptions options;
    options.max_buffer = 64 * 1024;
    const std::string text = sheet("<row r=\"1\"/>" + std::string(1u << 20, '\n') + "<!--" +
                                   std::string(1u << 20, '-') + "x-->" + "<row r=\"2\"/>");
    for (std::size_t chunk : {std::size_t{7}, std::size_t{4096}}) {
        const StreamResult r = run(text, chunk, "sheetData", "row", options);
        const std::vector<std::string> expected{"<row r=\"1\"/>", "<row r=\"2\"/>"};
        EXPECT_EQ(r.items, expected);
    }
}

TEST(XmlStreamTest, AnItemLargerThanTheBufferIsTooLarge) {
    StreamOptions options;
    options.max_buffer = 64 * 1024;
    std::string row = "<row r=\"2\">";
    while (row.size() < 100 * 1024) row += "<c><v>1</v></c>";
    row += "</row>";
    try {
        run(sheet("<row r=\"1\"/>" + row), 4096, "sheetData", "row", options);
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::too_large);
        EXPECT_NE(e.detail().find("one <row>"), std::string::npos) << e.detail();
        // The row starts right after "<row r="1"/>" in the body.
        const std::size_t at = sheet("<row r=\"1\"/>").find("</sheetData>");
        EXPECT_EQ(e.offset(), static_cast<std::int64_t>(at));
    }
    // The same row within the buffer reads.
    options.max_buffer = 256 * 1024;
    EXPECT_EQ(run(sheet(row), 4096, "sheetData", "row", options).items.size(), 1u);
}

TEST(XmlStreamTest, AHugeTailAfterTheContainerIsTooLarge) {
    StreamOptions options;
    options.max_buffer = 64 * 1024;
    const std::string text = sheet("<row r=\"1\"/>", "<x>" + std::string(100 * 1024, 'y') + "</x>");
    try {
        run(text, 4096, "sheetData", "row", options);
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::too_large);
        EXPECT_NE(e.detail().find("outside <sheetData>"), std::string::npos) << e.detail();
    }
}

// An element that does not belong between rows is delivered whole, with the rows around it.
TEST(XmlStreamTest, ForeignElementsBetweenItemsArriveWhole) {
    const std::string text =
        sheet("<row r=\"1\"/><ext><a>1</a><b/></ext><row r=\"2\"><c><v>2</v></c></row>");
    for (std::size_t chunk : kChunkSizes) {
        SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
        const StreamResult r = run(text, chunk);
        const std::vector<std::string> expected{"<row r=\"1\"/>", "<ext><a>1</a><b /></ext>",
                                                "<row r=\"2\"><c><v>2</v></c></row>"};
        ASSERT_EQ(r.items.size(), 3u);
        EXPECT_EQ(r.items[0], expected[0]);
        EXPECT_EQ(r.items[2], expected[2]);
    }
}

}  // namespace
}  // namespace kpimap::detail
