// libFuzzer target: bytes -> a .docx file -> io::read_docx with small limits. read_docx must
// either return a document of the documented shape or throw DataError naming the file; any
// other exception, a crash, a leak, undefined behaviour, a hang or a blown memory limit is a
// finding.
//
// Two shapes of input (fuzz_zip_parts.hpp): bytes starting "PK\3\4" are the .docx itself;
// anything else is the text of the parts of kParts separated by NUL bytes, zipped by the target.

#include <unistd.h>

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "fuzz_zip_parts.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/docx_reader.hpp"

namespace {

using jitupasna::fuzz::finding;

const std::vector<const char*> kParts = {"word/document.xml", "word/comments.xml",
                                         "word/styles.xml", "word/_rels/document.xml.rels",
                                         "_rels/.rels"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path =
        "/tmp/jitupasna-fuzz-docx-" + std::to_string(::getpid()) + ".docx";
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    jitupasna::fuzz::write_input(path, bytes, kParts);

    jitupasna::io::DocxLimits limits;
    limits.max_file_bytes = 1u << 20;
    limits.max_part_bytes = 1u << 20;
    limits.expansion_floor_bytes = 64u << 10;
    limits.max_total_bytes = 2u << 20;
    limits.max_paragraphs = 2000;
    limits.max_notes = 500;
    limits.max_text_bytes = 4096;
    try {
        const jitupasna::io::DocxDocument doc = jitupasna::io::read_docx(path, limits);
        // The documented shape of a document that was accepted.
        if (doc.paragraphs.size() > limits.max_paragraphs)
            finding("more paragraphs than the limit");
        if (doc.notes.size() > limits.max_notes) finding("more notes than the limit");
        for (const auto& p : doc.paragraphs) {
            if (p.heading_level < 0 || p.heading_level > 9) finding("a heading level past 9");
            if (p.text.size() > limits.max_text_bytes) finding("a paragraph past the text limit");
        }
        for (const auto& note : doc.notes) {
            if (note.anchor.size() > limits.max_text_bytes + 1 ||
                note.text.size() > limits.max_text_bytes + 1)
                finding("a note's text past the limit");
            if (note.paragraph > doc.paragraphs.size()) finding("a note past the last paragraph");
        }
    } catch (const jitupasna::DataError& e) {
        if (std::string(e.what()).rfind(path + ": ", 0) != 0)
            finding(std::string("DataError does not start with the file: ") + e.what());
    } catch (const std::exception& e) {
        finding(std::string("read_docx threw ") + typeid(e).name() +
                " (not DataError): " + e.what());
    } catch (...) {
        finding("read_docx threw a non-std exception");
    }
    return 0;
}
