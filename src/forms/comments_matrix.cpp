#include "jitupasna/forms/comments_matrix.hpp"

#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/io/gpkg_update.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/output_guard.hpp"
#include "jitupasna/io/xlsx_writer.hpp"

namespace jitupasna::forms {

namespace {

namespace fs = std::filesystem;
namespace xlsx = io::xlsx;

// Excel holds at most 32,767 characters in a cell; longer text is cut (at a UTF-8 boundary,
// counting bytes, which are never fewer than characters) and says so.
constexpr std::size_t kMaxCellBytes = 32'000;
constexpr std::string_view kCutMark = " […]";

std::string cell_text(const std::string& text, bool cut) {
    if (text.size() <= kMaxCellBytes) return cut ? text + std::string(kCutMark) : text;
    std::size_t end = kMaxCellBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end) + std::string(kCutMark);
}

// "2026-12-01T10:05:00Z" -> "2026-12-01 10:05"; anything else as written.
std::string shown_date(const std::string& date) {
    if (date.size() >= 16 && date[10] == 'T' && date[4] == '-' && date[13] == ':')
        return date.substr(0, 10) + " " + date.substr(11, 5);
    return date;
}

const char* kind_label(io::DocxNoteKind kind) {
    switch (kind) {
        case io::DocxNoteKind::insertion:
            return "sisipan";
        case io::DocxNoteKind::deletion:
            return "hapusan";
        case io::DocxNoteKind::comment:
            break;
    }
    return "komentar";
}

// The matrix's columns: header (Bahasa Indonesia), width, GeoPackage field.
struct Column {
    const char* header;
    double width;
    const char* field;
};
constexpr Column kColumns[] = {
    {"No", 5, "no"},
    {"Perangkat Daerah", 24, "perangkat_daerah"},
    {"Berkas", 22, "berkas"},
    {"Bab", 28, "bab"},
    {"Subbab", 28, "subbab"},
    {"Teks yang dikomentari", 45, "teks_dikomentari"},
    {"Jenis", 11, "jenis"},
    {"Masukan", 50, "masukan"},
    {"Tanggal", 17, "tanggal"},
    {"Tanggapan BPBD", 50, "tanggapan_bpbd"},
};
constexpr std::size_t kResponseColumn = 9;

std::vector<std::string> row_values(const MatrixRow& row) {
    return {std::to_string(row.number),
            row.pd,
            row.file,
            row.chapter,
            row.section,
            row.anchor,
            row.kind,
            row.input,
            row.date,
            ""};
}

void write_xlsx(const fs::path& path, const std::string& shown,
                const std::vector<MatrixRow>& rows) {
    xlsx::Workbook book(path, shown);
    book.set_properties("Matriks Masukan Dokumen Jitupasna", "jitupasna");
    xlsx::Worksheet sheet = book.add_sheet("Matriks Masukan");
    xlsx::CellStyle header;
    header.header = true;
    xlsx::CellStyle text;
    text.wrap = true;
    xlsx::CellStyle number;
    number.number = xlsx::NumberFormat::integer;
    number.wrap = true;
    xlsx::CellStyle response = text;
    response.unlocked = true;
    for (std::size_t c = 0; c < std::size(kColumns); ++c) {
        sheet.set_column_width(c, kColumns[c].width);
        sheet.write_text(0, c, kColumns[c].header, header);
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        core::throw_if_interrupted();
        const auto values = row_values(rows[r]);
        sheet.write_number(r + 1, 0, static_cast<double>(rows[r].number), number);
        for (std::size_t c = 1; c < values.size(); ++c) {
            if (c == kResponseColumn)
                sheet.write_blank(r + 1, c, response);
            else
                sheet.write_text(r + 1, c, values[c], text);
        }
    }
    // The response column stays editable, and a few empty rows below for rows BPBD adds.
    for (std::size_t r = rows.size() + 1; r <= rows.size() + 20; ++r)
        sheet.write_blank(r, kResponseColumn, response);
    sheet.freeze_rows(1);
    xlsx::PageSetup page;
    page.landscape = true;
    page.fit_to_width = true;
    page.repeat_rows = 1;
    sheet.set_page(page);
    sheet.protect();
    book.close();
}

void write_gpkg_table(const fs::path& copy, const std::string& gpkg,
                      const std::vector<MatrixRow>& rows) {
    io::GpkgWriter writer(copy, gpkg, io::GpkgWriter::Update{});
    writer.begin_transaction();
    writer.drop_layer(kCommentsMatrixTable);
    io::LayerSpec spec;
    spec.name = kCommentsMatrixTable;
    spec.description = "Matriks masukan: komentar dan perubahan PD pada draf Dokumen Jitupasna";
    for (const Column& column : kColumns)
        spec.add_field(column.field,
                       column.field == std::string_view("no") ? OFTInteger : OFTString);
    OGRLayer& layer = writer.create_layer(spec);
    for (const MatrixRow& row : rows) {
        core::throw_if_interrupted();
        OGRFeature feature(layer.GetLayerDefn());
        const auto values = row_values(row);
        feature.SetField(kColumns[0].field, static_cast<int>(row.number));
        for (std::size_t c = 1; c < values.size(); ++c)
            if (!values[c].empty()) feature.SetField(kColumns[c].field, values[c].c_str());
        writer.write(layer, feature);
    }
    writer.commit_transaction();
    writer.close();
}

}  // namespace

