#include "jitupasna/forms/import.hpp"

#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/core/utc_time.hpp"
#include "jitupasna/io/file_digest.hpp"
#include "jitupasna/io/gpkg_reader.hpp"
#include "jitupasna/io/gpkg_update.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/sql_text.hpp"
#include "jitupasna/io/xlsx_reader.hpp"

namespace jitupasna::forms {

namespace {

namespace fs = std::filesystem;
namespace schema = core::schema;
namespace col = core::schema::column;

// --- what the GeoPackage already holds -------------------------------------------------------

std::optional<double> optional_number(const io::Table& t, std::size_t row, const char* column) {
    if (!t.has(column) || t.is_null(row, column)) return std::nullopt;
    return t.number(row, column);
}

struct StoredSubmission {
    long long id = 0;
    std::string pd, imported_at, sha256;
    bool active = false;
};

std::vector<StoredSubmission> read_submissions(const io::GpkgReader& reader) {
    std::vector<StoredSubmission> stored;
    const auto table = reader.read(schema::kSubmissionsTable);
    if (!table) return stored;
    for (const char* c : {col::kSubmissionId, col::kPerangkatDaerah, "diimpor_pada", "aktif"})
        table->require(c);
    for (std::size_t r = 0; r < table->rows.size(); ++r)
        stored.push_back({static_cast<long long>(table->number(r, col::kSubmissionId)),
                          table->text(r, col::kPerangkatDaerah), table->text(r, "diimpor_pada"),
                          table->text(r, "sha256"), table->number(r, "aktif") != 0});
    return stored;
}

// --- writing -----------------------------------------------------------------------------------

struct Field {
    const char* name;
    OGRFieldType type;
};

OGRLayer& table(io::GpkgWriter& writer, const char* name, const char* description,
                const std::vector<Field>& fields) {
    if (OGRLayer* existing = writer.layer(name)) return *existing;
    io::LayerSpec spec;
    spec.name = name;
    spec.description = description;
    for (const auto& f : fields) spec.add_field(f.name, f.type);
    return writer.create_layer(spec);
}

OGRLayer& fresh_table(io::GpkgWriter& writer, const char* name, const char* description,
                      const std::vector<Field>& fields) {
    writer.drop_layer(name);
    return table(writer, name, description, fields);
}

// A feature being filled by field name; a missing value stays NULL.
class Row {
  public:
    explicit Row(OGRLayer& layer) : feature_(layer.GetLayerDefn()) {}
    Row& text(const char* field, const std::string& value) {
        if (!value.empty()) feature_.SetField(field, value.c_str());
        return *this;
    }
    Row& number(const char* field, double value) {
        feature_.SetField(field, value);
        return *this;
    }
    Row& number(const char* field, const std::optional<double>& value) {
        if (value) feature_.SetField(field, *value);
        return *this;
    }
    Row& integer(const char* field, long long value) {
        feature_.SetField(field, static_cast<GIntBig>(value));
        return *this;
    }
    OGRFeature& feature() { return feature_; }

