#include "jitupasna/io/docx_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/text_escape.hpp"

namespace jitupasna::io {

namespace {

using ooxml::attribute;
using ooxml::namespaced_attribute;
using ooxml::Relationship;
using ooxml::RelationshipsHandler;
using ooxml::rels_part_of;
using ooxml::resolve_target;
using ooxml::TextBuffer;

// Relationship types, by their last segment.
constexpr std::string_view kComments = "/comments";
constexpr std::string_view kStyles = "/styles";

std::string attr_text(const char** atts, std::string_view local) {
    const char* value = namespaced_attribute(atts, local);
    if (!value) value = attribute(atts, local);
    return value ? value : "";
}

// Appends at most up to `max` bytes in all, never cutting a UTF-8 character; true when cut.
bool append_capped(std::string& text, std::string_view s, std::size_t max) {
    if (text.size() + s.size() <= max) {
        text.append(s);
        return false;
    }
    std::size_t room = max > text.size() ? max - text.size() : 0;
    while (room > 0 && (static_cast<unsigned char>(s[room]) & 0xC0) == 0x80) --room;
    text.append(s.substr(0, room));
    return true;
}

std::string trimmed(std::string_view s) {
    const auto is_blank = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return std::string(s);
}

// Element names the handlers look at through a stack of local names.
class NamedHandler : public ooxml::XmlHandler {
  public:
    void element_start(std::string_view local, const char** atts) final {
        start(local, atts);
        stack_.emplace_back(local);
    }
    void element_end(std::string_view local) final {
        if (!stack_.empty()) stack_.pop_back();
        end(local);
    }
    void characters(std::string_view s) final { text(s); }

  protected:
    virtual void start(std::string_view local, const char** atts) = 0;
    virtual void end(std::string_view local) = 0;
    virtual void text(std::string_view) {}
    // In start() and end() the element itself is not on the stack.
    std::string_view parent() const {
        return stack_.empty() ? std::string_view() : std::string_view(stack_.back());
    }
    std::size_t depth() const { return stack_.size(); }

  private:
    std::vector<std::string> stack_;
};

// ---- word/styles.xml ------------------------------------------------------------------------

struct StyleInfo {
    std::string name, based_on;
    int outline_level = -1;  // w:outlineLvl of the style's paragraph properties
};

class StylesHandler : public NamedHandler {
  public:
    std::map<std::string, StyleInfo> styles;

    // The heading level of a paragraph style id: its built-in name ("heading 1", which
    // styles.xml keeps in English whatever the language of the UI), its outline level, the
    // style it is based on, else what its id looks like.
    int level_of(const std::string& id, int hops = 0) const {
        const auto it = styles.find(id);
        if (it == styles.end() || hops > 16) return heading_level_of_style(id);
        const StyleInfo& style = it->second;
        if (const int level = heading_level_of_style(style.name)) return level;
        if (style.outline_level >= 0) return style.outline_level < 9 ? style.outline_level + 1 : 0;
        if (!style.based_on.empty()) return level_of(style.based_on, hops + 1);
        return heading_level_of_style(id);
    }

  protected:
    void start(std::string_view local, const char** atts) override {
        if (local == "style") {
            current_ = nullptr;
            if (attr_text(atts, "type") != "paragraph") return;
            const std::string id = attr_text(atts, "styleId");
            if (!id.empty()) current_ = &styles[id];
            return;
        }
        if (!current_) return;
        if (local == "name" && parent() == "style")
            current_->name = attr_text(atts, "val");
        else if (local == "basedOn" && parent() == "style")
            current_->based_on = attr_text(atts, "val");
        else if (local == "outlineLvl" && parent() == "pPr")
            current_->outline_level = std::atoi(attr_text(atts, "val").c_str());
    }
    void end(std::string_view local) override {
        if (local == "style") current_ = nullptr;
    }

  private:
    StyleInfo* current_ = nullptr;
};

// ---- word/comments.xml ----------------------------------------------------------------------

struct CommentInfo {
    std::string id, author, initials, date, text;
};

class CommentsHandler : public NamedHandler {
  public:
    CommentsHandler(const DocxLimits& limits) : limits_(limits), buffer_(limits.max_text_bytes) {}
    std::vector<CommentInfo> comments;

