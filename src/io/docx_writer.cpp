#include "jitupasna/io/docx_writer.hpp"

#include <fmt/format.h>
#include <libxml/xmlwriter.h>
#include <zip.h>

#include <cmath>
#include <functional>
#include <map>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/utc_time.hpp"

namespace jitupasna::io::docx {

namespace {

constexpr const char* kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* kR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kWp =
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
constexpr const char* kA = "http://schemas.openxmlformats.org/drawingml/2006/main";
constexpr const char* kPic = "http://schemas.openxmlformats.org/drawingml/2006/picture";
constexpr const char* kRelTypes = "http://schemas.openxmlformats.org/package/2006/relationships";

// A4 in twentieths of a point; margins 2 cm.
constexpr int kA4Short = 11906, kA4Long = 16838, kMargin = 1134;
constexpr double kTwipsPerCm = 566.93;
constexpr long long kEmuPerCm = 360000;

struct BufferDeleter {
    void operator()(xmlBufferPtr b) const { xmlBufferFree(b); }
};
struct WriterDeleter {
    void operator()(xmlTextWriterPtr w) const { xmlFreeTextWriter(w); }
};

// One XML part being written: elements opened and closed in order, attributes, escaped text.
class Xml {
  public:
    Xml() : buffer_(xmlBufferCreate()) {
        if (!buffer_) throw DataError("libxml2 cannot allocate a buffer");
        writer_.reset(xmlNewTextWriterMemory(buffer_.get(), 0));
        if (!writer_) throw DataError("libxml2 cannot make an XML writer");
        check(xmlTextWriterStartDocument(writer_.get(), "1.0", "UTF-8", "yes"));
    }
    Xml& open(const char* name) {
        check(xmlTextWriterStartElement(writer_.get(), x(name)));
        return *this;
    }
    Xml& attr(const char* name, const std::string& value) {
        check(xmlTextWriterWriteAttribute(writer_.get(), x(name), x(value.c_str())));
        return *this;
    }
    Xml& text(const std::string& value) {
        check(xmlTextWriterWriteString(writer_.get(), x(value.c_str())));
        return *this;
    }
    Xml& close() {
        check(xmlTextWriterEndElement(writer_.get()));
        return *this;
    }
    // <name attr="value"/>
    Xml& empty(const char* name, const char* attribute = nullptr, const std::string& value = {}) {
        open(name);
        if (attribute) attr(attribute, value);
        return close();
    }
    std::string finish() {
        check(xmlTextWriterEndDocument(writer_.get()));
        writer_.reset();  // flushes into the buffer
        return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_.get())),
                           static_cast<std::size_t>(xmlBufferLength(buffer_.get())));
    }

  private:
    static const xmlChar* x(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
    static void check(int rc) {
        if (rc < 0) throw DataError("libxml2 could not write an XML part of the document");
    }
    std::unique_ptr<xmlBuffer, BufferDeleter> buffer_;
    std::unique_ptr<xmlTextWriter, WriterDeleter> writer_;
};

void run(Xml& xml, const Run& r) {
    xml.open("w:r");
    if (r.bold || r.italic || r.highlight) {
        xml.open("w:rPr");
        if (r.bold) xml.empty("w:b");
        if (r.italic) xml.empty("w:i");
        if (r.highlight) xml.empty("w:highlight", "w:val", "yellow");
        xml.close();
    }
    xml.open("w:t").attr("xml:space", "preserve").text(r.text).close();
    xml.close();
}

void field(Xml& xml, const std::string& instruction, const std::string& result) {
    xml.open("w:r").empty("w:fldChar", "w:fldCharType", "begin").close();
    xml.open("w:r")
        .open("w:instrText")
        .attr("xml:space", "preserve")
        .text(instruction)
        .close()
        .close();
    xml.open("w:r").empty("w:fldChar", "w:fldCharType", "separate").close();
    run(xml, {result});
    xml.open("w:r").empty("w:fldChar", "w:fldCharType", "end").close();
}