  private:
    OGRFeature feature_;
};

const std::vector<Field>& submission_fields() {
    static const std::vector<Field> fields = {{col::kSubmissionId, OFTInteger64},
                                              {col::kPerangkatDaerah, OFTString},
                                              {"nama_file", OFTString},
                                              {"sha256", OFTString},
                                              {"run_id", OFTString},
                                              {"form_version", OFTString},
                                              {"diimpor_pada", OFTString},
                                              {"diverifikasi_oleh", OFTString},
                                              {"jabatan", OFTString},
                                              {"tanggal_verifikasi", OFTString},
                                              {"baris_kerusakan", OFTInteger},
                                              {"baris_kebutuhan", OFTInteger},
                                              {"aktif", OFTInteger}};
    return fields;
}

const std::vector<Field>& damage_fields() {
    static const std::vector<Field> fields = {{col::kSubmissionId, OFTInteger64},
                                              {col::kPerangkatDaerah, OFTString},
                                              {"baris", OFTInteger},
                                              {col::kAdminCode, OFTString},
                                              {col::kSubSektor, OFTString},
                                              {"uraian", OFTString},
                                              {col::kSatuan, OFTString},
                                              {"rusak_berat", OFTReal},
                                              {"rusak_sedang", OFTReal},
                                              {"rusak_ringan", OFTReal},
                                              {"harga_satuan", OFTReal},
                                              {col::kKerusakanRp, OFTReal},
                                              {col::kKerugianRp, OFTReal},
                                              {"keterangan", OFTString}};
    return fields;
}

const std::vector<Field>& needs_fields() {
    static const std::vector<Field> fields = {{col::kSubmissionId, OFTInteger64},
                                              {col::kPerangkatDaerah, OFTString},
                                              {"baris", OFTInteger},
                                              {col::kAdminCode, OFTString},
                                              {col::kSubSektor, OFTString},
                                              {"komponen", OFTString},
                                              {"kegiatan", OFTString},
                                              {"volume", OFTReal},
                                              {col::kSatuan, OFTString},
                                              {"harga_satuan", OFTReal},
                                              {"jumlah_rp", OFTReal},
                                              {"prioritas", OFTString},
                                              {"durasi_bulan", OFTInteger},
                                              {"penanggung_jawab", OFTString},
                                              {"sumber_dana", OFTString}};
    return fields;
}

const std::vector<Field> totals_fields(const char* key, const char* name) {
    std::vector<Field> fields = {{key, OFTString}};
    if (name) fields.push_back({name, OFTString});
    for (const char* c :
         {col::kKerusakanRp, col::kKerugianRp, "est_kerusakan_rp", "est_kerugian_rp"})
        fields.push_back({c, OFTReal});
    return fields;
}

struct NewSubmission {
    ReturnedForm form;
    std::string sha256;
    long long id = 0;
};

void write_merge(io::GpkgWriter& writer, const std::vector<NewSubmission>& fresh,
                 const std::string& imported_at, const Consolidation& merged,
                 const std::vector<std::string>& warnings) {
    writer.begin_transaction();
    OGRLayer& submissions =
        table(writer, schema::kSubmissionsTable,
              "Formulir PD yang diimpor (semua, termasuk yang sudah diganti)", submission_fields());
    OGRLayer& damage = table(writer, schema::kPdDamageTable, "Angka kerusakan dan kerugian dari PD",
                             damage_fields());
    OGRLayer& needs =
        table(writer, schema::kPdNeedsTable, "Usulan kebutuhan pemulihan dari PD", needs_fields());
    for (const auto& s : fresh)
        writer.execute_sql(fmt::format(
            "UPDATE {} SET aktif = 0 WHERE {} = {}", io::sql_identifier(schema::kSubmissionsTable),
            io::sql_identifier(col::kPerangkatDaerah), io::sql_literal(s.form.pd)));
    for (const auto& s : fresh) {
        const ReturnedForm& f = s.form;
        Row row(submissions);
        row.integer(col::kSubmissionId, s.id)
            .text(col::kPerangkatDaerah, f.pd)
            .text("nama_file", f.file_name)
            .text("sha256", s.sha256)
            .text("run_id", f.run_id)
            .text("form_version", f.form_version)
            .text("diimpor_pada", imported_at)
            .text("diverifikasi_oleh", f.verified.nama)
            .text("jabatan", f.verified.jabatan)
            .text("tanggal_verifikasi", f.verified.tanggal)
            .integer("baris_kerusakan", static_cast<long long>(f.damage.size()))
            .integer("baris_kebutuhan", static_cast<long long>(f.needs.size()))
            .integer("aktif", 1);
        writer.write(submissions, row.feature());
        for (const auto& d : f.damage) {
            Row r(damage);
            r.integer(col::kSubmissionId, s.id)
                .text(col::kPerangkatDaerah, f.pd)
                .integer("baris", static_cast<long long>(d.sheet_row))
                .text(col::kAdminCode, d.code)
                .text(col::kSubSektor, d.sub_sector)
                .text("uraian", d.uraian)
                .text(col::kSatuan, d.satuan)
                .number("rusak_berat", d.rb)
                .number("rusak_sedang", d.rs)
                .number("rusak_ringan", d.rr)
                .number("harga_satuan", d.harga_satuan)
                .number(col::kKerusakanRp, d.kerusakan)
                .number(col::kKerugianRp, d.kerugian)
                .text("keterangan", d.keterangan);
            writer.write(damage, r.feature());
        }
        for (const auto& n : f.needs) {
            Row r(needs);
            r.integer(col::kSubmissionId, s.id)
                .text(col::kPerangkatDaerah, f.pd)
                .integer("baris", static_cast<long long>(n.sheet_row))
                .text(col::kAdminCode, n.code)
                .text(col::kSubSektor, n.sub_sector)
                .text("komponen", n.komponen)
                .text("kegiatan", n.kegiatan)
                .number("volume", n.volume)
                .text(col::kSatuan, n.satuan)
                .number("harga_satuan", n.harga_satuan)
                .number("jumlah_rp", n.jumlah)
                .text("prioritas", n.prioritas)
                .number("durasi_bulan", n.durasi_bulan)
                .text("penanggung_jawab", n.penanggung_jawab)
                .text("sumber_dana", n.sumber_dana);
            writer.write(needs, r.feature());
        }
    }

    OGRLayer& warning_table =
        fresh_table(writer, schema::kPdWarningsTable, "Peringatan impor formulir PD terakhir",
                    {{"pesan", OFTString}});
    for (const auto& w : warnings) {
        Row r(warning_table);
        r.text("pesan", w);
        writer.write(warning_table, r.feature());
    }

    OGRLayer& recap = fresh_table(writer, schema::kConsolidatedTable,
                                  "Rekap konsolidasi: angka yang dipakai per kab/kota, subsektor "
                                  "dan uraian, dengan sumbernya",
                                  {{col::kAdminCode, OFTString},
                                   {col::kAdminName, OFTString},
                                   {col::kSektor, OFTString},
                                   {col::kSubSektor, OFTString},
                                   {col::kKlaster, OFTString},
                                   {"uraian", OFTString},
                                   {col::kSatuan, OFTString},
                                   {"rusak_berat", OFTReal},
                                   {"rusak_sedang", OFTReal},
                                   {"rusak_ringan", OFTReal},
                                   {col::kKerusakanRp, OFTReal},
                                   {col::kKerugianRp, OFTReal},
                                   {"est_kerusakan_rp", OFTReal},
                                   {"est_kerugian_rp", OFTReal},
                                   {"sumber", OFTString},
                                   {col::kPerangkatDaerah, OFTString},
                                   {"tanggal_laporan", OFTString},
                                   {col::kSubmissionId, OFTInteger64},
                                   {"nilai_pd", OFTString}});
    for (const auto& c : merged.rows) {
        Row r(recap);
        r.text(col::kAdminCode, c.code)
            .text(col::kAdminName, c.name)
            .text(col::kSektor, c.sector)
            .text(col::kSubSektor, c.sub_sector)
            .text(col::kKlaster, c.cluster)
            .text("uraian", c.uraian)
            .text(col::kSatuan, c.satuan)
            .number("rusak_berat", c.rb)
            .number("rusak_sedang", c.rs)
            .number("rusak_ringan", c.rr)
            .number(col::kKerusakanRp, c.kerusakan)
            .number(col::kKerugianRp, c.kerugian)
            .number("est_kerusakan_rp", c.est_kerusakan)
            .number("est_kerugian_rp", c.est_kerugian)
            .text("sumber", c.source)
            .text(col::kPerangkatDaerah, c.pd)
            .text("tanggal_laporan", c.date)
            .text("nilai_pd", c.pd_keys);
        if (c.submission) r.integer(col::kSubmissionId, c.submission);
        writer.write(recap, r.feature());
    }

    std::vector<Field> unit_fields = totals_fields(col::kAdminCode, col::kAdminName);
    unit_fields.push_back({"kebutuhan_pd_rp", OFTReal});
    unit_fields.push_back({"baris_pd", OFTInteger});
    unit_fields.push_back({col::kSumberData, OFTString});
    OGRLayer& units = fresh_table(writer, schema::kConsolidatedUnits,
                                  "Rekap konsolidasi per kabupaten/kota", unit_fields);
    for (const auto& t : merged.units) {
        Row r(units);
        r.text(col::kAdminCode, t.key)
            .text(col::kAdminName, t.name)
            .number(col::kKerusakanRp, t.kerusakan)
            .number(col::kKerugianRp, t.kerugian)
            .number("est_kerusakan_rp", t.est_kerusakan)
            .number("est_kerugian_rp", t.est_kerugian)
            .number("kebutuhan_pd_rp", t.kebutuhan_pd)
            .integer("baris_pd", static_cast<long long>(t.pd_rows))
            .text(col::kSumberData, t.sumber_data);
        writer.write(units, r.feature());
    }
    const std::pair<const char*, std::pair<const char*, const std::vector<Totals>*>> groups[] = {
        {schema::kConsolidatedSectors, {nullptr, &merged.sectors}},
        {schema::kConsolidatedClusters, {col::kPengampu, &merged.clusters}}};
    for (const auto& [name, group] : groups) {
        const bool sectors = group.first == nullptr;
        OGRLayer& layer =
            fresh_table(writer, name,
                        sectors ? "Rekap konsolidasi per sektor" : "Rekap konsolidasi per klaster",
                        totals_fields(sectors ? col::kSektor : col::kKlaster, group.first));
        for (const auto& t : *group.second) {
            Row r(layer);
            r.text(sectors ? col::kSektor : col::kKlaster, t.key)
                .number(col::kKerusakanRp, t.kerusakan)
                .number(col::kKerugianRp, t.kerugian)
                .number("est_kerusakan_rp", t.est_kerusakan)
                .number("est_kerugian_rp", t.est_kerugian);
            if (!sectors) r.text(col::kPengampu, t.name);
            writer.write(layer, r.feature());
        }
    }

    // admin_summary says which kab/kota still rest on estimates only (its stored style).
    if (OGRLayer* summary = writer.layer(schema::kAdminSummary)) {
        if (summary->GetLayerDefn()->GetFieldIndex(col::kSumberData) < 0) {
            OGRFieldDefn field(col::kSumberData, OFTString);
            if (summary->CreateField(&field) != OGRERR_NONE)
                throw DataError(fmt::format("{}: cannot add {} to {}", writer.path(),
                                            col::kSumberData, schema::kAdminSummary));
        }
        for (const auto& t : merged.units)
            writer.execute_sql(fmt::format(
                "UPDATE {} SET {} = {} WHERE {} = {}", io::sql_identifier(schema::kAdminSummary),
                io::sql_identifier(col::kSumberData), io::sql_literal(t.sumber_data),
                io::sql_identifier(col::kAdminCode), io::sql_literal(t.key)));
    }
    writer.commit_transaction();
}

}  // namespace

std::vector<Submission> read_active_submissions(const io::GpkgReader& reader) {
    std::vector<Submission> active;
    std::map<long long, std::size_t> index;
    for (const auto& s : read_submissions(reader)) {
        if (!s.active) continue;
        index.emplace(s.id, active.size());
        active.push_back({s.id, s.pd, s.imported_at, {}, {}});
    }
    if (active.empty()) return active;
    if (const auto t = reader.read(schema::kPdDamageTable)) {
        for (std::size_t r = 0; r < t->rows.size(); ++r) {
            const auto it = index.find(static_cast<long long>(t->number(r, col::kSubmissionId)));
            if (it == index.end()) continue;
            ReportedDamage d;
            d.sheet_row = static_cast<std::size_t>(t->number(r, "baris"));
            d.code = t->text(r, col::kAdminCode);
            d.sub_sector = t->text(r, col::kSubSektor);
            d.uraian = t->text(r, "uraian");
            d.satuan = t->text(r, col::kSatuan);
            d.keterangan = t->text(r, "keterangan");
            d.rb = optional_number(*t, r, "rusak_berat");
            d.rs = optional_number(*t, r, "rusak_sedang");
            d.rr = optional_number(*t, r, "rusak_ringan");
            d.harga_satuan = optional_number(*t, r, "harga_satuan");
            d.kerusakan = optional_number(*t, r, col::kKerusakanRp);
            d.kerugian = optional_number(*t, r, col::kKerugianRp);
            active[it->second].damage.push_back(std::move(d));
        }
    }
    if (const auto t = reader.read(schema::kPdNeedsTable)) {
        for (std::size_t r = 0; r < t->rows.size(); ++r) {
            const auto it = index.find(static_cast<long long>(t->number(r, col::kSubmissionId)));
            if (it == index.end()) continue;
            NeedLine n;
            n.sheet_row = static_cast<std::size_t>(t->number(r, "baris"));
            n.code = t->text(r, col::kAdminCode);
            n.sub_sector = t->text(r, col::kSubSektor);
            n.komponen = t->text(r, "komponen");
            n.kegiatan = t->text(r, "kegiatan");
            n.jumlah = optional_number(*t, r, "jumlah_rp");
            active[it->second].needs.push_back(std::move(n));
        }
    }
    return active;
}

ImportResult import_forms(const ImportOptions& options) {
    ImportResult result;
    // Held for the whole import (io/gpkg_update).
    const io::GpkgChangeLock lock(options.gpkg);
    const io::GpkgReader reader(options.gpkg);
    const RunContext context = read_run_context(reader);
    const std::vector<StoredSubmission> stored = read_submissions(reader);

    std::vector<NewSubmission> fresh;
    std::map<std::string, std::string> file_of_pd;
    for (const auto& file : options.files) {
        core::throw_if_interrupted();
        std::error_code same;
        if (fs::equivalent(file, options.gpkg, same)) {
            result.problems.push_back(
                fmt::format("{}: is the GeoPackage itself, not a form", file));
            continue;
        }
        io::XlsxBook book;
        try {
            book = io::read_xlsx(file);
        } catch (const DataError& e) {
            result.problems.push_back(e.what());
            continue;
        }
        NewSubmission s;
        s.form = read_returned_form(book, context, result.problems, result.warnings);
        s.sha256 = io::sha256_hex(file);
        if (s.form.pd.empty()) continue;
        const auto [it, first] = file_of_pd.emplace(s.form.pd, s.form.file_name);
        if (!first) {
            result.problems.push_back(fmt::format(
                "{}: a second form of {} in this import (the first: {}); import one form per PD",
                s.form.file_name, s.form.pd, it->second));
            continue;
        }
        for (const auto& earlier : stored)
            if (earlier.active && earlier.sha256 == s.sha256)
                result.warnings.push_back(fmt::format(
                    "{}: the very same file was imported at {} (submission {}); imported again",
                    s.form.file_name, earlier.imported_at, earlier.id));
        fresh.push_back(std::move(s));
    }
    if (!result.problems.empty()) return result;

    // The new submissions replace the same PDs' earlier ones.
    long long next_id = 1;
    for (const auto& s : stored) next_id = std::max(next_id, s.id + 1);
    const std::string imported_at = core::utc_now_iso();
    std::vector<Submission> active;
    for (auto& s : read_active_submissions(reader))
        if (!file_of_pd.count(s.pd)) active.push_back(std::move(s));
    for (auto& s : fresh) {
        s.id = next_id++;
        active.push_back({s.id, s.form.pd, imported_at, s.form.damage, s.form.needs});
        ImportedForm done{s.form.file_name, s.form.pd, s.id, 0, 0, false};
        done.damage_rows = s.form.damage.size();
        done.needs_rows = s.form.needs.size();
        for (const auto& earlier : stored) done.replaced_earlier |= earlier.pd == s.form.pd;
        result.imported.push_back(done);
    }
    const Consolidation merged = consolidate(context, active);
    for (const auto& c : merged.conflicts)
        result.warnings.push_back(fmt::format(
            "{} × {} × {}: {} and {} report different figures (kerusakan Rp {} and Rp {}); "
            "{}'s are used",
            c.code, c.sub_sector, c.uraian, c.used_pd, c.other_pd, c.used_kerusakan,
            c.other_kerusakan, c.used_pd));

    // Merged into a copy that replaces the GeoPackage in one rename.
    io::GpkgChangeCopy output(options.gpkg);
    {
        io::GpkgWriter writer(output.path(), options.gpkg, io::GpkgWriter::Update{});
        write_merge(writer, fresh, imported_at, merged, result.warnings);
        writer.close();
    }
    core::throw_if_interrupted();  // the last moment a stop leaves the GeoPackage as it was
    output.commit();
    return result;
}

}  // namespace jitupasna::forms
