// read_docx: a draft with comments and tracked changes under known headings, its parts written
// by hand and zipped with libzip (heading levels from styles.xml, from a localized style id, from
// w:outlineLvl; comment ranges over one and two paragraphs, a comment without a range, one never
// anchored; an insertion over two paragraphs, a deletion, an inserted paragraph mark), every
// value checked against what the test wrote. Then hostile files: not a zip, a truncated zip, a
// workbook, a zip bomb, a DTD, too many comments.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/zip_parts.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/docx_reader.hpp"

namespace fs = std::filesystem;
using jitupasna::io::DocxDocument;
using jitupasna::io::DocxLimits;
using jitupasna::io::DocxNote;
using jitupasna::io::DocxNoteKind;
using jitupasna::io::heading_level_of_style;
using jitupasna::io::read_docx;
using jitupasna::test::Parts;

namespace {

const std::string kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const std::string kRelTypes =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const std::string kRelsNs = "http://schemas.openxmlformats.org/package/2006/relationships";

std::string paragraph(const std::string& properties, const std::string& content) {
    return "<w:p>" + (properties.empty() ? "" : "<w:pPr>" + properties + "</w:pPr>") + content +
           "</w:p>";
}
std::string run(const std::string& text) {
    return "<w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r>";
}
std::string style(const std::string& id) { return "<w:pStyle w:val=\"" + id + "\"/>"; }

// A package around `body` (the children of w:body) and `comments` (the children of
// w:comments; no comments part when empty).
Parts docx(const std::string& body, const std::string& comments, const std::string& doctype = "") {
    Parts parts;
    parts.emplace_back("[Content_Types].xml",
                       "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
                       "package/2006/content-types\"/>");
    parts.emplace_back("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"" + kRelsNs +
                                          "\"><Relationship Id=\"rId1\" Type=\"" + kRelTypes +
                                          "officeDocument\" Target=\"word/document.xml\"/>"
                                          "</Relationships>");
    std::string rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"" + kRelsNs +
                       "\"><Relationship Id=\"rId1\" Type=\"" + kRelTypes +
                       "styles\" Target=\"styles.xml\"/>";
    if (!comments.empty())
        rels += "<Relationship Id=\"rId2\" Type=\"" + kRelTypes +
                "comments\" Target=\"comments.xml\"/>";
    parts.emplace_back("word/_rels/document.xml.rels", rels + "</Relationships>");
    // Heading1 and Heading2 as Word and LibreOffice write them (the built-in name in English),
    // and a custom style based on Heading2.
    parts.emplace_back(
        "word/styles.xml",
        "<?xml version=\"1.0\"?><w:styles xmlns:w=\"" + kW +
            "\"><w:style w:type=\"paragraph\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
            "</w:style><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name "
            "w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/></w:style>"
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
            "<w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>"
            "<w:style w:type=\"paragraph\" w:styleId=\"SubbabDraf\"><w:name w:val=\"Subbab "
            "Draf\"/><w:basedOn w:val=\"Heading2\"/></w:style></w:styles>");
    parts.emplace_back("word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
                                                doctype + "<w:document xmlns:w=\"" + kW +
                                                "\"><w:body>" + body +
                                                "<w:sectPr/></w:body></w:document>");
    if (!comments.empty())
        parts.emplace_back("word/comments.xml", "<?xml version=\"1.0\"?>\n" + doctype +
                                                    "<w:comments xmlns:w=\"" + kW + "\">" +
                                                    comments + "</w:comments>");
    return parts;
}

std::string comment(const std::string& id, const std::string& author, const std::string& date,
                    const std::vector<std::string>& paragraphs) {
    std::string xml = "<w:comment w:id=\"" + id + "\" w:author=\"" + author + "\" w:date=\"" +
                      date + "\" w:initials=\"" + author.substr(0, 1) + "\">";
    for (const auto& p : paragraphs)
        xml += "<w:p><w:r><w:annotationRef/></w:r>" + run(p) + "</w:p>";
    return xml + "</w:comment>";
}

// The draft of the main test: what each note must come out as is written beside it.
std::string draft_body() {
    return
        // 0: Heading 1 through styles.xml
        paragraph(style("Heading1"), run("BAB I Pendahuluan")) +
        // 1: comment 0 on "belakang bencana"
        paragraph("", run("Latar ") + "<w:commentRangeStart w:id=\"0\"/>" +
                          run("belakang bencana") + "<w:commentRangeEnd w:id=\"0\"/>" +
                          "<w:r><w:commentReference w:id=\"0\"/></w:r>") +
        // 2: Heading 2 by the Indonesian style id Word gives it (not in styles.xml)
        paragraph(style("Judul2"), run("1.1 Maksud dan Tujuan")) +
        // 3: an insertion then a deletion by Dinas PU
        paragraph("", run("Jumlah ") +
                          "<w:ins w:id=\"5\" w:author=\"Dinas PU\" "
                          "w:date=\"2026-12-02T09:30:00Z\">" +
                          run("rumah") +
                          "</w:ins><w:del w:id=\"6\" w:author=\"Dinas PU\" "
                          "w:date=\"2026-12-02T09:31:00Z\"><w:r><w:delText>gedung</w:delText>"
                          "</w:r></w:del>") +
        // 4: Heading 1 by its outline level alone
        paragraph("<w:outlineLvl w:val=\"0\"/>", run("BAB III Pengkajian Akibat Bencana")) +
        // 5: Heading 2 by a custom style based on Heading2
        paragraph(style("SubbabDraf"), run("3.1 Perumahan")) +
        // 6-7: comment 1 over two paragraphs; comment 2 with a reference only
        paragraph("", "<w:commentRangeStart w:id=\"1\"/>" + run("Rumah rusak berat")) +
        paragraph("", run("1.234 unit") + "<w:commentRangeEnd w:id=\"1\"/>" +
                          "<w:r><w:commentReference w:id=\"1\"/></w:r>"
                          "<w:r><w:commentReference w:id=\"2\"/></w:r>") +
        // 8-9: one insertion over two paragraphs (Word writes an element per paragraph), and an
        // inserted paragraph mark (in the paragraph's properties: not a change of text)
        paragraph(
            "<w:rPr><w:ins w:id=\"9\" w:author=\"Dinas Sosial\" "
            "w:date=\"2026-12-03T08:00:00Z\"/></w:rPr>",
            "<w:ins w:id=\"7\" w:author=\"Dinas Sosial\" w:date=\"2026-12-03T08:00:00Z\">" +
                run("Paragraf satu.") + "</w:ins>") +
        paragraph("",
                  "<w:ins w:id=\"8\" w:author=\"Dinas Sosial\" "
                  "w:date=\"2026-12-03T08:00:00Z\">" +
                      run("Paragraf dua.") + "</w:ins>");
}

std::string draft_comments() {
    return comment("0", "BAPPEDA", "2026-12-01T10:00:00Z",
                   {"Mohon dilengkapi.", "Sumber: BPS 2025."}) +
           comment("1", "", "2026-12-01T11:00:00Z", {"Angka berbeda dengan data kami."}) +
           comment("2", "Dinas Kesehatan", "", {"Tambahkan puskesmas."}) +
           comment("3", "BPBD", "2026-12-04T07:00:00Z", {"Tidak berjangkar."});
}

class DocxReaderTest : public jitupasna::test::ZipFolderTest {
  protected:
    static std::string error_of(const fs::path& path, const DocxLimits& limits = {}) {
        return ZipFolderTest::error_of(path, [&](const fs::path& p) { read_docx(p, limits); });
    }
};

void expect_note(const DocxNote& note, DocxNoteKind kind, const std::string& author,
                 const std::string& text, const std::string& anchor, const std::string& chapter,
                 const std::string& section) {
    SCOPED_TRACE("note " + note.id);
    EXPECT_EQ(note.kind, kind);
    EXPECT_EQ(note.author, author);
    EXPECT_EQ(note.text, text);
    EXPECT_EQ(note.anchor, anchor);
    EXPECT_EQ(note.chapter, chapter);
    EXPECT_EQ(note.section, section);
    EXPECT_FALSE(note.cut);
}

}  // namespace

