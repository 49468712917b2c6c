// What each sheet of `jitupasna export` holds: the GeoPackage's recap tables projected on
// Indonesian headers, with totals rows, and the notes sheet.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "../gpkg_reader.hpp"
#include "../recap_tables.hpp"
#include "../report/words.hpp"
#include "../table_view.hpp"
#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/glossary.hpp"
#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/publish/publish.hpp"
#include "jitupasna/version.hpp"
#include "sheet.hpp"

namespace jitupasna::publish::workbook {

namespace fs = std::filesystem;
namespace schema = core::schema;
namespace col = core::schema::column;
using core::schema::column_token;

// The impact sheet's length and area, converted from the GeoPackage's metres and m².
constexpr const char* kLengthKm = "length_km";
constexpr const char* kAreaHa = "area_ha";

// A column of a sheet taken from a column of a GeoPackage table.
struct Field {
    std::string source;
    Column column;
    bool optional = false;       // absent from the table: no column
    bool drop_if_empty = false;  // NULL in every row: no column
};
std::string word(const char* field) { return field_header(field); }

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
    std::string name_header;  // header of admin_name: the level's title ("Kecamatan")
    std::string sheet_suffix;
    std::string csv_suffix;
    std::string parent_header{};  // a finer level: header of parent_name ("Kabupaten/Kota")
};
std::string shown_label(const std::string& value) {
    if (value == core::kNotAffected) return "Tidak Terdampak";
    if (value == core::kNotExposed) return "Tidak Terpapar";
    // Values that already read as prose (capitals or spaces) are shown as they are.
    if (std::any_of(value.begin(), value.end(),
                    [](char c) { return c == ' ' || (c >= 'A' && c <= 'Z'); }))
        return value;
    return core::glossary::title_case(value);
}