void paragraph_style(Xml& xml, const std::string& style) {
    if (style.empty()) return;
    xml.open("w:pPr").empty("w:pStyle", "w:val", style).close();
}

void section_properties(Xml& xml, Orientation o) {
    const bool landscape = o == Orientation::landscape;
    xml.open("w:sectPr");
    xml.open("w:footerReference").attr("w:type", "default").attr("r:id", "rIdFooter").close();
    xml.open("w:pgSz")
        .attr("w:w", std::to_string(landscape ? kA4Long : kA4Short))
        .attr("w:h", std::to_string(landscape ? kA4Short : kA4Long));
    if (landscape) xml.attr("w:orient", "landscape");
    xml.close();
    xml.open("w:pgMar");
    for (const char* side : {"w:top", "w:right", "w:bottom", "w:left"})
        xml.attr(side, std::to_string(kMargin));
    xml.attr("w:header", "709").attr("w:footer", "709").attr("w:gutter", "0").close();
    xml.close();
}

}  // namespace

struct Document::Impl {
    struct Heading {
        int level;
        std::string text;
    };
    std::vector<std::function<void(Xml&)>> blocks;
    std::vector<Heading> headings;
    std::vector<std::vector<std::uint8_t>> images;
    Orientation orientation = Orientation::portrait;
    std::map<std::string, int> caption_counts;  // "Tabel 3" -> 1
    std::string title, subject, creator;
    int drawing_id = 0;
    bool fresh_page = true;  // nothing written since the last page or section break
    // The body must not end in a table, and two tables need a paragraph between them.
    bool last_was_table = false;
};

Document::Document() : impl_(std::make_unique<Impl>()) {}
Document::~Document() = default;
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;

void Document::set_properties(const std::string& title, const std::string& subject,
                              const std::string& creator) {
    impl_->title = title;
    impl_->subject = subject;
    impl_->creator = creator;
}

void Document::heading(int level, const std::string& text) {
    // A chapter starts on a new page; right after a section break it already does.
    if (level == 1 && !impl_->fresh_page) page_break();
    impl_->fresh_page = false;
    impl_->last_was_table = false;
    impl_->headings.push_back({level, text});
    impl_->blocks.push_back([level, text](Xml& xml) {
        xml.open("w:p");
        paragraph_style(xml, fmt::format("Heading{}", level));
        run(xml, {text});
        xml.close();
    });
}

void Document::title(const std::string& text) {
    impl_->fresh_page = false;
    impl_->last_was_table = false;
    impl_->blocks.push_back([text](Xml& xml) {
        xml.open("w:p");
        paragraph_style(xml, "Title");
        run(xml, {text});
        xml.close();
    });
}

void Document::paragraph(const std::string& text) { paragraph(std::vector<Run>{{text}}); }

void Document::paragraph(const std::vector<Run>& runs) {
    impl_->fresh_page = false;
    impl_->last_was_table = false;
    impl_->blocks.push_back([runs](Xml& xml) {
        xml.open("w:p");
        for (const auto& r : runs) run(xml, r);
        xml.close();
    });
}

void Document::placeholder(const std::string& text) {
    paragraph(std::vector<Run>{{"[" + text + "]", false, true, true}});
}

void Document::bullet(const std::string& text) {
    impl_->fresh_page = false;
    impl_->last_was_table = false;
    impl_->blocks.push_back([text](Xml& xml) {
        xml.open("w:p");
        xml.open("w:pPr").empty("w:pStyle", "w:val", "ListBullet");
        xml.open("w:numPr").empty("w:ilvl", "w:val", "0").empty("w:numId", "w:val", "1").close();
        xml.close();
        run(xml, {text});
        xml.close();
    });
}

