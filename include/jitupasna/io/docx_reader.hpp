#pragma once
// Reads what Perangkat Daerah wrote into their copies of a draft .docx (Word or LibreOffice
// Writer): the paragraphs of word/document.xml in order with their heading level, the comments
// of word/comments.xml with the text each is anchored on, and the tracked insertions and
// deletions; each placed under its chapter (the last Heading 1 before it) and section (the last
// Heading 2).
//
// The file is untrusted and read like io/xlsx_reader (io/ooxml_package): parts streamed from
// libzip into expat under DocxLimits, a DTD refused, every failure a DataError naming the file
// and part.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "jitupasna/io/ooxml_package.hpp"

namespace jitupasna::io {

struct DocxLimits : OoxmlLimits {
    std::size_t max_paragraphs = 500'000;  // of word/document.xml
    std::size_t max_notes = 50'000;        // comments and tracked changes together
};

struct DocxParagraph {
    int heading_level = 0;  // 1 for Heading 1 ... 9; 0 for body text
    std::string text;       // as it reads now: inserted text in, deleted text out
};

enum class DocxNoteKind { comment, insertion, deletion };

// A comment or a tracked change.
struct DocxNote {
    DocxNoteKind kind = DocxNoteKind::comment;
    std::string id;                      // w:id (the comment's, or the first change element's)
    std::string author, initials, date;  // date as written (ISO 8601), or ""
    // A comment's text (its paragraphs joined by "\n"); the inserted or deleted text.
    std::string text;
    // The text commented on (between the range start and end), "" when the comment has no
    // range; for a change, the changed text.
    std::string anchor;
    // A change's text or a comment's anchor was cut at DocxLimits::max_text_bytes (a range or a
    // deletion may span chapters); a comment's own text never is (too long: an error).
    bool cut = false;
    // The last Heading 1 and Heading 2 at or before where it starts ("" when none).
    std::string chapter, section;
    // The paragraph where it starts (index into DocxDocument::paragraphs; paragraphs.size()
    // for a comment found in comments.xml only, never anchored in the text).
    std::size_t paragraph = 0;
};

struct DocxDocument {
    std::string path;  // as given, for messages
    std::vector<DocxParagraph> paragraphs;
    // Comments and changes in the order they start in the text; comments never anchored in the
    // text follow, in comments.xml order.
    std::vector<DocxNote> notes;
};

// Throws DataError naming the file (and part and limit) when it is not a DOCX, is damaged, or
// passes a limit.
DocxDocument read_docx(const std::filesystem::path& path, const DocxLimits& limits = {});

// The heading level a paragraph style id or name stands for when styles.xml does not say:
// "Heading1", "Heading 1", "heading 1", "Judul1", "Judul 1" (Indonesian), "Titre1",
// "berschrift1" (Word drops the Ü of Überschrift) ... -> 1; 0 when it is not a heading style.
int heading_level_of_style(const std::string& style);

}  // namespace jitupasna::io
