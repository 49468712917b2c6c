// `jitupasna export`: the recap tables of a run's GeoPackage as one spreadsheet (one sheet per
// table) and/or one CSV file per table.
//
// The .xlsx is written through libxlsxwriter (io/xlsx_writer; GDAL's XLSX driver cannot set
// number formats). Cells hold the exact values of the GeoPackage; number formats do the
// rounding on display (Rupiah "#,##0", expected unit counts "#,##0.0", people "#,##0"). Totals
// rows are numbers, not formulas, so that they read back without recalculation. The CSV files
// hold the same rows without the totals, with plain numbers (dot decimal, no thousands
// separator, full precision) for machine use.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include "gpkg_reader.hpp"
#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/xlsx_writer.hpp"
#include "jitupasna/publish/publish.hpp"
#include "jitupasna/version.hpp"
#include "table_view.hpp"

namespace jitupasna::publish {

namespace {

namespace fs = std::filesystem;
namespace schema = core::schema;
namespace col = core::schema::column;
namespace xlsx = io::xlsx;
using core::schema::column_token;

// ---------------------------------------------------------------------------------------------
// The sheets

struct Row {
    std::vector<CellValue> cells;
    bool total = false;
};

struct Sheet {
    std::string name;      // the sheet's name in the workbook
    std::string csv_name;  // the file in --csv DIR
    std::string table;     // the GeoPackage table it comes from
    std::vector<Column> columns;
    std::vector<Row> rows;
};

// A column of a sheet taken from a column of a GeoPackage table.
struct Field {
    std::string source;
    Column column;
    bool optional = false;       // absent from the table: no column
    bool drop_if_empty = false;  // NULL in every row: no column
};

Column text(std::string header) {
    Column c;
    c.header = std::move(header);
    c.format = Format::text;
    c.summed = false;
    return c;
}
Column label(std::string header) {
    Column c = text(std::move(header));
    c.label = true;
    return c;
}
Column summed(std::string header, Format format) { return Column{std::move(header), "", format}; }
Column number(std::string header, Format format) {
    Column c{std::move(header), "", format};
    c.summed = false;
    return c;
}

// One admin level of the run: the main level (kabupaten/kota) or the finer sublevel.
struct Level {
    std::string sublevel;     // "" for the main level
    std::string name_header;  // header of admin_name
    std::string sheet_suffix;
    std::string csv_suffix;
};

std::string humanize(const std::string& token) {
    // Values that already read as prose (capitals or spaces) are shown as they are.
    if (std::any_of(token.begin(), token.end(),
                    [](char c) { return c == ' ' || (c >= 'A' && c <= 'Z'); }))
        return token;
    std::string out;
    bool word_start = true;
    for (char c : token) {
        if (c == '_') {
            out += ' ';
            word_start = true;
            continue;
        }
        out += (word_start && c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        word_start = false;
    }
    return out;
}

std::string shown_label(const std::string& value) {
    if (value == core::kNotAffected) return "Tidak Terdampak";
    if (value == core::kNotExposed) return "Tidak Terpapar";
    return humanize(value);
}

std::vector<Field> admin_fields(const Level& level) {
    Column name = text(level.name_header);
    name.null_text = "(di luar wilayah)";
    return {Field{col::kAdminCode, text("Kode Wilayah")}, Field{col::kAdminName, name},
            Field{col::kParentCode, text("Kode Kabupaten/Kota"), true}};
}

// The table's rows on the given fields.
Sheet project(const Table& table, const std::vector<Field>& fields) {
    Sheet sheet;
    sheet.table = table.name;
    std::vector<std::size_t> source;
    for (const Field& f : fields) {
        const auto index = f.optional ? table.column(f.source) : table.require(f.source);
        if (!index) continue;
        if (f.column.format != Format::text && !table.numeric[*index])
            throw DataError(fmt::format("{}: table {}: column '{}' is not numeric", table.source,
                                        table.name, f.source));
        if (f.drop_if_empty && std::all_of(table.rows.begin(), table.rows.end(),
                                           [&](const auto& row) { return is_null(row[*index]); }))
            continue;
        sheet.columns.push_back(f.column);
        sheet.columns.back().field = f.source;
        source.push_back(*index);
    }
    for (const auto& row : table.rows) {
        Row out;
        for (std::size_t i : source) out.cells.push_back(row[i]);
        sheet.rows.push_back(std::move(out));
    }
    return sheet;
}

// A totals row over rows [begin, end): the label in the first text column, the sums of the
// summed columns (0 over no rows; empty where every row is NULL).
Row totals(const Sheet& sheet, std::size_t begin, std::size_t end, const std::string& text_label) {
    Row row;
    row.total = true;
    row.cells.assign(sheet.columns.size(), std::monostate{});
    bool labelled = false;
    for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
        const Column& column = sheet.columns[c];
        if (column.format == Format::text && !labelled) {
            row.cells[c] = text_label;
            labelled = true;
        }
        if (!column.summed) continue;
        std::optional<double> sum;
        for (std::size_t r = begin; r < end; ++r)
            if (const double* v = as_number(sheet.rows[r].cells[c])) sum = sum.value_or(0) + *v;
        if (sum || begin == end) row.cells[c] = sum.value_or(0.0);
    }
    return row;
}

void add_grand_total(Sheet& sheet) {
    sheet.rows.push_back(totals(sheet, 0, sheet.rows.size(), "TOTAL"));
}

Sheet sector_sheet(const Table& table, const Level& level) {
    std::vector<Field> fields = admin_fields(level);
    fields.push_back({col::kSektor, label("Sektor")});
    fields.push_back({col::kSubSektor, label("Sub-sektor")});
    for (const auto& [source, header] :
         std::vector<std::pair<const char*, const char*>>{{"rusak_berat", "Rusak Berat"},
                                                          {"rusak_sedang", "Rusak Sedang"},
                                                          {"rusak_ringan", "Rusak Ringan"},
                                                          {"hilang", "Hilang"}})
        fields.push_back({source, summed(header, Format::count)});
    for (const auto& [source, header] : std::vector<std::pair<const char*, const char*>>{
             {col::kKerusakanRp, "Nilai Kerusakan (Rp)"},
             {"dana_tunggu_hunian_rp", "Dana Tunggu Hunian (Rp)"},
             {"pembersihan_puing_rp", "Pembersihan Puing (Rp)"},
             {"kehilangan_pendapatan_rp", "Kehilangan Pendapatan (Rp)"},
             {col::kKerugianRp, "Nilai Kerugian (Rp)"},
             {"kebutuhan_pembangunan_rp", "Kebutuhan Pembangunan (Rp)"},
             {"kebutuhan_bantuan_rp", "Kebutuhan Penyediaan Bantuan (Rp)"},
             {"kebutuhan_pemulihan_rp", "Kebutuhan Pemulihan Fungsi (Rp)"},
             {col::kKebutuhanRp, "Nilai Kebutuhan (Rp)"}})
        fields.push_back({source, summed(header, Format::rupiah)});
    Sheet sheet = project(table, fields);
    add_grand_total(sheet);
    return sheet;
}

Sheet cluster_sheet(const Table& table, const Level& level) {
    std::vector<Field> fields = admin_fields(level);
    fields.push_back({col::kKlaster, label("Klaster")});
    fields.push_back({col::kPengampu, text("Perangkat Daerah Pengampu")});
    fields.push_back({"rusak_berat", summed("Rusak Berat", Format::count)});
    fields.push_back({"rusak_sedang", summed("Rusak Sedang", Format::count)});
    fields.push_back({"rusak_ringan", summed("Rusak Ringan", Format::count)});
    fields.push_back({col::kPengungsi, summed("Pengungsi (jiwa)", Format::people)});
    fields.push_back({col::kKerusakanRp, summed("Nilai Kerusakan (Rp)", Format::rupiah)});
    fields.push_back({col::kKerugianRp, summed("Nilai Kerugian (Rp)", Format::rupiah)});
    fields.push_back({col::kKebutuhanRp, summed("Nilai Kebutuhan (Rp)", Format::rupiah)});
    Sheet sheet = project(table, fields);
    add_grand_total(sheet);
    return sheet;
}

// "beras_kg_per_minggu" -> "Beras (kg/minggu)": the columns population_needs gets from the
// scenario's minimum_needs (name, unit, period).
std::string need_header(const std::string& column) {
    std::string body = column;
    std::string period;
    if (const auto per = column.rfind("_per_"); per != std::string::npos && per > 0) {
        body = column.substr(0, per);
        period = column.substr(per + 5);
    }
    const auto unit_at = body.rfind('_');
    if (unit_at == std::string::npos || unit_at == 0) return humanize(column);
    const std::string unit = body.substr(unit_at + 1);
    const std::string name = humanize(body.substr(0, unit_at));
    if (period.empty() || period == "sekali") return fmt::format("{} ({})", name, unit);
    return fmt::format("{} ({}/{})", name, unit, period);
}

Sheet needs_sheet(const Table& table, const Level& level) {
    std::vector<Field> fields = admin_fields(level);
    fields.push_back({col::kPenduduk, summed("Penduduk (jiwa)", Format::people)});
    fields.push_back({col::kTerdampak, summed("Penduduk Terdampak (jiwa)", Format::people)});
    fields.push_back({col::kPengungsi, summed("Pengungsi (jiwa)", Format::people)});
    fields.push_back({col::kKorbanJiwa, summed("Korban Jiwa (jiwa)", Format::people)});
    // Every numeric column after korban_jiwa is a minimum need.
    for (std::size_t c = table.require(col::kKorbanJiwa) + 1; c < table.columns.size(); ++c)
        if (table.numeric[c])
            fields.push_back({table.columns[c],
                              summed("Kebutuhan " + need_header(table.columns[c]), Format::count)});
    Sheet sheet = project(table, fields);
    add_grand_total(sheet);
    return sheet;
}

Sheet priority_sheet(const Table& table, const Level& level) {
    std::vector<Field> fields = {{col::kPeringkatPrioritas, number("Peringkat", Format::rank)}};
    for (Field& f : admin_fields(level)) fields.push_back(std::move(f));
    fields.push_back({col::kSkorPrioritas, number("Skor Prioritas", Format::score)});
    fields.push_back(
        {"prioritas_rumah_rb", number("Komponen: Pangsa Rumah Rusak Berat", Format::share)});
    fields.push_back({"prioritas_kerusakan_per_kapita",
                      number("Komponen: Kerusakan per Kapita (Rp)", Format::rupiah)});
    fields.push_back({"prioritas_pengungsi", number("Komponen: Pengungsi (jiwa)", Format::people)});
    fields.push_back(
        {"prioritas_fasilitas_rusak",
         number("Komponen: Fasilitas Kesehatan dan Pendidikan Rusak (unit)", Format::count)});
    fields.push_back({col::kKerusakanRp, summed("Nilai Kerusakan (Rp)", Format::rupiah)});
    fields.push_back({col::kKerugianRp, summed("Nilai Kerugian (Rp)", Format::rupiah)});
    fields.push_back({col::kKebutuhanRp, summed("Nilai Kebutuhan (Rp)", Format::rupiah)});
    fields.push_back({col::kPenduduk, summed("Penduduk (jiwa)", Format::people)});
    fields.push_back({col::kTerdampak, summed("Penduduk Terdampak (jiwa)", Format::people)});
    fields.push_back({col::kPengungsi, summed("Pengungsi (jiwa)", Format::people)});
    fields.push_back({col::kKorbanJiwa, summed("Korban Jiwa (jiwa)", Format::people)});
    Sheet sheet = project(table, fields);
    // Rank 1 first; units without a rank last, in table order.
    std::stable_sort(sheet.rows.begin(), sheet.rows.end(), [](const Row& a, const Row& b) {
        const double* ra = as_number(a.cells[0]);
        const double* rb = as_number(b.cells[0]);
        if (!ra || !rb) return ra != nullptr && rb == nullptr;
        return *ra < *rb;
    });
    add_grand_total(sheet);
    return sheet;
}

// impact_summary: totals per exposure (its rows are contiguous); no grand total, since the
// measures of different exposures (buildings, people, km of road) do not add up.
Sheet impact_sheet(const Table& table, const Level& level) {
    std::vector<Field> fields = admin_fields(level);
    fields.push_back({col::kExposure, text("Paparan")});
    fields.push_back({col::kAssetType, label("Jenis Aset")});
    fields.push_back({col::kHazardClass, label("Kelas Bahaya")});
    fields.push_back({col::kDamageState, label("Tingkat Kerusakan"), true, true});
    fields.push_back({col::kCount, summed("Jumlah (unit)", Format::count)});
    fields.push_back({col::kLengthM, summed("Panjang (m)", Format::count), true, true});
    fields.push_back({col::kAreaM2, summed("Luas (m²)", Format::count), true, true});
    fields.push_back({col::kPopulation, summed("Penduduk (jiwa)", Format::people), true, true});
    fields.push_back(
        {col::kKerusakanRp, summed("Nilai Kerusakan (Rp)", Format::rupiah), true, true});
    Sheet projected = project(table, fields);
    std::size_t exposure = 0;
    while (projected.columns[exposure].header != "Paparan") ++exposure;
    Sheet sheet = projected;
    sheet.rows.clear();
    std::size_t begin = 0;
    for (std::size_t r = 0; r <= projected.rows.size(); ++r) {
        if (r < projected.rows.size() &&
            projected.rows[r].cells[exposure] == projected.rows[begin].cells[exposure])
            continue;
        if (r > begin) {
            for (std::size_t i = begin; i < r; ++i) sheet.rows.push_back(projected.rows[i]);
            const std::string* name = as_text(projected.rows[begin].cells[exposure]);
            sheet.rows.push_back(totals(projected, begin, r,
                                        "TOTAL " + (name ? *name : std::string("(tanpa nama)"))));
        }
        begin = r;
    }
    return sheet;
}

// Sheet names: at most 31 characters, none of : \ / ? * [ ], unique ignoring case.
std::string sheet_name(std::string name, std::set<std::string>& taken) {
    for (char& c : name)
        if (std::string_view(":\\/?*[]").find(c) != std::string_view::npos) c = '_';
    auto cut = [](std::string s, std::size_t bytes) {
        if (s.size() <= bytes) return s;
        s.resize(bytes);
        while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
        if (!s.empty() && static_cast<unsigned char>(s.back()) >= 0xC0) s.pop_back();
        return s;
    };
    std::string candidate = cut(name, 31);
    for (int n = 2; !taken.insert(column_token(candidate)).second; ++n) {
        const std::string tail = fmt::format("~{}", n);
        candidate = cut(name, 31 - tail.size()) + tail;
    }
    return candidate;
}

std::vector<Sheet> build_sheets(const GpkgReader& reader) {
    std::vector<Level> levels = {{"", "Kabupaten/Kota", "", ""}};
    if (const auto& sub = reader.facts().sublevel)
        levels.push_back({*sub, humanize(*sub), " (" + *sub + ")", "_" + column_token(*sub)});
    struct Kind {
        const char* table;
        const char* sheet;
        Sheet (*build)(const Table&, const Level&);
    };
    const Kind kinds[] = {{schema::kSectorTable, "Rekap Sektor", sector_sheet},
                          {schema::kClusterTable, "Rekap Klaster", cluster_sheet},
                          {schema::kPopulationNeeds, "Kebutuhan Pengungsi", needs_sheet},
                          {schema::kAdminSummary, "Prioritas Pemulihan", priority_sheet},
                          {schema::kImpactSummary, "Ringkasan Dampak", impact_sheet}};
    std::vector<Sheet> sheets;
    std::set<std::string> taken{column_token("Keterangan")};
    for (const Level& level : levels) {
        for (const Kind& kind : kinds) {
            const auto table = reader.read(schema::at_level(kind.table, level.sublevel));
            if (!table) continue;
            // admin_summary has the priority only with the recap (damage or people).
            if (kind.build == priority_sheet && !reader.facts().recap) continue;
            Sheet sheet = kind.build(*table, level);
            sheet.name = sheet_name(kind.sheet + level.sheet_suffix, taken);
            sheet.csv_name = column_token(kind.sheet) + level.csv_suffix + ".csv";
            sheets.push_back(std::move(sheet));
        }
    }
    if (sheets.empty())
        throw DataError(fmt::format("{}: no recap table to export (no {})", reader.path(),
                                    schema::kImpactSummary));
    return sheets;
}

// The notes sheet: where the numbers come from and how they are shown.
Sheet notes_sheet(const GpkgReader& reader, const std::vector<Sheet>& sheets) {
    Sheet notes;
    notes.name = "Keterangan";
    notes.columns = {text("Keterangan"), text("Isi")};
    auto add = [&](const std::string& key, const std::string& value) {
        notes.rows.push_back(Row{{key, value}, false});
    };
    add("Sumber", fs::absolute(reader.path()).lexically_normal().string());
    for (const auto& [key, title] : std::vector<std::pair<const char*, const char*>>{
             {"scenario_name", "Skenario"},
             {"hazard_type", "Jenis bahaya"},
             {"scenario_file", "Berkas skenario"},
             {"started_at", "Proses dimulai (UTC)"},
             {"finished_at", "Proses selesai (UTC)"},
             {"tool_version", "Versi jitupasna (proses)"}})
        if (const auto value = reader.info(key)) add(title, *value);
    add("Versi jitupasna (ekspor)", kVersion);
    for (const Sheet& sheet : sheets) {
        const std::string description = reader.description(sheet.table);
        add("Lembar " + sheet.name,
            "tabel " + sheet.table + (description.empty() ? "" : ": " + description));
    }
    add("Pembulatan",
        "Sel berisi nilai tepat dari GeoPackage, tanpa pembulatan; hanya tampilannya dibulatkan: "
        "Rupiah dan jiwa tanpa desimal dengan pemisah ribuan, jumlah unit dengan satu desimal bila "
        "ada pecahan.");
    add("Baris TOTAL",
        "Jumlah nilai tepat seluruh baris di atasnya (bukan jumlah angka yang ditampilkan). "
        "Ringkasan Dampak dijumlahkan per paparan. Berkas CSV tidak memuat baris TOTAL.");
    add("Rusak berat/sedang/ringan",
        "Jumlah unit yang diharapkan menurut fungsi kerentanan (nilai harapan), dapat berupa "
        "pecahan.");
    return notes;
}

// ---------------------------------------------------------------------------------------------
// Writing

// Numbers as text: shortest form that reads back to the same double; nothing for NaN and
// infinities.
std::optional<std::string> number_text(double v) {
    if (!std::isfinite(v)) return std::nullopt;
    if (v == 0) return std::string("0");
    return fmt::format("{}", v);
}

// Valid UTF-8 without the control characters XML 1.0 forbids (invalid bytes become U+FFFD).
std::string clean_utf8(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80           ? 1
                          : (c >> 5) == 0x6  ? 2
                          : (c >> 4) == 0xE  ? 3
                          : (c >> 3) == 0x1E ? 4
                                             : 0;
        bool ok = len > 0 && i + len <= s.size();
        for (std::size_t k = 1; ok && k < len; ++k)
            ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (!ok) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        if (len == 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            ++i;
            continue;
        }
        out.append(s, i, len);
        i += len;
    }
    return out;
}

std::size_t utf8_length(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The number formats of the workbook: the style of a cell is 2 + 2 * format + (total ? 1 : 0).
// How a column's numbers are shown.
enum class Shown { text, thousands, decimal, integer, score, percent };

xlsx::CellStyle style_of(Shown shown, bool total) {
    xlsx::CellStyle style;
    style.number = shown == Shown::thousands ? xlsx::NumberFormat::thousands
                   : shown == Shown::decimal ? xlsx::NumberFormat::one_decimal
                   : shown == Shown::integer ? xlsx::NumberFormat::integer
                   : shown == Shown::score   ? xlsx::NumberFormat::score
                   : shown == Shown::percent ? xlsx::NumberFormat::percent
                                             : xlsx::NumberFormat::general;
    style.bold = total;
    style.top_border = total;
    style.centred = shown == Shown::integer;  // ranks, apart from the codes beside them
    return style;
}

Shown shown_for(const Sheet& sheet, std::size_t column) {
    switch (sheet.columns[column].format) {
        case Format::text:
            return Shown::text;
        case Format::rupiah:
        case Format::people:
            return Shown::thousands;
        case Format::rank:
            return Shown::integer;
        case Format::score:
            return Shown::score;
        case Format::share:
            return Shown::percent;
        case Format::count:
        case Format::decimal:
            break;
    }
    // Units: one decimal where some are fractional (expected values), else whole numbers.
    for (const Row& row : sheet.rows)
        if (const double* v = as_number(row.cells[column]);
            v && std::isfinite(*v) && std::floor(*v) != *v)
            return Shown::decimal;
    return Shown::thousands;
}

// The width of a number as displayed, for the column widths.
std::size_t shown_width(double v, Shown shown) {
    if (!std::isfinite(v)) return 0;
    const int decimals = shown == Shown::decimal ? 1 : shown == Shown::score ? 3 : 0;
    const double scaled = shown == Shown::percent ? v * 100 : v;
    const std::string digits = fmt::format("{:.{}f}", std::fabs(scaled), decimals);
    const std::size_t integer_digits =
        digits.find('.') == std::string::npos ? digits.size() : digits.find('.');
    std::size_t width = digits.size() + (scaled < 0 ? 1 : 0) + (shown == Shown::percent ? 1 : 0);
    if (shown == Shown::thousands || shown == Shown::decimal) width += (integer_digits - 1) / 3;
    return width;
}

// Lines a header takes when wrapped (greedy, by words) in a column of the given width.
std::size_t wrapped_lines(const std::string& text, double width) {
    const double room = std::max(1.0, (width - 1.5) / 1.1);  // bold text is wider
    std::size_t lines = 1;
    double line = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        const double word = static_cast<double>(utf8_length(text.substr(start, end - start)));
        if (line == 0) {
            line = word;
        } else if (line + 1 + word <= room) {
            line += 1 + word;
        } else {
            ++lines;
            line = word;
        }
        start = end + 1;
    }
    return lines;
}

std::string shown_text(const Column& column, const CellValue& value) {
    if (is_null(value)) return column.null_text;
    const std::string& s = std::get<std::string>(value);
    return column.label ? shown_label(s) : s;
}

void write_sheet(xlsx::Workbook& book, const Sheet& sheet) {
    const std::size_t ncols = sheet.columns.size();
    std::vector<Shown> shown(ncols);
    std::vector<double> widths(ncols);
    for (std::size_t c = 0; c < ncols; ++c) {
        shown[c] = shown_for(sheet, c);
        const std::string& header = sheet.columns[c].header;
        std::size_t longest_word = 0, word = 0;
        for (char ch : header + " ") {
            if (ch == ' ') {
                longest_word = std::max(longest_word, word);
                word = 0;
            } else if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) {
                ++word;
            }
        }
        std::size_t width = std::max(longest_word, std::min<std::size_t>(utf8_length(header), 16));
        for (const Row& row : sheet.rows) {
            const CellValue& v = row.cells[c];
            if (const double* d = as_number(v))
                width = std::max(width, shown_width(*d, shown[c]) + (row.total ? 1 : 0));
            else if (!is_null(v) || !sheet.columns[c].null_text.empty())
                width = std::max(
                    width, utf8_length(shown_text(sheet.columns[c], v)) + (row.total ? 1 : 0));
        }
        widths[c] = static_cast<double>(std::min<std::size_t>(width, 60)) + 2.5;
    }