std::string Document::caption(const std::string& label, const std::string& chapter,
                              const std::string& text) {
    const int n = ++impl_->caption_counts[label + " " + chapter];
    const std::string number = fmt::format("{}.{}", chapter, n);
    impl_->blocks.push_back([label, number, text](Xml& xml) {
        xml.open("w:p");
        paragraph_style(xml, "Caption");
        run(xml, {fmt::format("{} {} ", label, number), true});
        run(xml, {text});
        xml.close();
    });
    impl_->fresh_page = false;
    impl_->last_was_table = false;
    return number;
}

void Document::table(const Table& table) {
    impl_->fresh_page = false;
    impl_->last_was_table = false;
    impl_->blocks.push_back([table](Xml& xml) {
        xml.open("w:tbl");
        xml.open("w:tblPr");
        xml.empty("w:tblStyle", "w:val", "TableGrid");
        xml.open("w:tblW").attr("w:w", "0").attr("w:type", "auto").close();
        xml.empty("w:tblLayout", "w:type", "fixed");
        xml.close();
        xml.open("w:tblGrid");
        for (const double w : table.widths_cm)
            xml.empty("w:gridCol", "w:w", std::to_string(std::lround(w * kTwipsPerCm)));
        xml.close();
        auto row = [&](const std::vector<Cell>& cells, bool header) {
            xml.open("w:tr");
            xml.open("w:trPr");
            if (header) xml.empty("w:tblHeader");
            xml.empty("w:cantSplit");
            xml.close();
            for (std::size_t c = 0; c < cells.size(); ++c) {
                const Cell& cell = cells[c];
                xml.open("w:tc").open("w:tcPr");
                const double width = c < table.widths_cm.size() ? table.widths_cm[c] : 2.0;
                xml.open("w:tcW")
                    .attr("w:w", std::to_string(std::lround(width * kTwipsPerCm)))
                    .attr("w:type", "dxa")
                    .close();
                if (header || cell.shaded)
                    xml.open("w:shd")
                        .attr("w:val", "clear")
                        .attr("w:color", "auto")
                        .attr("w:fill", header ? "D9E2F3" : "EDEDED")
                        .close();
                xml.close();
                xml.open("w:p").open("w:pPr").empty("w:pStyle", "w:val", "TableText");
                const Align align = header ? Align::center : cell.align;
                if (align != Align::left)
                    xml.empty("w:jc", "w:val", align == Align::right ? "right" : "center");
                xml.close();
                run(xml, {cell.text, header || cell.bold});
                xml.close().close();
            }
            xml.close();
        };
        for (const auto& cells : table.header) row(cells, true);
        for (const auto& cells : table.rows) row(cells, false);
        xml.close();
    });
    impl_->last_was_table = true;
}

void Document::picture(const std::vector<std::uint8_t>& png, int width_px, int height_px,
                       double width_cm, const std::string& description) {
    impl_->images.push_back(png);
    const std::size_t index = impl_->images.size();
    const int id = ++impl_->drawing_id;
    const long long cx = std::llround(width_cm * kEmuPerCm);
    const long long cy = width_px > 0 ? cx * height_px / width_px : cx;
    impl_->fresh_page = false;
    impl_->last_was_table = false;
    impl_->blocks.push_back([=](Xml& xml) {
        xml.open("w:p").open("w:pPr").empty("w:jc", "w:val", "center").close();
        xml.open("w:r").open("w:drawing").open("wp:inline");
        for (const char* d : {"distT", "distB", "distL", "distR"}) xml.attr(d, "0");
        xml.open("wp:extent").attr("cx", std::to_string(cx)).attr("cy", std::to_string(cy)).close();
        xml.open("wp:docPr")
            .attr("id", std::to_string(id))
            .attr("name", fmt::format("Gambar {}", id))
            .attr("descr", description)
            .close();
        xml.open("wp:cNvGraphicFramePr")
            .empty("a:graphicFrameLocks", "noChangeAspect", "1")
            .close();
        xml.open("a:graphic").open("a:graphicData").attr("uri", kPic);
        xml.open("pic:pic");
        xml.open("pic:nvPicPr");
        xml.open("pic:cNvPr")
            .attr("id", std::to_string(id))
            .attr("name", fmt::format("image{}.png", index))
            .close();
        xml.empty("pic:cNvPicPr").close();
        xml.open("pic:blipFill");
        xml.empty("a:blip", "r:embed", fmt::format("rIdImage{}", index));
        xml.open("a:stretch").empty("a:fillRect").close();
        xml.close();
        xml.open("pic:spPr").open("a:xfrm");
        xml.open("a:off").attr("x", "0").attr("y", "0").close();
        xml.open("a:ext").attr("cx", std::to_string(cx)).attr("cy", std::to_string(cy)).close();
        xml.close();
        xml.open("a:prstGeom").attr("prst", "rect").empty("a:avLst").close();
        xml.close();                          // spPr
        xml.close().close().close();          // pic, graphicData, graphic
        xml.close().close().close().close();  // inline, drawing, r, p
    });
}

