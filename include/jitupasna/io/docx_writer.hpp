#pragma once
// A Word document (Office Open XML, .docx) written with real structure: heading styles that
// Word's navigation pane and a table-of-contents field use, tables whose header row repeats on
// every page, numbered captions (SEQ fields), A4 sections in portrait or landscape, page
// numbers in the footer, PNG pictures, and the document's core properties. The XML of every
// part is written by libxml2's xmlTextWriter (so text is always escaped) and the package is
// zipped by libzip; nothing about the container is hand-made.
//
// Text is UTF-8. A document is built in order and written once by save(); an error names the
// file.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace jitupasna::io::docx {

struct Run {
    std::string text;
    bool bold = false;
    bool italic = false;
    bool highlight = false;  // yellow: a placeholder people must replace
};

enum class Align { left, center, right };

struct Cell {
    std::string text;
    Align align = Align::left;
    bool bold = false;
    bool shaded = false;  // grey: a total row, or a figure that is an estimate
};

struct Table {
    std::vector<double> widths_cm;          // one per column
    std::vector<std::vector<Cell>> header;  // repeated on every page
    std::vector<std::vector<Cell>> rows;
};

enum class Orientation { portrait, landscape };

class Document {
  public:
    Document();
    ~Document();
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;
    Document(Document&&) noexcept;
    Document& operator=(Document&&) noexcept;

    void set_properties(const std::string& title, const std::string& subject,
                        const std::string& creator);

    // Heading 1..3 (Word's built-in styles, in the navigation pane and the table of contents).
    void heading(int level, const std::string& text);
    void title(const std::string& text);
    void paragraph(const std::string& text);
    void paragraph(const std::vector<Run>& runs);
    // A paragraph people must replace: highlighted, italic, "[...]".
    void placeholder(const std::string& text);
    void bullet(const std::string& text);
    // "Tabel 3.1 text" / "Gambar 2.1 text", numbered from 1 within each chapter ("3", or "A"
    // for an appendix). Plain text: LibreOffice renumbers SEQ fields across chapters. Returns
    // "3.1".
    std::string caption(const std::string& label, const std::string& chapter,
                        const std::string& text);
    void table(const Table& table);
    // A PNG at the given width (the height follows the picture's aspect ratio).
    void picture(const std::vector<std::uint8_t>& png, int width_px, int height_px, double width_cm,
                 const std::string& description);
    // A table-of-contents field over Heading 1-3, with a line telling how to refresh it.
    void table_of_contents(const std::string& refresh_hint);
    void page_break();
    // Ends the current section; what follows is in a new one of this orientation.
    void new_section(Orientation orientation);

    // Writes the package to path (the caller's temporary file). Throws DataError naming
    // `shown` when it cannot.
    void save(const std::filesystem::path& path, const std::string& shown) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Width and height of a PNG from its header; false when the bytes are not a PNG.
bool png_size(const std::vector<std::uint8_t>& png, int& width, int& height);

}  // namespace jitupasna::io::docx