std::vector<MatrixRow> matrix_rows(const std::vector<io::DocxDocument>& documents) {
    std::vector<MatrixRow> rows;
    for (const io::DocxDocument& doc : documents) {
        const fs::path path(doc.path);
        for (const io::DocxNote& note : doc.notes) {
            MatrixRow row;
            row.number = rows.size() + 1;
            // LibreOffice writes "Unknown Author" when its user has no name.
            const bool unnamed = note.author.empty() || note.author == "Unknown Author";
            row.pd = unnamed ? path.stem().string() : note.author;
            row.file = path.filename().string();
            row.chapter = note.chapter;
            row.section = note.section;
            row.kind = kind_label(note.kind);
            row.anchor = cell_text(note.anchor, note.cut);
            row.input = note.kind == io::DocxNoteKind::comment ? cell_text(note.text, false)
                                                               : cell_text(note.text, note.cut);
            row.date = shown_date(note.date);
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

CommentsResult write_comments_matrix(const CommentsOptions& options) {
    // No output may replace a file read (a link to it included), --overwrite or not.
    std::vector<io::NamedInput> reads;
    for (const auto& file : options.files) reads.push_back({file, "one of the drafts read"});
    io::check_output_path(options.output, "-o", "matriks-masukan.xlsx");
    io::refuse_output_over_inputs(options.output, reads, "-o");
    if (options.gpkg) {
        io::refuse_output_over_inputs(*options.gpkg, reads, "--gpkg", "GeoPackage");
        io::refuse_output_over_inputs(options.output, {{*options.gpkg, "the GeoPackage of --gpkg"}},
                                      "-o");
    }

    // Every file read before anything is written.
    CommentsResult result;
    std::vector<io::DocxDocument> documents;
    for (std::size_t i = 0; i < options.files.size(); ++i) {
        core::throw_if_interrupted();
        const std::string& file = options.files[i];
        bool twice = false;
        for (std::size_t j = 0; j < i && !twice; ++j) {
            std::error_code ec;
            twice = fs::equivalent(file, options.files[j], ec);
            if (twice)
                result.problems.push_back(fmt::format(
                    "{}: given twice (also as {}); its rows would be in the matrix twice", file,
                    options.files[j]));
        }
        if (twice) continue;
        try {
            documents.push_back(io::read_docx(file));
        } catch (const DataError& e) {
            result.problems.push_back(e.what());
        }
    }
    if (!result.problems.empty()) return result;
    result.rows = matrix_rows(documents);
    for (const auto& doc : documents) result.rows_per_file.push_back(doc.notes.size());

    // The matrix claimed (refused when it exists without --overwrite) before the GeoPackage is
    // touched; the GeoPackage changed in a copy, renamed over it when complete.
    io::AtomicFile matrix(options.output, options.overwrite);
    std::unique_ptr<io::GpkgChangeLock> lock;
    std::unique_ptr<io::GpkgChangeCopy> copy;
    if (options.gpkg) {
        lock = std::make_unique<io::GpkgChangeLock>(*options.gpkg);
        copy = std::make_unique<io::GpkgChangeCopy>(*options.gpkg);
        write_gpkg_table(copy->path(), *options.gpkg, result.rows);
    }
    write_xlsx(matrix.temp_path(), options.output, result.rows);
    core::throw_if_interrupted();  // the last moment a stop leaves everything as it was
    if (copy) copy->commit();
    matrix.commit();
    return result;
}

}  // namespace jitupasna::forms