  protected:
    void start(std::string_view local, const char** atts) override {
        if (local == "comment" && depth() == 1) {
            if (comments.size() == limits_.max_notes)
                throw DataError(fmt::format("more than {} comments (the limit per document)",
                                            limits_.max_notes));
            current_ = CommentInfo{attr_text(atts, "id"),
                                   attr_text(atts, "author"),
                                   attr_text(atts, "initials"),
                                   attr_text(atts, "date"),
                                   {}};
            in_comment_ = true;
            buffer_.text.clear();
            return;
        }
        if (!in_comment_) return;
        capture_ = local == "t" && parent() == "r";
        if (parent() == "r" && (local == "tab" || local == "br" || local == "cr"))
            add(local == "tab" ? "\t" : "\n");
    }
    void end(std::string_view local) override {
        capture_ = false;
        if (!in_comment_) return;
        if (local == "p") {
            add("\n");
        } else if (local == "comment" && depth() == 1) {
            current_.text = trimmed(buffer_.text);
            comments.push_back(std::move(current_));
            in_comment_ = false;
        }
    }
    void text(std::string_view s) override {
        if (capture_) add(s);
    }

  private:
    void add(std::string_view s) {
        buffer_.append(s,
                       [&] { return fmt::format("comment {}: text", quoted_value(current_.id)); });
    }
    const DocxLimits& limits_;
    TextBuffer buffer_;
    CommentInfo current_;
    bool in_comment_ = false, capture_ = false;
};

// ---- word/document.xml ----------------------------------------------------------------------

class DocumentHandler : public NamedHandler {
  public:
    DocumentHandler(const DocxLimits& limits, const StylesHandler& styles,
                    const std::vector<CommentInfo>& comments)
        : limits_(limits), styles_(styles), paragraph_text_(limits.max_text_bytes) {
        for (std::size_t i = 0; i < comments.size(); ++i) comment_index_.emplace(comments[i].id, i);
        comments_ = &comments;
        placed.assign(comments.size(), false);
    }

    std::vector<DocxParagraph> paragraphs;
    std::vector<DocxNote> notes;
    std::vector<bool> placed;  // comments anchored in the text, by comments.xml index

  protected:
    void start(std::string_view local, const char** atts) override {
        if (depth() == 0) {
            if (local != "document")
                throw DataError(fmt::format(
                    "not a DOCX document (its main part holds <{}>, not <w:document>)", local));
            return;
        }
        // Properties (of a paragraph, run, table, section, or their recorded earlier state)
        // hold change marks of their own (an inserted paragraph mark), not text.
        if (properties_ > 0 || is_properties(local)) {
            if (local == "pStyle" && parent() == "pPr" && properties_ == 1)
                style_ = attr_text(atts, "val");
            else if (local == "outlineLvl" && parent() == "pPr" && properties_ == 1)
                outline_level_ = std::atoi(attr_text(atts, "val").c_str());
            if (is_properties(local)) ++properties_;
            return;
        }
        if (local == "p") {
            if (paragraph_depth_++ == 0) {
                if (paragraphs.size() == limits_.max_paragraphs)
                    throw DataError(fmt::format("more than {} paragraphs (the limit per document)",
                                                limits_.max_paragraphs));
                paragraph_text_.text.clear();
                style_.clear();
                outline_level_ = -1;
            }
        } else if ((local == "ins" || local == "del") && !change_) {
            open_change(local == "ins" ? DocxNoteKind::insertion : DocxNoteKind::deletion, atts);
        } else if (local == "t" && parent() == "r") {
            capture_ = Capture::text;
        } else if (local == "delText" && parent() == "r") {
            capture_ = Capture::deleted;
        } else if (parent() == "r" && (local == "tab" || local == "br" || local == "cr")) {
            add_text(local == "tab" ? "\t" : " ", Capture::text);
        } else if (local == "commentRangeStart") {
            place_comment(attr_text(atts, "id"), true);
        } else if (local == "commentRangeEnd") {
            open_ranges_.erase(
                std::remove(open_ranges_.begin(), open_ranges_.end(), attr_text(atts, "id")),
                open_ranges_.end());
        } else if (local == "commentReference") {
            place_comment(attr_text(atts, "id"), false);  // a comment without a range
        }
    }