TEST_F(DocxReaderTest, PlacesCommentsAndChangesUnderTheirHeadings) {
    const DocxDocument doc = read_docx(zip("draft.docx", docx(draft_body(), draft_comments())));

    ASSERT_EQ(doc.paragraphs.size(), 10u);
    const std::vector<int> levels = {1, 0, 2, 0, 1, 2, 0, 0, 0, 0};
    for (std::size_t i = 0; i < levels.size(); ++i)
        EXPECT_EQ(doc.paragraphs[i].heading_level, levels[i]) << "paragraph " << i;
    EXPECT_EQ(doc.paragraphs[1].text, "Latar belakang bencana");
    EXPECT_EQ(doc.paragraphs[3].text, "Jumlah rumah");  // inserted in, deleted out

    const std::string bab1 = "BAB I Pendahuluan", bab3 = "BAB III Pengkajian Akibat Bencana";
    ASSERT_EQ(doc.notes.size(), 7u);
    expect_note(doc.notes[0], DocxNoteKind::comment, "BAPPEDA",
                "Mohon dilengkapi.\nSumber: BPS 2025.", "belakang bencana", bab1, "");
    EXPECT_EQ(doc.notes[0].initials, "B");
    EXPECT_EQ(doc.notes[0].date, "2026-12-01T10:00:00Z");
    expect_note(doc.notes[1], DocxNoteKind::insertion, "Dinas PU", "rumah", "rumah", bab1,
                "1.1 Maksud dan Tujuan");
    EXPECT_EQ(doc.notes[1].date, "2026-12-02T09:30:00Z");
    expect_note(doc.notes[2], DocxNoteKind::deletion, "Dinas PU", "gedung", "gedung", bab1,
                "1.1 Maksud dan Tujuan");
    expect_note(doc.notes[3], DocxNoteKind::comment, "", "Angka berbeda dengan data kami.",
                "Rumah rusak berat\n1.234 unit", bab3, "3.1 Perumahan");
    expect_note(doc.notes[4], DocxNoteKind::comment, "Dinas Kesehatan", "Tambahkan puskesmas.", "",
                bab3, "3.1 Perumahan");
    expect_note(doc.notes[5], DocxNoteKind::insertion, "Dinas Sosial",
                "Paragraf satu.\nParagraf dua.", "Paragraf satu.\nParagraf dua.", bab3,
                "3.1 Perumahan");
    // Never anchored in the text: kept, under no chapter.
    expect_note(doc.notes[6], DocxNoteKind::comment, "BPBD", "Tidak berjangkar.", "", "", "");
}

