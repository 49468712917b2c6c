#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/glossary.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/forms/form_spec.hpp"
#include "jitupasna/forms/forms.hpp"
#include "jitupasna/forms/run_context.hpp"
#include "jitupasna/io/gpkg_reader.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/output_guard.hpp"
#include "jitupasna/io/xlsx_writer.hpp"

namespace jitupasna::forms {

namespace {

namespace fs = std::filesystem;
namespace schema = core::schema;
namespace xlsx = io::xlsx;

// A1 reference of a column (0 -> A).
std::string column_letters(std::size_t column) {
    std::string letters;
    for (std::size_t c = column + 1; c > 0; c = (c - 1) / 26)
        letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
    return letters;
}

std::string list_range(std::size_t column, std::size_t count) {
    const std::string c = column_letters(column);
    return fmt::format("={}!${}$2:${}${}", "Daftar", c, c, std::max<std::size_t>(count, 1) + 1);
}

xlsx::CellStyle style(xlsx::NumberFormat number, bool unlocked, bool shaded) {
    xlsx::CellStyle cell;
    cell.number = number;
    cell.unlocked = unlocked;
    cell.shaded = shaded;
    return cell;
}

using xlsx::NumberFormat;
const xlsx::CellStyle kText{};
const xlsx::CellStyle kHeader = [] {
    xlsx::CellStyle cell;
    cell.header = true;
    return cell;
}();
const xlsx::CellStyle kBold = [] {
    xlsx::CellStyle cell;
    cell.bold = true;
    return cell;
}();
const xlsx::CellStyle kEstimateText = style(NumberFormat::general, false, true);
const xlsx::CellStyle kEstimateCount = style(NumberFormat::one_decimal, false, true);
const xlsx::CellStyle kEstimateRupiah = style(NumberFormat::thousands, false, true);
const xlsx::CellStyle kEntry = style(NumberFormat::general, true, false);
const xlsx::CellStyle kEntryRupiah = style(NumberFormat::thousands, true, false);

bool ends_with(std::string_view text, std::string_view tail) {
    return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

// Rupiah columns of either sheet: shown with thousands separators.
bool is_rupiah_key(std::string_view key) { return key == "harga_satuan" || ends_with(key, "_rp"); }

void write_keys_and_labels(xlsx::Worksheet& sheet, const std::vector<FormColumn>& columns) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
        sheet.write_text(kKeyRow, c, columns[c].key, kText);
        sheet.write_text(kLabelRow, c, columns[c].label, kHeader);
        sheet.set_column_width(c, columns[c].width);
    }
    sheet.hide_row(kKeyRow);
    sheet.set_row_height(kLabelRow, 45);
    sheet.freeze_rows(kFirstEntryRow);
}

bool is_estimate_key(std::string_view key) {
    return key == "kode_wilayah" || key == "nama_wilayah" || key == "sub_sektor" ||
           key == "uraian" || key == "satuan" || key.substr(0, 4) == "est_";
}

void write_damage_sheet(xlsx::Workbook& book, const std::vector<Estimate>& estimates,
                        std::size_t sub_sector_count, std::size_t unit_count) {
    const auto& columns = damage_columns();
    xlsx::Worksheet sheet = book.add_sheet(kSheetDamage);
    write_keys_and_labels(sheet, columns);
    std::size_t row = kFirstEntryRow;
    for (const auto& e : estimates) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const std::string_view key = columns[c].key;
            if (!is_estimate_key(key)) {
                sheet.write_blank(row, c, is_rupiah_key(key) ? kEntryRupiah : kEntry);
            } else if (key == "kode_wilayah") {
                sheet.write_text(row, c, e.code, kEstimateText);
            } else if (key == "nama_wilayah") {
                sheet.write_text(row, c, e.name, kEstimateText);
            } else if (key == "sub_sektor" || key == "uraian") {
                sheet.write_text(row, c, e.sub_sector, kEstimateText);
            } else if (key == "satuan") {
                sheet.write_text(row, c, e.satuan, kEstimateText);
            } else {
                const double value = key == "est_rb"             ? e.rb
                                     : key == "est_rs"           ? e.rs
                                     : key == "est_rr"           ? e.rr
                                     : key == "est_kerusakan_rp" ? e.kerusakan
                                                                 : e.kerugian;
                sheet.write_number(row, c, value,
                                   ends_with(key, "_rp") ? kEstimateRupiah : kEstimateCount);
            }
        }
        ++row;
    }
    // Items the model does not know: every cell the PD's, the estimate cells left empty.
    const std::size_t last = row + kBlankDamageRows - 1;
    for (; row <= last; ++row)
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const std::string_view key = columns[c].key;
            if (key.substr(0, 4) == "est_")
                sheet.write_blank(row, c, kEstimateText);
            else
                sheet.write_blank(row, c, is_rupiah_key(key) ? kEntryRupiah : kEntry);
        }
    for (const char* key : {"rb", "rs", "rr"})
        sheet.validate_whole(kFirstEntryRow, last, column_index(columns, key), 0);
    for (const char* key : {"harga_satuan", "kerusakan_rp", "kerugian_rp"})
        sheet.validate_decimal(kFirstEntryRow, last, column_index(columns, key), 0);
    sheet.validate_list_range(kFirstEntryRow, last, column_index(columns, "kode_wilayah"),
                              list_range(0, unit_count));
    sheet.validate_list_range(kFirstEntryRow, last, column_index(columns, "sub_sektor"),
                              list_range(2, sub_sector_count));
    sheet.protect();
}