    void end(std::string_view local) override {
        capture_ = Capture::none;
        if (properties_ > 0) {
            if (is_properties(local)) --properties_;
            return;
        }
        if (local == "p" && paragraph_depth_ > 0 && --paragraph_depth_ == 0) {
            finish_paragraph();
        } else if ((local == "ins" || local == "del") && change_ && change_depth_ == depth()) {
            close_change();
        }
    }

    void text(std::string_view s) override {
        if (capture_ != Capture::none) add_text(s, capture_);
    }

  private:
    enum class Capture { none, text, deleted };

    static bool is_properties(std::string_view local) {
        return ooxml::ends_with(local, "Pr") || ooxml::ends_with(local, "PrChange");
    }

    // The paragraph open now, or the next one between paragraphs.
    std::size_t here() const { return paragraphs.size(); }

    void check_note_count() const {
        if (notes.size() == limits_.max_notes)
            throw DataError(
                fmt::format("more than {} comments and tracked changes (the limit per document)",
                            limits_.max_notes));
    }

    void place_comment(const std::string& id, bool range) {
        const auto it = comment_index_.find(id);
        if (it == comment_index_.end() || placed[it->second]) return;  // unknown or placed
        check_note_count();
        placed[it->second] = true;
        const CommentInfo& info = (*comments_)[it->second];
        DocxNote note;
        note.kind = DocxNoteKind::comment;
        note.id = info.id;
        note.author = info.author;
        note.initials = info.initials;
        note.date = info.date;
        note.text = info.text;
        note.paragraph = here();
        if (range) open_ranges_.push_back(id);
        range_note_.insert_or_assign(id, notes.size());
        notes.push_back(std::move(note));
    }

    void open_change(DocxNoteKind kind, const char** atts) {
        const std::string author = attr_text(atts, "author");
        const std::string date = attr_text(atts, "date");
        change_depth_ = depth();
        change_ = true;
        // Word splits a change over several paragraphs into one element per paragraph: the
        // elements that follow one another, by the same hand at the same time, are one change.
        if (last_change_ && !text_since_change_) {
            DocxNote& last = notes[*last_change_];
            if (last.kind == kind && last.author == author && last.date == date) {
                if (paragraphs.size() != change_paragraph_) add_capped(last, "\n");
                change_paragraph_ = paragraphs.size();
                return;
            }
        }
        check_note_count();
        DocxNote note;
        note.kind = kind;
        note.id = attr_text(atts, "id");
        note.author = author;
        note.date = date;
        note.paragraph = here();
        last_change_ = notes.size();
        change_paragraph_ = paragraphs.size();
        text_since_change_ = false;
        notes.push_back(std::move(note));
    }

    void close_change() { change_ = false; }

    void add_capped(DocxNote& note, std::string_view s) {
        note.cut |= append_capped(note.text, s, limits_.max_text_bytes);
        note.anchor = note.text;
    }

    void add_text(std::string_view s, Capture what) {
        if (change_ && last_change_) {
            DocxNote& change = notes[*last_change_];
            // Inserted text is in the text now; deleted text (w:delText) is not.
            if ((change.kind == DocxNoteKind::insertion) == (what == Capture::text))
                add_capped(change, s);
        } else if (what == Capture::text && !trimmed(s).empty()) {
            text_since_change_ = true;
        }
        if (what != Capture::text) return;
        paragraph_text_.append(
            s, [&] { return fmt::format("paragraph {}: text", paragraphs.size() + 1); });
        for (const auto& id : open_ranges_) {
            DocxNote& note = notes[range_note_.at(id)];
            if (!note.cut) note.cut = append_capped(note.anchor, s, limits_.max_text_bytes);
        }
    }

    void finish_paragraph() {
        DocxParagraph paragraph;
        if (outline_level_ >= 0)
            paragraph.heading_level = outline_level_ < 9 ? outline_level_ + 1 : 0;
        else if (!style_.empty())
            paragraph.heading_level = styles_.level_of(style_);
        paragraph.text = trimmed(paragraph_text_.text);
        paragraphs.push_back(std::move(paragraph));
        for (const auto& id : open_ranges_) {
            DocxNote& note = notes[range_note_.at(id)];
            if (!note.cut && !note.anchor.empty())
                note.cut = append_capped(note.anchor, "\n", limits_.max_text_bytes);
        }
    }