    xlsx::Worksheet out = book.add_sheet(sheet.name);
    xlsx::PageSetup page;
    page.landscape = true;
    page.fit_to_width = true;
    page.repeat_rows = 1;  // the header row on every printed page
    out.set_page(page);
    out.freeze_rows(1);
    for (std::size_t c = 0; c < ncols; ++c) out.set_column_width(c, widths[c]);
    // Wrapped headers: the header row is as tall as its longest one (LibreOffice does not
    // grow rows on opening).
    std::size_t header_lines = 1;
    for (std::size_t c = 0; c < ncols; ++c)
        header_lines = std::max(header_lines, wrapped_lines(sheet.columns[c].header, widths[c]));
    out.set_row_height(0, 14.5 * static_cast<double>(header_lines) + 3);
    xlsx::CellStyle header;
    header.header = true;
    for (std::size_t c = 0; c < ncols; ++c)
        out.write_text(0, c, clean_utf8(sheet.columns[c].header), header);
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
        const Row& row = sheet.rows[r];
        for (std::size_t c = 0; c < ncols; ++c) {
            const CellValue& value = row.cells[c];
            const double* d = as_number(value);
            if (d && std::isfinite(*d)) {
                out.write_number(r + 1, c, *d, style_of(shown[c], row.total));
            } else if (as_text(value) ||
                       (is_null(value) && !row.total && !sheet.columns[c].null_text.empty())) {
                out.write_text(r + 1, c, clean_utf8(shown_text(sheet.columns[c], value)),
                               style_of(Shown::text, row.total));
            } else if (row.total) {
                out.write_blank(r + 1, c, style_of(shown[c], row.total));  // the totals line
            }
        }
    }
}

