#pragma once
// `jitupasna comments DRAFT.docx... -o matriks-masukan.xlsx [--gpkg OUT.gpkg]`: the comments and
// tracked changes Perangkat Daerah put into their copies of the draft document, as the matriks
// masukan (response matrix) BPBD answers row by row (docs/comments.md).

#include <optional>
#include <string>
#include <vector>

#include "jitupasna/io/docx_reader.hpp"

namespace jitupasna::forms {

// The GeoPackage table `--gpkg` stores the matrix in (replaced on every run).
inline constexpr const char* kCommentsMatrixTable = "matriks_masukan";

struct CommentsOptions {
    std::vector<std::string> files;  // the commented .docx, in the order given
    std::string output;              // the .xlsx matrix
    bool overwrite = false;
    std::optional<std::string> gpkg;  // also store the rows there
};

// One row of the matrix.
struct MatrixRow {
    std::size_t number = 0;  // No, from 1
    std::string pd;          // the author, or the file name's stem when the author is unnamed
    std::string file;        // the file name
    std::string chapter, section;
    std::string anchor;  // Teks yang dikomentari
    std::string kind;    // komentar / sisipan / hapusan
    std::string input;   // Masukan: the comment or the changed text
    std::string date;    // "2026-12-01 10:00", or "" when the file has none
};

// The rows of the documents read, in the order of the files and, within one, of the text.
std::vector<MatrixRow> matrix_rows(const std::vector<io::DocxDocument>& documents);

struct CommentsResult {
    // One line per file that could not be read ("FILE: what"). Any problem: nothing written.
    std::vector<std::string> problems;
    std::vector<MatrixRow> rows;
    std::vector<std::size_t> rows_per_file;  // in the order of the files
};

// Reads every file, then writes the matrix (and the GeoPackage table) all or nothing. Throws
// ConfigError for an output that exists without `overwrite`, is one of the inputs or cannot be a
// file, or a GeoPackage another import or comments run is changing; DataError when writing fails.
CommentsResult write_comments_matrix(const CommentsOptions& options);

}  // namespace jitupasna::forms