void Document::table_of_contents(const std::string& refresh_hint) {
    impl_->fresh_page = false;
    impl_->last_was_table = false;
    Impl* impl = impl_.get();
    impl_->blocks.push_back([impl, refresh_hint](Xml& xml) {
        // The field's current result lists the headings (without page numbers): what a reader
        // sees until Word or Writer refreshes the field.
        xml.open("w:p");
        paragraph_style(xml, "TOCHeading");
        run(xml, {"Daftar Isi"});
        xml.close();
        xml.open("w:p");
        xml.open("w:r").empty("w:fldChar", "w:fldCharType", "begin").close();
        xml.open("w:r").open("w:instrText").attr("xml:space", "preserve");
        xml.text(" TOC \\o \"1-3\" \\h \\z \\u ").close().close();
        xml.open("w:r").empty("w:fldChar", "w:fldCharType", "separate").close();
        run(xml, {refresh_hint, false, true});
        xml.close();
        for (const auto& h : impl->headings) {
            xml.open("w:p");
            paragraph_style(xml, fmt::format("TOC{}", h.level));
            run(xml, {h.text});
            xml.close();
        }
        xml.open("w:p");
        xml.open("w:r").empty("w:fldChar", "w:fldCharType", "end").close();
        xml.close();
    });
}

void Document::page_break() {
    impl_->fresh_page = true;
    impl_->last_was_table = false;
    impl_->blocks.push_back([](Xml& xml) {
        xml.open("w:p").open("w:r").empty("w:br", "w:type", "page").close().close();
    });
}

void Document::new_section(Orientation orientation) {
    const Orientation ending = impl_->orientation;
    impl_->orientation = orientation;
    impl_->fresh_page = true;
    impl_->last_was_table = false;
    // The paragraph that carries the section's end is a hairline, so that it never spills
    // onto a page of its own after a full table.
    impl_->blocks.push_back([ending](Xml& xml) {
        xml.open("w:p").open("w:pPr");
        xml.open("w:spacing")
            .attr("w:before", "0")
            .attr("w:after", "0")
            .attr("w:line", "20")
            .attr("w:lineRule", "exact")
            .close();
        xml.open("w:rPr").empty("w:sz", "w:val", "2").close();
        section_properties(xml, ending);
        xml.close().close();
    });
}