void write_needs_sheet(xlsx::Workbook& book, std::size_t sub_sector_count, std::size_t unit_count) {
    const auto& columns = needs_columns();
    xlsx::Worksheet sheet = book.add_sheet(kSheetNeeds);
    write_keys_and_labels(sheet, columns);
    const std::size_t last = kFirstEntryRow + kNeedsRows - 1;
    for (std::size_t row = kFirstEntryRow; row <= last; ++row)
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const std::string_view key = columns[c].key;
            sheet.write_blank(row, c, is_rupiah_key(key) ? kEntryRupiah : kEntry);
        }
    sheet.validate_list_range(kFirstEntryRow, last, column_index(columns, "kode_wilayah"),
                              list_range(0, unit_count));
    sheet.validate_list_range(kFirstEntryRow, last, column_index(columns, "sub_sektor"),
                              list_range(2, sub_sector_count));
    sheet.validate_list(kFirstEntryRow, last, column_index(columns, "komponen"), komponen_values());
    sheet.validate_list(kFirstEntryRow, last, column_index(columns, "sumber_dana"),
                        sumber_dana_values());
    sheet.validate_list(kFirstEntryRow, last, column_index(columns, "prioritas"),
                        prioritas_values());
    sheet.validate_decimal(kFirstEntryRow, last, column_index(columns, "volume"), 0);
    sheet.validate_decimal(kFirstEntryRow, last, column_index(columns, "harga_satuan"), 0);
    sheet.validate_decimal(kFirstEntryRow, last, column_index(columns, "jumlah_rp"), 0);
    sheet.validate_whole(kFirstEntryRow, last, column_index(columns, "durasi_bulan"), 0);
    sheet.protect();
}

void write_verification_sheet(xlsx::Workbook& book) {
    const auto& columns = verification_columns();
    xlsx::Worksheet sheet = book.add_sheet(kSheetVerification);
    write_keys_and_labels(sheet, columns);
    for (std::size_t c = 0; c < columns.size(); ++c) sheet.write_blank(kFirstEntryRow, c, kEntry);
    sheet.protect();
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text.empty() ? "-" : text;
}

void write_guide_sheet(xlsx::Workbook& book, const RunContext& context, const PdDuty& duty) {
    xlsx::Worksheet sheet = book.add_sheet(kSheetGuide);
    sheet.set_column_width(0, 28);
    sheet.set_column_width(1, 90);
    std::set<std::string> clusters;
    for (const auto& row : context.scheme)
        if (row.lead == duty.pd ||
            std::find(row.support.begin(), row.support.end(), duty.pd) != row.support.end())
            clusters.insert(row.cluster);
    const std::vector<std::pair<std::string, std::string>> lines = {
        {"Formulir Jitupasna", duty.pd},
        {"Kejadian", context.event},
        {"Skenario", context.scenario},
        {"Proses (run id)", context.run_id},
        {"Versi formulir", kFormVersion},
        {"Klaster", joined({clusters.begin(), clusters.end()})},
        {"Subsektor yang diampu", joined(duty.leads)},
        {"Subsektor yang didukung", joined(duty.supports)},
        {"", ""},
        {"Yang diisi",
         "Lembar 'Kerusakan dan Kerugian': sel abu-abu adalah estimasi model dan tidak dapat "
         "diubah. Isi sel putih di sampingnya dengan data PD (rusak berat, rusak sedang, rusak "
         "ringan, harga satuan, kerusakan, kerugian) dan sumber datanya di kolom keterangan. "
         "Sel yang dibiarkan kosong berarti estimasi model tetap dipakai."},
        {"",
         "Aset yang tidak diestimasi model: isi baris kosong di bawah estimasi (kode wilayah dan "
         "subsektor dipilih dari daftar)."},
        {"", "Lembar 'Kebutuhan': satu baris per kegiatan pemulihan yang diusulkan."},
        {"", "Lembar 'Verifikasi': nama, jabatan dan tanggal pejabat yang memverifikasi data."},
        {"Angka",
         "Jumlah unit: bilangan bulat >= 0. Rupiah: angka >= 0 tanpa titik ribuan sebagai teks."},
        {"Pengembalian",
         "Simpan sebagai .xlsx (jangan ganti nama lembar, jangan hapus atau pindahkan kolom) "
         "dan kirim kembali ke BPBD. Baris pertama yang tersembunyi berisi kunci kolom; jangan "
         "diubah."},
    };
    for (std::size_t r = 0; r < lines.size(); ++r) {
        sheet.write_text(r, 0, lines[r].first, kBold);
        sheet.write_text(r, 1, lines[r].second, kText);
    }
}