void write_xlsx(const fs::path& path, const std::string& shown_path,
                const std::vector<Sheet>& sheets, const std::string& title) {
    xlsx::Workbook book(path, shown_path);
    book.set_properties(clean_utf8(title), std::string("jitupasna ") + kVersion);
    for (const Sheet& sheet : sheets) {
        try {
            write_sheet(book, sheet);
        } catch (const DataError& e) {
            throw DataError(fmt::format("{} (table {})", e.what(), sheet.table));
        }
    }
    book.close();
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos &&
        (s.empty() || (s.front() != ' ' && s.back() != ' ')))
        return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// One CSV file: the header and the data rows (no totals), text as in the GeoPackage.
void write_csv(const fs::path& path, const Sheet& sheet) {
    std::ofstream out(path, std::ios::binary);
    for (std::size_t c = 0; c < sheet.columns.size(); ++c)
        out << (c ? "," : "") << csv_field(sheet.columns[c].header);
    out << '\n';
    for (const Row& row : sheet.rows) {
        if (row.total) continue;
        for (std::size_t c = 0; c < row.cells.size(); ++c) {
            if (c) out << ',';
            if (const double* d = as_number(row.cells[c]))
                out << number_text(*d).value_or("");
            else if (const std::string* s = as_text(row.cells[c]))
                out << csv_field(clean_utf8(*s));
        }
        out << '\n';
    }
    out.close();
    if (!out)
        throw DataError(fmt::format("cannot write {} (table {})", path.string(), sheet.table));
}

bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (fs::equivalent(a, b, ec)) return true;
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec) && !ec;
}

}  // namespace

void export_tables(const ExportOptions& options) {
    if (!options.xlsx && !options.csv_dir)
        throw ConfigError("export: nothing to write; give --xlsx FILE.xlsx and/or --csv DIR");
    if (options.xlsx && same_file(*options.xlsx, options.gpkg))
        throw ConfigError(fmt::format("export: --xlsx {} is the GeoPackage itself", *options.xlsx));
    if (options.csv_dir) {
        std::error_code ec;
        if (fs::exists(*options.csv_dir, ec) && !fs::is_directory(*options.csv_dir, ec))
            throw ConfigError(
                fmt::format("export: --csv {} exists and is not a folder", *options.csv_dir));
    }

    const GpkgReader reader(options.gpkg);
    std::vector<Sheet> sheets = build_sheets(reader);

    // Every target is claimed (and refused if it exists) before anything is written.
    std::unique_ptr<io::AtomicFile> xlsx;
    if (options.xlsx) xlsx = std::make_unique<io::AtomicFile>(*options.xlsx, options.overwrite);
    std::vector<std::unique_ptr<io::AtomicFile>> csvs;
    if (options.csv_dir)
        for (const Sheet& sheet : sheets)
            csvs.push_back(std::make_unique<io::AtomicFile>(
                fs::path(*options.csv_dir) / sheet.csv_name, options.overwrite));

    if (xlsx) {
        std::vector<Sheet> workbook = sheets;
        workbook.push_back(notes_sheet(reader, sheets));
        const std::string title =
            "Rekapitulasi Jitupasna" +
            (reader.info("scenario_name") ? " — " + *reader.info("scenario_name") : "");
        write_xlsx(xlsx->temp_path(), *options.xlsx, workbook, title);
    }
    for (std::size_t i = 0; i < csvs.size(); ++i) write_csv(csvs[i]->temp_path(), sheets[i]);

    if (xlsx) xlsx->commit();
    for (auto& csv : csvs) csv->commit();
}

}  // namespace jitupasna::publish