std::vector<Field> admin_fields(const Level& level) {
    Column name = text(level.name_header);
    name.null_text = "(di luar wilayah)";
    return {Field{col::kAdminCode, text(word(col::kAdminCode))}, Field{col::kAdminName, name},
            Field{col::kParentCode, text(word(col::kParentCode)), true},
            Field{col::kParentName, text(level.parent_header), true}};
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

// The grand total. A sheet whose rows count in several satuan (unit, km, ha) gets a TOTAL per
// satuan, then a TOTAL of the Rupiah alone: damaged buildings never add to kilometres.
void add_grand_total(Sheet& sheet) {
    std::optional<std::size_t> satuan_column;
    for (std::size_t c = 0; c < sheet.columns.size(); ++c)
        if (sheet.columns[c].field == col::kSatuan) satuan_column = c;
    std::vector<std::string> satuans;
    if (satuan_column)
        for (const Row& row : sheet.rows)
            if (const std::string* s = as_text(row.cells[*satuan_column]);
                s && std::find(satuans.begin(), satuans.end(), *s) == satuans.end())
                satuans.push_back(*s);
    if (satuans.size() <= 1) {
        sheet.rows.push_back(totals(sheet, 0, sheet.rows.size(), "TOTAL"));
        if (satuans.size() == 1) sheet.rows.back().cells[*satuan_column] = satuans.front();
        return;
    }
    const std::size_t data_rows = sheet.rows.size();
    for (const std::string& satuan : satuans) {
        Sheet of_satuan = sheet;
        of_satuan.rows.clear();
        for (std::size_t r = 0; r < data_rows; ++r)
            if (const std::string* s = as_text(sheet.rows[r].cells[*satuan_column]);
                s && *s == satuan)
                of_satuan.rows.push_back(sheet.rows[r]);
        Row row = totals(of_satuan, 0, of_satuan.rows.size(), "TOTAL " + satuan);
        row.cells[*satuan_column] = satuan;
        for (std::size_t c = 0; c < sheet.columns.size(); ++c)
            if (sheet.columns[c].summed && !adds_in_satuan(sheet.columns[c].format, satuan))
                row.cells[c] = std::monostate{};
        sheet.rows.push_back(std::move(row));
    }
    Row rupiah = totals(sheet, 0, data_rows, "TOTAL");
    for (std::size_t c = 0; c < sheet.columns.size(); ++c)
        if (sheet.columns[c].summed && !adds_across_satuan(sheet.columns[c].format))
            rupiah.cells[c] = std::monostate{};
    sheet.rows.push_back(std::move(rupiah));
}

// A recap table both outputs show (recap_tables.hpp): the admin columns, then its own.
Sheet recap_sheet(const Table& table, const Level& level, const std::vector<Column>& columns) {
    std::vector<Field> fields = admin_fields(level);
    // satuan is optional: an output from before the column counts everything in units.
    for (const Column& c : columns) fields.push_back({c.field, c, c.field == col::kSatuan});
    Sheet sheet = project(table, fields);
    add_grand_total(sheet);
    return sheet;
}

Sheet sector_sheet(const Table& table, const Level& level) {
    return recap_sheet(table, level, sector_columns());
}

Sheet cluster_sheet(const Table& table, const Level& level) {
    return recap_sheet(table, level, cluster_columns());
}

Sheet needs_sheet(const Table& table, const Level& level) {
    std::vector<Field> fields = admin_fields(level);
    fields.push_back({col::kPenduduk, summed(word(col::kPenduduk), Format::people)});
    fields.push_back({col::kTerdampak, summed(word(col::kTerdampak), Format::people)});
    fields.push_back({col::kPengungsi, summed(word(col::kPengungsi), Format::people)});
    fields.push_back({col::kKorbanJiwa, summed(word(col::kKorbanJiwa), Format::people)});
    // Every numeric column after korban_jiwa is a minimum need.
    for (std::size_t c = table.require(col::kKorbanJiwa) + 1; c < table.columns.size(); ++c)
        if (table.numeric[c])
            fields.push_back(
                {table.columns[c], summed(field_header(table.columns[c]), Format::count)});
    Sheet sheet = project(table, fields);
    add_grand_total(sheet);
    return sheet;
}

Sheet priority_sheet(const Table& table, const Level& level) {
    std::vector<Field> fields = {
        {col::kPeringkatPrioritas, number(word(col::kPeringkatPrioritas), Format::rank)}};
    for (Field& f : admin_fields(level)) fields.push_back(std::move(f));
    fields.push_back({col::kSkorPrioritas, number(word(col::kSkorPrioritas), Format::score)});
    fields.push_back({"prioritas_rumah_rb", number(word("prioritas_rumah_rb"), Format::share)});
    fields.push_back({"prioritas_kerusakan_per_kapita",
                      number(word("prioritas_kerusakan_per_kapita"), Format::rupiah)});
    fields.push_back({"prioritas_pengungsi", number(word("prioritas_pengungsi"), Format::people)});
    fields.push_back(
        {"prioritas_fasilitas_rusak", number(word("prioritas_fasilitas_rusak"), Format::count)});
    fields.push_back({col::kKerusakanRp, summed(word(col::kKerusakanRp), Format::rupiah)});
    fields.push_back({col::kKerugianRp, summed(word(col::kKerugianRp), Format::rupiah)});
    fields.push_back({col::kKebutuhanRp, summed(word(col::kKebutuhanRp), Format::rupiah)});
    fields.push_back({col::kPenduduk, summed(word(col::kPenduduk), Format::people)});
    fields.push_back({col::kTerdampak, summed(word(col::kTerdampak), Format::people)});
    fields.push_back({col::kPengungsi, summed(word(col::kPengungsi), Format::people)});
    fields.push_back({col::kKorbanJiwa, summed(word(col::kKorbanJiwa), Format::people)});
    fields.push_back(
        {col::kWilayahTerdampak, number(word(col::kWilayahTerdampak), Format::rank), true});
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
// measures of different exposures (buildings, people, km of road) do not add up. Each row's
// Jumlah is its quantity in the exposure's satuan, named beside it: units for structures and
// aggregates, km for roads, ha for areas, jiwa for people (the GeoPackage's `count` of a road
// or area is a share of features, which is no quantity a planner can use); lengths in km and
// areas in ha.
Sheet impact_sheet(const Table& table, const Level& level, const schema::OutputFacts& facts) {
    std::vector<Field> fields = admin_fields(level);
    fields.push_back({col::kExposure, text(word(col::kExposure))});
    fields.push_back({col::kAssetType, label(word(col::kAssetType))});
    fields.push_back({col::kHazardClass, label(word(col::kHazardClass))});
    fields.push_back({col::kDamageState, label(word(col::kDamageState)), true, true});
    fields.push_back({col::kCount, summed(word(col::kCount), Format::count)});
    fields.push_back({col::kLengthM, summed(word(kLengthKm), Format::decimal), true, true});
    fields.push_back({col::kAreaM2, summed(word(kAreaHa), Format::decimal), true, true});
    fields.push_back(
        {col::kPopulation, summed(word(col::kPopulation), Format::people), true, true});
    fields.push_back(
        {col::kKerusakanRp, summed(word(col::kKerusakanRp), Format::rupiah), true, true});
    Sheet projected = project(table, fields);
    auto index_of = [&](const char* field) -> std::optional<std::size_t> {
        for (std::size_t c = 0; c < projected.columns.size(); ++c)
            if (projected.columns[c].field == field) return c;
        return std::nullopt;
    };
    const std::size_t exposure = *index_of(col::kExposure);
    const std::size_t count = *index_of(col::kCount);
    const auto length = index_of(col::kLengthM);
    const auto area = index_of(col::kAreaM2);
    const auto population = index_of(col::kPopulation);
    // Metres to km and m² to ha: the sheet's columns say so.
    auto scale = [&](Row& row, std::optional<std::size_t> column, double per) {
        if (column)
            if (const double* v = as_number(row.cells[*column])) row.cells[*column] = *v / per;
    };
    for (Row& row : projected.rows) {
        const std::string* name = as_text(row.cells[exposure]);
        const auto e = std::find_if(facts.exposures.begin(), facts.exposures.end(),
                                    [&](const auto& f) { return name && f.name == *name; });
        const schema::Measure measure =
            e != facts.exposures.end() ? e->measure() : schema::Measure::count;
        const double per = schema::raw_per_satuan(measure);
        std::optional<std::size_t> quantity;  // the column the satuan's quantity comes from
        if (measure == schema::Measure::km) quantity = length;
        if (measure == schema::Measure::ha) quantity = area;
        if (measure == schema::Measure::people) quantity = population;
        if (quantity) {
            const double* v = as_number(row.cells[*quantity]);
            row.cells[count] = v ? CellValue(*v / per) : CellValue(std::monostate{});
        }
        scale(row, length, schema::raw_per_satuan(schema::Measure::km));
        scale(row, area, schema::raw_per_satuan(schema::Measure::ha));
        row.cells.insert(row.cells.begin() + static_cast<std::ptrdiff_t>(count),
                         std::string(schema::satuan(measure)));
    }
    Column satuan = text(word(col::kSatuan));
    satuan.field = col::kSatuan;
    projected.columns.insert(projected.columns.begin() + static_cast<std::ptrdiff_t>(count),
                             satuan);
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
            Row total = totals(projected, begin, r,
                               "TOTAL " + (name ? *name : std::string("(tanpa nama)")));
            total.cells[count] = projected.rows[begin].cells[count];  // the exposure's satuan
            sheet.rows.push_back(std::move(total));
        }
        begin = r;
    }
    return sheet;
}