    const DocxLimits& limits_;
    const StylesHandler& styles_;
    const std::vector<CommentInfo>* comments_;
    std::map<std::string, std::size_t> comment_index_;
    std::map<std::string, std::size_t> range_note_;  // comment id -> index in notes
    std::vector<std::string> open_ranges_;
    TextBuffer paragraph_text_;
    std::string style_;
    int outline_level_ = -1;
    int properties_ = 0;
    std::size_t paragraph_depth_ = 0;
    Capture capture_ = Capture::none;
    bool change_ = false;
    std::size_t change_depth_ = 0;
    std::optional<std::size_t> last_change_;
    std::size_t change_paragraph_ = 0;
    bool text_since_change_ = false;
};

// Each note's chapter and section: the last Heading 1 and Heading 2 at or before its paragraph.
void place_under_headings(DocxDocument& doc) {
    std::vector<std::string> chapter_at(doc.paragraphs.size() + 1),
        section_at(doc.paragraphs.size() + 1);
    std::string chapter, section;
    for (std::size_t i = 0; i <= doc.paragraphs.size(); ++i) {
        if (i < doc.paragraphs.size()) {
            const DocxParagraph& p = doc.paragraphs[i];
            if (p.heading_level == 1) {
                chapter = p.text;
                section.clear();
            } else if (p.heading_level == 2) {
                section = p.text;
            }
        }
        chapter_at[i] = chapter;
        section_at[i] = section;
    }
    for (DocxNote& note : doc.notes) {
        const std::size_t at = std::min(note.paragraph, doc.paragraphs.size());
        note.chapter = chapter_at[at];
        note.section = section_at[at];
        if (note.kind == DocxNoteKind::comment) note.anchor = trimmed(note.anchor);
    }
}

}  // namespace

int heading_level_of_style(const std::string& style) {
    std::string s;
    for (const char c : style)
        if (c != ' ' && c != '_' && c != '-')
            s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static constexpr std::string_view kNames[] = {"heading", "judul",  "titre",       "berschrift",
                                                  "ttulo",   "titulo", "uberschrift", "kop"};
    for (const std::string_view name : kNames) {
        if (s.size() != name.size() + 1 || s.compare(0, name.size(), name) != 0) continue;
        const char digit = s.back();
        if (digit >= '1' && digit <= '9') return digit - '0';
    }
    return 0;
}

DocxDocument read_docx(const std::filesystem::path& path, const DocxLimits& limits) {
    ooxml::Package package(path, limits, "a DOCX document", "document");
    DocxDocument doc;
    doc.path = package.shown();

    RelationshipsHandler package_rels;
    const std::string main_part = package.main_part("word/document.xml", package_rels);
    RelationshipsHandler main_rels;
    package.parse_if_present(rels_part_of(main_part), "", main_rels);

    // Where the relationship says, or where every writer puts it.
    const auto part_of = [&](std::string_view type, const char* usual) {
        const Relationship* rel = main_rels.first_of_type(type);
        return resolve_target(main_part, rel ? rel->target : usual);
    };
    StylesHandler styles;
    package.parse_if_present(part_of(kStyles, "styles.xml"), "", styles);
    CommentsHandler comments(limits);
    package.parse_if_present(part_of(kComments, "comments.xml"), "", comments);

    DocumentHandler document(limits, styles, comments.comments);
    package.parse(main_part, "", document);
    doc.paragraphs = std::move(document.paragraphs);
    doc.notes = std::move(document.notes);
    // Comments never anchored in the text are input all the same.
    std::size_t unanchored = 0;
    for (std::size_t i = 0; i < comments.comments.size(); ++i) {
        if (document.placed[i]) continue;
        if (doc.notes.size() == limits.max_notes)
            package.fail(
                fmt::format("more than {} comments and tracked changes (the limit per document)",
                            limits.max_notes));
        const CommentInfo& info = comments.comments[i];
        DocxNote note;
        note.id = info.id;
        note.author = info.author;
        note.initials = info.initials;
        note.date = info.date;
        note.text = info.text;
        note.paragraph = doc.paragraphs.size();
        doc.notes.push_back(std::move(note));
        ++unanchored;
    }
    const std::size_t anchored = doc.notes.size() - unanchored;
    place_under_headings(doc);
    // A comment never anchored has no place in the text: no chapter either.
    for (std::size_t i = anchored; i < doc.notes.size(); ++i) {
        doc.notes[i].chapter.clear();
        doc.notes[i].section.clear();
    }
    return doc;
}

}  // namespace jitupasna::io