TEST_F(DocxReaderTest, ADraftWithoutCommentsHasNoNotes) {
    const DocxDocument doc = read_docx(
        zip("clean.docx", docx(paragraph(style("Heading1"), run("BAB I Pendahuluan")), "")));
    ASSERT_EQ(doc.paragraphs.size(), 1u);
    EXPECT_EQ(doc.paragraphs[0].heading_level, 1);
    EXPECT_TRUE(doc.notes.empty());
}

TEST_F(DocxReaderTest, NamesHeadingStylesInTheLanguagesWordWrites) {
    EXPECT_EQ(heading_level_of_style("Heading1"), 1);
    EXPECT_EQ(heading_level_of_style("heading 2"), 2);
    EXPECT_EQ(heading_level_of_style("Judul1"), 1);
    EXPECT_EQ(heading_level_of_style("Judul 3"), 3);
    EXPECT_EQ(heading_level_of_style("berschrift1"), 1);
    EXPECT_EQ(heading_level_of_style("Titre2"), 2);
    EXPECT_EQ(heading_level_of_style("Heading"), 0);
    EXPECT_EQ(heading_level_of_style("Title"), 0);
    EXPECT_EQ(heading_level_of_style("Heading10"), 0);
    EXPECT_EQ(heading_level_of_style("Normal"), 0);
}