namespace {

std::string document_xml(const std::vector<std::function<void(Xml&)>>& blocks, Orientation last,
                         bool ends_in_table) {
    Xml xml;
    xml.open("w:document")
        .attr("xmlns:w", kW)
        .attr("xmlns:r", kR)
        .attr("xmlns:wp", kWp)
        .attr("xmlns:a", kA)
        .attr("xmlns:pic", kPic);
    xml.open("w:body");
    for (const auto& block : blocks) block(xml);
    if (ends_in_table) xml.open("w:p").close();
    section_properties(xml, last);
    xml.close().close();
    return xml.finish();
}

// Word's built-in style ids, so that the navigation pane, the table of contents and a reader
// such as python-docx recognise the headings.
std::string styles_xml() {
    Xml xml;
    xml.open("w:styles").attr("xmlns:w", kW);
    xml.open("w:docDefaults");
    xml.open("w:rPrDefault").open("w:rPr");
    xml.open("w:rFonts")
        .attr("w:ascii", "Arial")
        .attr("w:hAnsi", "Arial")
        .attr("w:cs", "Arial")
        .attr("w:eastAsia", "Arial")
        .close();
    xml.empty("w:sz", "w:val", "22").empty("w:szCs", "w:val", "22");
    xml.open("w:lang").attr("w:val", "id-ID").attr("w:eastAsia", "id-ID").close();
    xml.close().close();
    xml.open("w:pPrDefault").open("w:pPr");
    xml.open("w:spacing")
        .attr("w:after", "120")
        .attr("w:line", "276")
        .attr("w:lineRule", "auto")
        .close();
    xml.close().close();
    xml.close();
    struct Style {
        const char* id;
        const char* name;
        int outline;  // -1: none
        int size;     // half-points; 0: default
        bool bold;
    };
    const Style paragraph_styles[] = {
        {"Normal", "Normal", -1, 0, false},
        {"Title", "Title", -1, 36, true},
        {"Heading1", "heading 1", 0, 30, true},
        {"Heading2", "heading 2", 1, 26, true},
        {"Heading3", "heading 3", 2, 23, true},
        {"Caption", "caption", -1, 20, true},
        {"TableText", "Table Text", -1, 18, false},
        {"ListBullet", "List Bullet", -1, 0, false},
        {"TOCHeading", "TOC Heading", -1, 28, true},
        {"TOC1", "toc 1", -1, 0, true},
        {"TOC2", "toc 2", -1, 0, false},
        {"TOC3", "toc 3", -1, 0, false},
    };
    for (const auto& s : paragraph_styles) {
        xml.open("w:style").attr("w:type", "paragraph").attr("w:styleId", s.id);
        if (std::string(s.id) == "Normal") xml.attr("w:default", "1");
        xml.empty("w:name", "w:val", s.name);
        if (std::string(s.id) != "Normal") xml.empty("w:basedOn", "w:val", "Normal");
        xml.empty("w:qFormat");
        xml.open("w:pPr");
        if (s.outline >= 0) {
            xml.empty("w:keepNext");
            xml.open("w:spacing").attr("w:before", "240").attr("w:after", "120").close();
            xml.empty("w:outlineLvl", "w:val", std::to_string(s.outline));
        }
        if (std::string(s.id) == "Title") xml.empty("w:jc", "w:val", "center");
        if (std::string(s.id) == "TableText")
            xml.open("w:spacing")
                .attr("w:after", "0")
                .attr("w:line", "240")
                .attr("w:lineRule", "auto")
                .close();
        if (std::string(s.id) == "Caption") xml.empty("w:keepNext");
        if (std::string(s.id) == "TOC2") xml.empty("w:ind", "w:left", "220");
        if (std::string(s.id) == "TOC3") xml.empty("w:ind", "w:left", "440");
        if (std::string(s.id) == "ListBullet") xml.empty("w:ind", "w:left", "360");
        xml.close();
        if (s.size || s.bold) {
            xml.open("w:rPr");
            if (s.bold) xml.empty("w:b");
            if (s.size) xml.empty("w:sz", "w:val", std::to_string(s.size));
            xml.close();
        }
        xml.close();
    }
    xml.open("w:style").attr("w:type", "table").attr("w:styleId", "TableGrid");
    xml.empty("w:name", "w:val", "Table Grid");
    xml.open("w:tblPr").open("w:tblBorders");
    for (const char* side : {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"})
        xml.open(side)
            .attr("w:val", "single")
            .attr("w:sz", "4")
            .attr("w:space", "0")
            .attr("w:color", "808080")
            .close();
    xml.close();
    xml.open("w:tblCellMar");
    xml.open("w:left").attr("w:w", "80").attr("w:type", "dxa").close();
    xml.open("w:right").attr("w:w", "80").attr("w:type", "dxa").close();
    xml.close();
    xml.close().close();
    xml.close();
    return xml.finish();
}

std::string numbering_xml() {
    Xml xml;
    xml.open("w:numbering").attr("xmlns:w", kW);
    xml.open("w:abstractNum").attr("w:abstractNumId", "0");
    xml.open("w:lvl").attr("w:ilvl", "0");
    xml.empty("w:start", "w:val", "1").empty("w:numFmt", "w:val", "bullet");
    xml.empty("w:lvlText", "w:val", "•").empty("w:lvlJc", "w:val", "left");
    xml.open("w:pPr").open("w:ind").attr("w:left", "720").attr("w:hanging", "360").close().close();
    xml.close().close();
    xml.open("w:num").attr("w:numId", "1").empty("w:abstractNumId", "w:val", "0").close();
    xml.close();
    return xml.finish();
}

std::string footer_xml() {
    Xml xml;
    xml.open("w:ftr").attr("xmlns:w", kW).attr("xmlns:r", kR);
    xml.open("w:p").open("w:pPr").empty("w:jc", "w:val", "center").close();
    run(xml, {"Halaman "});
    field(xml, " PAGE ", "1");
    xml.close().close();
    return xml.finish();
}

std::string settings_xml() {
    Xml xml;
    xml.open("w:settings").attr("xmlns:w", kW);
    xml.empty("w:defaultTabStop", "w:val", "720");
    xml.open("w:compat")
        .open("w:compatSetting")
        .attr("w:name", "compatibilityMode")
        .attr("w:uri", "http://schemas.microsoft.com/office/word")
        .attr("w:val", "15")
        .close()
        .close();
    xml.close();
    return xml.finish();
}

std::string relationships(
    const std::vector<std::pair<std::string, std::pair<std::string, std::string>>>& rels) {
    Xml xml;
    xml.open("Relationships").attr("xmlns", kRelTypes);
    for (const auto& [id, target] : rels)
        xml.open("Relationship")
            .attr("Id", id)
            .attr("Type", target.first)
            .attr("Target", target.second)
            .close();
    xml.close();
    return xml.finish();
}

std::string content_types() {
    const std::string word = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
    Xml xml;
    xml.open("Types").attr("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
    xml.open("Default")
        .attr("Extension", "rels")
        .attr("ContentType", "application/vnd.openxmlformats-package.relationships+xml")
        .close();
    xml.open("Default").attr("Extension", "xml").attr("ContentType", "application/xml").close();
    xml.open("Default").attr("Extension", "png").attr("ContentType", "image/png").close();
    const std::pair<const char*, std::string> overrides[] = {
        {"/word/document.xml", word + "document.main+xml"},
        {"/word/styles.xml", word + "styles+xml"},
        {"/word/settings.xml", word + "settings+xml"},
        {"/word/numbering.xml", word + "numbering+xml"},
        {"/word/footer1.xml", word + "footer+xml"},
        {"/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"},
        {"/docProps/app.xml",
         "application/vnd.openxmlformats-officedocument.extended-properties+xml"}};
    for (const auto& [part, type] : overrides)
        xml.open("Override").attr("PartName", part).attr("ContentType", type).close();
    xml.close();
    return xml.finish();
}

std::string core_xml(const std::string& title, const std::string& subject,
                     const std::string& creator) {
    Xml xml;
    xml.open("cp:coreProperties")
        .attr("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties")
        .attr("xmlns:dc", "http://purl.org/dc/elements/1.1/")
        .attr("xmlns:dcterms", "http://purl.org/dc/terms/")
        .attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    xml.open("dc:title").text(title).close();
    xml.open("dc:subject").text(subject).close();
    xml.open("dc:creator").text(creator).close();
    xml.open("dc:language").text("id-ID").close();
    const std::string now = core::utc_now_iso();
    xml.open("dcterms:created").attr("xsi:type", "dcterms:W3CDTF").text(now).close();
    xml.open("dcterms:modified").attr("xsi:type", "dcterms:W3CDTF").text(now).close();
    xml.close();
    return xml.finish();
}

std::string app_xml() {
    Xml xml;
    xml.open("Properties")
        .attr("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
    xml.open("Application").text("jitupasna").close();
    xml.close();
    return xml.finish();
}

struct ZipDeleter {
    void operator()(zip_t* z) const { zip_discard(z); }
};

}  // namespace

void Document::save(const std::filesystem::path& path, const std::string& shown) const {
    const std::string office =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>> document_rels = {
        {"rIdStyles", {office + "styles", "styles.xml"}},
        {"rIdSettings", {office + "settings", "settings.xml"}},
        {"rIdNumbering", {office + "numbering", "numbering.xml"}},
        {"rIdFooter", {office + "footer", "footer1.xml"}}};
    for (std::size_t i = 1; i <= impl_->images.size(); ++i)
        document_rels.push_back({fmt::format("rIdImage{}", i),
                                 {office + "image", fmt::format("media/image{}.png", i)}});
    // Parts in package order: [Content_Types].xml first, as Word writes it.
    std::vector<std::pair<std::string, std::string>> parts = {
        {"[Content_Types].xml", content_types()},
        {"_rels/.rels",
         relationships({{"rId1", {office + "officeDocument", "word/document.xml"}},
                        {"rId2",
                         {"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                          "core-properties",
                          "docProps/core.xml"}},
                        {"rId3", {office + "extended-properties", "docProps/app.xml"}}})},
        {"word/document.xml",
         document_xml(impl_->blocks, impl_->orientation, impl_->last_was_table)},
        {"word/_rels/document.xml.rels", relationships(document_rels)},
        {"word/styles.xml", styles_xml()},
        {"word/settings.xml", settings_xml()},
        {"word/numbering.xml", numbering_xml()},
        {"word/footer1.xml", footer_xml()},
        {"docProps/core.xml", core_xml(impl_->title, impl_->subject, impl_->creator)},
        {"docProps/app.xml", app_xml()}};

    int error = 0;
    std::unique_ptr<zip_t, ZipDeleter> archive(
        zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error));
    if (!archive) throw DataError(fmt::format("{}: cannot create the document", shown));
    auto add = [&](const std::string& name, const void* data, std::size_t size) {
        zip_source_t* source = zip_source_buffer(archive.get(), data, size, 0);
        if (!source || zip_file_add(archive.get(), name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
            if (source) zip_source_free(source);
            throw DataError(fmt::format("{}: cannot add {} to the document: {}", shown, name,
                                        zip_strerror(archive.get())));
        }
    };
    for (const auto& [name, xml] : parts) add(name, xml.data(), xml.size());
    for (std::size_t i = 0; i < impl_->images.size(); ++i)
        add(fmt::format("word/media/image{}.png", i + 1), impl_->images[i].data(),
            impl_->images[i].size());
    // zip_close reads the buffers above (still alive here) and writes the file.
    if (zip_close(archive.get()) != 0)
        throw DataError(
            fmt::format("{}: cannot write the document: {}", shown, zip_strerror(archive.get())));
    archive.release();
}

bool png_size(const std::vector<std::uint8_t>& png, int& width, int& height) {
    static const std::uint8_t signature[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
    if (png.size() < 24 || !std::equal(std::begin(signature), std::end(signature), png.begin()))
        return false;
    auto be32 = [&](std::size_t at) {
        return static_cast<int>((png[at] << 24) | (png[at + 1] << 16) | (png[at + 2] << 8) |
                                png[at + 3]);
    };
    width = be32(16);
    height = be32(20);
    return width > 0 && height > 0;
}

}  // namespace jitupasna::io::docx