// After `jitupasna import`: the consolidated recap, every row with the source of its figures
// (sumber model or PD, which PD and when, which of its figures the PD gave).
Sheet consolidated_sheet(const Table& table, const Level& level) {
    std::vector<Field> fields = admin_fields(level);
    fields.push_back({col::kSektor, label(word(col::kSektor))});
    fields.push_back({col::kSubSektor, label(word(col::kSubSektor))});
    fields.push_back({col::kKlaster, label(word(col::kKlaster))});
    fields.push_back({"uraian", text(word("uraian"))});
    fields.push_back({col::kSatuan, text(word(col::kSatuan))});
    for (const char* category : {"rusak_berat", "rusak_sedang", "rusak_ringan"})
        fields.push_back({category, summed(word(category), Format::count)});
    for (const char* rupiah :
         {col::kKerusakanRp, col::kKerugianRp, "est_kerusakan_rp", "est_kerugian_rp"})
        fields.push_back({rupiah, summed(word(rupiah), Format::rupiah)});
    fields.push_back({"sumber", text(word("sumber"))});
    fields.push_back({col::kPerangkatDaerah, text(word(col::kPerangkatDaerah))});
    fields.push_back({"tanggal_laporan", text(word("tanggal_laporan"))});
    fields.push_back({"nilai_pd", text(word("nilai_pd"))});
    Sheet sheet = project(table, fields);
    add_grand_total(sheet);
    return sheet;
}