void write_lists_sheet(xlsx::Workbook& book, const RunContext& context,
                       const std::vector<std::string>& sub_sectors) {
    xlsx::Worksheet sheet = book.add_sheet(kSheetLists);
    sheet.write_text(0, 0, "kode_wilayah", kHeader);
    sheet.write_text(0, 1, "nama_wilayah", kHeader);
    sheet.write_text(0, 2, "sub_sektor", kHeader);
    for (std::size_t i = 0; i < context.units.size(); ++i) {
        sheet.write_text(i + 1, 0, context.units[i].code, kText);
        sheet.write_text(i + 1, 1, context.units[i].name, kText);
    }
    for (std::size_t i = 0; i < sub_sectors.size(); ++i)
        sheet.write_text(i + 1, 2, sub_sectors[i], kText);
    sheet.hide();
}

void write_identity(xlsx::Workbook& book, const RunContext& context, const PdDuty& duty) {
    const std::vector<std::pair<const char*, std::string>> identity = {
        {kIdRunId, context.run_id},
        {kIdPd, duty.pd},
        {kIdFormVersion, kFormVersion},
        {kIdScenario, context.scenario}};
    xlsx::Worksheet sheet = book.add_sheet(kSheetIdentity);
    for (std::size_t r = 0; r < identity.size(); ++r) {
        sheet.write_text(r, 0, identity[r].first, kText);
        sheet.write_text(r, 1, identity[r].second, kText);
        book.set_custom_property(identity[r].first, identity[r].second);
    }
    sheet.hide();
    sheet.protect();
}

void write_form(const fs::path& path, const std::string& shown_path, const RunContext& context,
                const PdDuty& duty, const std::vector<Estimate>& all_estimates) {
    const std::vector<std::string> sub_sectors = sub_sectors_of(duty);
    std::vector<Estimate> estimates;
    for (const auto& e : all_estimates)
        if (std::find(sub_sectors.begin(), sub_sectors.end(), e.sub_sector) != sub_sectors.end())
            estimates.push_back(e);
    // Kab/kota in code order, sub-sectors in the PD's order within each.
    std::stable_sort(estimates.begin(), estimates.end(), [&](const auto& a, const auto& b) {
        if (a.code != b.code) return a.code < b.code;
        return std::find(sub_sectors.begin(), sub_sectors.end(), a.sub_sector) <
               std::find(sub_sectors.begin(), sub_sectors.end(), b.sub_sector);
    });

    xlsx::Workbook book(path, shown_path);
    book.set_properties("Formulir Jitupasna — " + duty.pd, "jitupasna");
    write_guide_sheet(book, context, duty);
    write_damage_sheet(book, estimates, sub_sectors.size(), context.units.size());
    write_needs_sheet(book, sub_sectors.size(), context.units.size());
    write_verification_sheet(book);
    write_lists_sheet(book, context, sub_sectors);
    write_identity(book, context, duty);
    book.close();
}

}  // namespace

std::vector<std::string> write_forms(const FormsOptions& options) {
    io::check_output_folder(options.dir, "-d");
    const io::GpkgReader reader(options.gpkg);
    const RunContext context = read_run_context(reader);
    const std::vector<PdDuty>& pds = context.pds;
    const std::vector<Estimate>& estimates = context.estimates;

    // File names: two PDs must not share one.
    std::map<std::string, std::string> pd_of_file;
    const std::vector<io::NamedInput> reads = {{options.gpkg, "the GeoPackage forms reads"}};
    std::vector<fs::path> targets;
    for (const auto& duty : pds) {
        const std::string slug = pd_slug(duty.pd);
        if (slug.empty())
            throw ConfigError(fmt::format("{}: PD '{}' gives no file name (no letter or digit)",
                                          options.gpkg, duty.pd));
        const auto [it, fresh] = pd_of_file.emplace(slug, duty.pd);
        if (!fresh)
            throw ConfigError(fmt::format("{}: PDs '{}' and '{}' would both be written to {}.xlsx",
                                          options.gpkg, it->second, duty.pd, slug));
        targets.push_back(fs::path(options.dir) / (slug + ".xlsx"));
        io::refuse_output_over_inputs(targets.back(), reads, "-d");
    }

    // Every target claimed (and refused if it exists) before anything is written; on failure
    // abandoned last-claimed first, so the folder the first made goes when it is empty.
    std::vector<std::unique_ptr<io::AtomicFile>> files;
    struct AbandonInReverse {
        std::vector<std::unique_ptr<io::AtomicFile>>& files;
        ~AbandonInReverse() {
            while (!files.empty()) files.pop_back();
        }
    } abandon{files};
    for (const auto& target : targets)
        files.push_back(std::make_unique<io::AtomicFile>(target, options.overwrite));
    for (std::size_t i = 0; i < pds.size(); ++i)
        write_form(files[i]->temp_path(), targets[i].string(), context, pds[i], estimates);

    core::throw_if_interrupted();
    std::vector<std::string> written;
    for (auto& file : files) {
        file->commit();
        written.push_back(file->target().string());
    }
    return written;
}

}  // namespace jitupasna::forms