TEST_F(DocxReaderTest, RefusesWhatIsNotADocxNamingTheFile) {
    const fs::path text = dir_ / "notes.docx";
    std::ofstream(text) << "BAB I Pendahuluan\n";
    std::string message = error_of(text);
    EXPECT_NE(message.find(text.string() +
                           ": not a DOCX document (not a zip archive, or a damaged or truncated "
                           "one)"),
              std::string::npos)
        << message;

    const fs::path whole = zip("whole.docx", docx(draft_body(), draft_comments()));
    const fs::path truncated = dir_ / "truncated.docx";
    {
        std::ifstream in(whole, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    }
    message = error_of(truncated);
    EXPECT_NE(message.find(truncated.string() + ": not a DOCX document"), std::string::npos)
        << message;

    const fs::path workbook = zip(
        "book.docx", {{"_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"" + kRelsNs +
                                          "\"><Relationship Id=\"rId1\" Type=\"" + kRelTypes +
                                          "officeDocument\" Target=\"xl/workbook.xml\"/>"
                                          "</Relationships>"},
                      {"xl/workbook.xml", "<workbook/>"}});
    message = error_of(workbook);
    EXPECT_NE(message.find("book.docx: xl/workbook.xml: line 1: not a DOCX document (its main "
                           "part holds <workbook>, not <w:document>)"),
              std::string::npos)
        << message;
    const fs::path bare = zip("bare.docx", {{"xl/workbook.xml", "<workbook/>"}});
    message = error_of(bare);
    EXPECT_NE(message.find("bare.docx: not a DOCX document (no word/document.xml in the zip "
                           "archive)"),
              std::string::npos)
        << message;
    message = error_of(dir_ / "absent.docx");
    EXPECT_NE(message.find("absent.docx: cannot open: no such file"), std::string::npos) << message;
}

TEST_F(DocxReaderTest, RefusesADtdAndMalformedXmlNamingThePart) {
    const fs::path dtd = zip("dtd.docx", docx(paragraph("", run("x")), comment("0", "A", "", {"y"}),
                                              "<!DOCTYPE w:document [<!ENTITY lol \"lol\">]>"));
    std::string message = error_of(dtd);
    // comments.xml is read first (the text needs it).
    EXPECT_NE(message.find("dtd.docx: word/comments.xml: line 2: a DTD (<!DOCTYPE>), which OOXML "
                           "parts never have, is refused"),
              std::string::npos)
        << message;

    const fs::path broken = zip("broken.docx", docx("<w:p><w:r><w:t>x</w:r></w:p>", ""));
    message = error_of(broken);
    EXPECT_NE(message.find("broken.docx: word/document.xml: malformed XML at line 2"),
              std::string::npos)
        << message;
}

TEST_F(DocxReaderTest, StopsAZipBombAndTooManyNotes) {
    // 20 MiB of blanks between paragraphs: valid XML that compresses about a thousandfold.
    const std::string blanks(20u << 20, ' ');
    const fs::path bomb = zip("bomb.docx", docx(paragraph("", run("a")) + blanks, ""));
    EXPECT_LT(fs::file_size(bomb), 200u << 10);
    DocxLimits limits;
    limits.max_expansion = 20;
    limits.expansion_floor_bytes = 64u << 10;
    std::string message = error_of(bomb, limits);
    EXPECT_NE(message.find("bomb.docx: word/document.xml: expands more than 20 times"),
              std::string::npos)
        << message;
    // With the default limits too (100 times, 1 MiB floor).
    message = error_of(bomb);
    EXPECT_NE(message.find("word/document.xml: expands more than 100 times"), std::string::npos)
        << message;
    limits = {};
    limits.max_expansion = 1'000'000;
    limits.max_total_bytes = 10u << 20;
    message = error_of(bomb, limits);
    EXPECT_NE(message.find("more than 10 MiB uncompressed (the limit per document)"),
              std::string::npos)
        << message;

    limits = {};
    // Four comments pass a limit of five; the sixth note in the text does not.
    limits.max_notes = 5;
    const fs::path many = zip("many.docx", docx(draft_body(), draft_comments()));
    message = error_of(many, limits);
    EXPECT_NE(message.find("many.docx: word/document.xml: line 2: more than 5 comments and "
                           "tracked changes (the limit per document)"),
              std::string::npos)
        << message;
    limits.max_notes = 3;
    message = error_of(many, limits);
    EXPECT_NE(message.find("many.docx: word/comments.xml: line 2: more than 3 comments (the "
                           "limit per document)"),
              std::string::npos)
        << message;
}