// The consolidated totals per kab/kota beside the model's, and where they come from.
Sheet consolidated_units_sheet(const Table& table, const Level& level) {
    std::vector<Field> fields = admin_fields(level);
    for (const char* rupiah : {col::kKerusakanRp, col::kKerugianRp, "est_kerusakan_rp",
                               "est_kerugian_rp", "kebutuhan_pd_rp"})
        fields.push_back({rupiah, summed(word(rupiah), Format::rupiah)});
    fields.push_back({"baris_pd", number(word("baris_pd"), Format::rank)});
    fields.push_back({col::kSumberData, text(word(col::kSumberData))});
    Sheet sheet = project(table, fields);
    add_grand_total(sheet);
    return sheet;
}

// Every imported PD form (history included: aktif 0 for a replaced one).
Sheet submissions_sheet(const Table& table, const Level&) {
    std::vector<Field> fields = {{col::kPerangkatDaerah, text(word(col::kPerangkatDaerah))}};
    for (const char* field :
         {"nama_file", "diimpor_pada", "diverifikasi_oleh", "jabatan", "tanggal_verifikasi"})
        fields.push_back({field, text(word(field))});
    for (const char* field : {"baris_kerusakan", "baris_kebutuhan", "aktif"})
        fields.push_back({field, number(word(field), Format::rank)});
    return project(table, fields);
}

std::string cut_utf8(std::string s, std::size_t bytes) {
    if (s.size() <= bytes) return s;
    // Back to the start of the character the cut falls in (10xxxxxx continues a character).
    while (bytes > 0 && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) --bytes;
    s.resize(bytes);
    return s;
}

// Sheet names: at most 31 characters, none of : \ / ? * [ ], unique ignoring case.
std::string sheet_name(std::string name, std::set<std::string>& taken) {
    for (char& c : name)
        if (std::string_view(":\\/?*[]").find(c) != std::string_view::npos) c = '_';
    std::string candidate = cut_utf8(name, kMaxSheetName);
    for (int n = 2; !taken.insert(column_token(candidate)).second; ++n) {
        const std::string tail = fmt::format("~{}", n);
        candidate = cut_utf8(name, kMaxSheetName - tail.size()) + tail;
    }
    return candidate;
}

std::string level_sheet_suffix(const std::string& level_title, std::size_t longest_sheet) {
    // Excel refuses '/' in a sheet name: "Desa/Kelurahan" reads "Desa-Kelurahan".
    auto readable = [](std::string text) {
        std::replace(text.begin(), text.end(), '/', '-');
        return text;
    };
    const std::size_t room =
        kMaxSheetName > longest_sheet + 3 ? kMaxSheetName - longest_sheet - 3 : 0;  // " (" and ")"
    auto fits = [&](const std::string& text) { return !text.empty() && text.size() <= room; };
    auto suffix = [](const std::string& text) { return " (" + text + ")"; };
    if (const std::string full = readable(level_title); fits(full)) return suffix(full);
    // The abbreviations Indonesian tables use.
    static const std::map<std::string, std::string, std::less<>> abbreviations = {
        {"Kabupaten/Kota", "Kab-Kota"}, {"Desa/Kelurahan", "Desa-Kel"}, {"Kecamatan", "Kec"},
        {"Provinsi", "Prov"},           {"Rukun Warga", "RW"},          {"Rukun Tetangga", "RT"}};
    if (const auto it = abbreviations.find(level_title);
        it != abbreviations.end() && fits(it->second))
        return suffix(it->second);
    // Another title of several words: their initials ("Dusun Lingkungan" -> "DL").
    std::string initials;
    bool word_start = true;
    for (const char c : level_title) {
        const bool separator = c == ' ' || c == '/' || c == '-' || c == '_';
        if (!separator && word_start)
            initials += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        word_start = separator;
    }
    if (initials.size() > 1 && fits(initials)) return suffix(initials);
    // One long word: its first letters (sheet_name keeps the names unique).
    return suffix(cut_utf8(readable(level_title), std::max<std::size_t>(room, 1)));
}

std::vector<Sheet> build_sheets(const GpkgReader& reader) {
    // Headers follow the admin level the scenario names (admin.level_name, sublevel.name).
    const std::string main_title = core::glossary::level_title(reader.facts().main_level);
    std::vector<Level> levels = {{"", main_title, "", ""}};
    struct Kind {
        const char* table;
        const char* sheet;
        std::function<Sheet(const Table&, const Level&)> build;
        const char* about = "";  // "": the table's own description says what the sheet shows
    };
    auto impact = [&reader](const Table& table, const Level& level) {
        return impact_sheet(table, level, reader.facts());
    };
    const Kind kinds[] = {
        {schema::kSectorTable, "Rekap Sektor", sector_sheet},
        {schema::kClusterTable, "Rekap Klaster", cluster_sheet},
        {schema::kPopulationNeeds, "Kebutuhan Pengungsi", needs_sheet},
        // admin_summary holds much more than the priority this sheet takes from it.
        {schema::kAdminSummary, "Prioritas Pemulihan", priority_sheet,
         "peringkat prioritas pemulihan per wilayah: skor dari rumah rusak berat, kerusakan per "
         "kapita, pengungsi dan fasilitas rusak, dengan kerusakan, kerugian, kebutuhan dan "
         "penduduk terdampak wilayah itu"},
        {schema::kImpactSummary, "Ringkasan Dampak", impact}};
    // A finer level's sheets carry its title, "Rekap Sektor (Kecamatan)", shortened alike on
    // every sheet of the level when the longest would not fit.
    if (const auto& sub = reader.facts().sublevel) {
        std::size_t longest = 0;
        for (const Kind& kind : kinds) longest = std::max(longest, std::string(kind.sheet).size());
        const std::string title = core::glossary::level_title(*sub);
        levels.push_back({*sub, title, level_sheet_suffix(title, longest), "_" + column_token(*sub),
                          main_title});
    }
    std::vector<Sheet> sheets;
    std::set<std::string> taken{column_token("Keterangan")};
    for (const Level& level : levels) {
        for (const Kind& kind : kinds) {
            const auto table = reader.read(schema::at_level(kind.table, level.sublevel));
            if (!table) continue;
            // admin_summary has the priority only with the recap (damage or people).
            if (std::string_view(kind.table) == schema::kAdminSummary && !reader.facts().recap)
                continue;
            Sheet sheet = kind.build(*table, level);
            sheet.name = sheet_name(kind.sheet + level.sheet_suffix, taken);
            sheet.csv_name = column_token(kind.sheet) + level.csv_suffix + ".csv";
            sheet.about = kind.about;
            sheets.push_back(std::move(sheet));
        }
    }
    // What `jitupasna import` merged (main level only): the figures with their source.
    const Kind imported[] = {
        {schema::kConsolidatedTable, "Rekap Konsolidasi", consolidated_sheet,
         "angka yang dipakai per wilayah, subsektor dan uraian: data perangkat daerah (PD) bila "
         "dilaporkan, selain itu estimasi model; kolom Sumber, Perangkat Daerah dan Tanggal "
         "Laporan menyebut asal setiap baris"},
        {schema::kConsolidatedUnits, "Rekap Konsolidasi Wilayah", consolidated_units_sheet,
         "jumlah konsolidasi per wilayah di samping estimasi model; Sumber Data: estimasi, "
         "sebagian PD atau PD"},
        {schema::kSubmissionsTable, "Laporan PD", submissions_sheet,
         "formulir PD yang diimpor, dengan riwayat (Aktif 0: diganti laporan yang lebih baru)"}};
    if (reader.has_table(schema::kConsolidatedTable))
        for (const Kind& kind : imported) {
            const auto table = reader.read(kind.table);
            if (!table) continue;
            Sheet sheet = kind.build(*table, levels.front());
            sheet.name = sheet_name(kind.sheet, taken);
            sheet.csv_name = column_token(kind.sheet) + ".csv";
            sheet.about = kind.about;
            sheets.push_back(std::move(sheet));
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
        if (const auto value = reader.info(key))
            // The hazard type as a planner reads it ("Banjir"), not its id ("flood").
            add(title, std::string_view(key) == "hazard_type" ? core::glossary::hazard_title(*value)
                                                              : *value);
    add("Versi jitupasna (ekspor)", kVersion);
    for (const Sheet& sheet : sheets) {
        const std::string description =
            sheet.about.empty() ? reader.description(sheet.table) : sheet.about;
        add("Lembar " + sheet.name,
            "tabel " + sheet.table + (description.empty() ? "" : ": " + description));
    }
    add("Pembulatan",
        "Sel berisi nilai tepat dari GeoPackage, tanpa pembulatan; hanya tampilannya dibulatkan: "
        "Rupiah dan jiwa tanpa desimal dengan pemisah ribuan, jumlah unit dengan satu desimal bila "
        "ada pecahan.");
    add("Baris TOTAL",
        "Jumlah nilai tepat seluruh baris di atasnya (bukan jumlah angka yang ditampilkan). "
        "Ringkasan Dampak dijumlahkan per paparan, dalam satuan paparan itu (kolom Satuan: "
        "unit, km, ha atau jiwa; panjang dalam km, luas dalam ha). Rekap Sektor dan Rekap "
        "Klaster: jumlah rusak dijumlahkan per satuan (TOTAL unit, TOTAL km, TOTAL ha) dan "
        "pengungsi pada baris jiwa (TOTAL jiwa), baris TOTAL terakhir hanya menjumlahkan Rupiah. "
        "Berkas CSV tidak memuat baris TOTAL.");
    if (reader.has_table(schema::kConsolidatedTable))
        add("Sumber angka",
            "Rekap Sektor, Rekap Klaster, Kebutuhan Pengungsi, Prioritas Pemulihan dan Ringkasan "
            "Dampak: estimasi model. Rekap Konsolidasi: angka yang dilaporkan perangkat daerah "
            "(Sumber PD, dengan nama PD dan tanggal laporan) menggantikan estimasi; sel yang "
            "dikosongkan PD tetap estimasi (Nilai dari PD menyebut kolom yang diisi PD).");
    else
        add("Sumber angka",
            "Semua angka adalah estimasi model; belum ada laporan perangkat daerah yang diimpor "
            "(jitupasna import).");
    add("Satuan",
        "unit: bangunan atau rumah (nilai harapan); km: panjang jalan rusak; ha: luas lahan "
        "rusak; jiwa: penduduk.");
    add("Rusak berat/sedang/ringan",
        "Jumlah unit yang diharapkan menurut fungsi kerentanan (nilai harapan), dapat berupa "
        "pecahan.");
    // The run's warnings travel with its figures: what may make a number wrong, in Indonesian
    // (the English message stays in run_info and the report).
    for (int n = 1;; ++n) {
        const auto warning = reader.info(fmt::format("warning.{}", n));
        if (!warning) break;
        add(fmt::format("Peringatan {} ({})", n, report::warning_topic(*warning)),
            report::warning_reading(*warning).value_or(*warning));
    }
    return notes;
}

}  // namespace jitupasna::publish::workbook
