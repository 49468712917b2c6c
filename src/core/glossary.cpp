#include "jitupasna/core/glossary.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>

#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/vulnerability.hpp"

namespace jitupasna::core::glossary {

namespace {

namespace col = schema::column;

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct Words {
    const char* label;
    const char* unit;
    const char* description;
};

// Fields whose name alone says what they are.
const std::map<std::string, Words, std::less<>>& fixed_entries() {
    static const std::map<std::string, Words, std::less<>> entries = {
        {"fid", {"ID", "", "Nomor baris dalam GeoPackage."}},
        {col::kAdminCode, {"Kode Wilayah", "", "Kode wilayah administrasi."}},
        {col::kAdminName, {"Nama Wilayah", "", "Nama wilayah administrasi."}},
        {col::kParentCode, {"Kode Wilayah Induk", "", "Kode wilayah satu tingkat di atasnya."}},
        {col::kParentName, {"Nama Wilayah Induk", "", "Nama wilayah satu tingkat di atasnya."}},
        {col::kSatuan,
         {"Satuan", "",
          "Satuan jumlah pada baris: unit (bangunan, rumah), km (jalan), ha (lahan) atau jiwa "
          "(penduduk, pengungsi)."}},
        {col::kWilayahTerdampak,
         {"Wilayah Terdampak", "",
          "1 bila rumah rusak (berat + sedang + ringan) atau penduduk di daerah bahaya mencapai "
          "ambang terdampak, selain itu 0."}},
        {col::kSumberData,
         {"Sumber Data", "",
          "Asal angka wilayah: estimasi (hanya estimasi model), sebagian PD (sebagian angka "
          "dilaporkan Perangkat Daerah) atau PD (semua subsektor yang rusak dilaporkan Perangkat "
          "Daerah)."}},
        {col::kExposure, {"Paparan", "", "Nama lapisan paparan dalam skenario."}},
        {col::kHazardClass, {"Kelas Bahaya", "", "Kelas bahaya menurut batas skenario."}},
        {col::kHazardValue,
         {"Nilai Bahaya", "", "Nilai bahaya di lokasi aset (satuan data bahaya)."}},
        {col::kAssetType, {"Jenis Aset", "", "Jenis aset menurut pemetaan jenis skenario."}},
        {col::kCount, {"Jumlah", "unit", "Jumlah aset."}},
        {col::kLengthM, {"Panjang (m)", "m", "Panjang ruas di kelas bahaya."}},
        {col::kAreaM2, {"Luas (m²)", "m²", "Luas bidang di kelas bahaya."}},
        // The workbook's Ringkasan Dampak shows them in km and ha.
        {"length_km", {"Panjang (km)", "km", "Panjang ruas di kelas bahaya, dalam km."}},
        {"area_ha", {"Luas (ha)", "ha", "Luas bidang di kelas bahaya, dalam hektare."}},
        {col::kPopulation, {"Jumlah Penduduk", "jiwa", "Jumlah penduduk."}},
        {col::kDamageState,
         {"Tingkat Kerusakan", "", "Kategori kerusakan (rusak ringan, sedang, berat, hilang)."}},
        {col::kDamageRatio,
         {"Rasio Kerusakan", "", "Rasio kerusakan dari fungsi kerentanan (0 sampai 1)."}},
        {"tidak_rusak", {"Tidak Rusak", "unit", "Jumlah unit harapan yang tidak rusak."}},
        {"rusak_ringan",
         {"Rusak Ringan", "",
          "Jumlah harapan rusak ringan, dalam satuan baris (unit, km atau ha)."}},
        {"rusak_sedang",
         {"Rusak Sedang", "",
          "Jumlah harapan rusak sedang, dalam satuan baris (unit, km atau ha)."}},
        {"rusak_berat",
         {"Rusak Berat", "", "Jumlah harapan rusak berat, dalam satuan baris (unit, km atau ha)."}},
        {"hilang", {"Hilang", "", "Jumlah harapan hilang, dalam satuan baris (unit, km atau ha)."}},
        {col::kKerusakanRp, {"Nilai Kerusakan (Rp)", "Rp", "Nilai kerusakan aset fisik."}},
        {col::kKerugianRp, {"Nilai Kerugian (Rp)", "Rp", "Nilai kerugian ekonomi akibat bencana."}},
        {col::kKebutuhanRp, {"Nilai Kebutuhan (Rp)", "Rp", "Kebutuhan pemulihan pascabencana."}},
        {"dana_tunggu_hunian_rp",
         {"Dana Tunggu Hunian (Rp)", "Rp", "Kerugian: dana tunggu hunian bagi rumah rusak berat."}},
        {"pembersihan_puing_rp",
         {"Pembersihan Puing (Rp)", "Rp", "Kerugian: biaya pembersihan puing."}},
        {"kehilangan_pendapatan_rp",
         {"Kehilangan Pendapatan (Rp)", "Rp", "Kerugian: pendapatan yang hilang."}},
        {"kebutuhan_pembangunan_rp",
         {"Kebutuhan Pembangunan (Rp)", "Rp", "Kebutuhan: pembangunan kembali."}},
        {"kebutuhan_bantuan_rp",
         {"Kebutuhan Bantuan (Rp)", "Rp", "Kebutuhan: penyediaan bantuan."}},
        {"kebutuhan_pemulihan_rp",
         {"Kebutuhan Pemulihan (Rp)", "Rp", "Kebutuhan: pemulihan fungsi."}},
        {col::kPenduduk, {"Penduduk (jiwa)", "jiwa", "Jumlah penduduk wilayah."}},
        {col::kTerdampak, {"Penduduk Terdampak (jiwa)", "jiwa", "Penduduk di daerah bahaya."}},
        {col::kPengungsi, {"Pengungsi (jiwa)", "jiwa", "Perkiraan jumlah pengungsi."}},
        {col::kKorbanJiwa, {"Korban Jiwa", "jiwa", "Perkiraan korban jiwa."}},
        {"prioritas_rumah_rb",
         {"Prioritas: Porsi Rumah Rusak Berat", "",
          "Komponen prioritas: bagian rumah rusak berat dari semua rumah."}},
        {"prioritas_kerusakan_per_kapita",
         {"Prioritas: Kerusakan per Kapita", "Rp",
          "Komponen prioritas: nilai kerusakan per penduduk."}},
        {"prioritas_pengungsi",
         {"Prioritas: Pengungsi", "jiwa", "Komponen prioritas: jumlah pengungsi."}},
        {"prioritas_fasilitas_rusak",
         {"Prioritas: Fasilitas Rusak", "unit",
          "Komponen prioritas: fasilitas kesehatan dan pendidikan rusak berat atau sedang."}},
        {col::kSkorPrioritas,
         {"Skor Prioritas Pemulihan", "", "Jumlah berbobot komponen prioritas yang dinormalkan."}},
        {col::kPeringkatPrioritas,
         {"Peringkat Prioritas", "", "Urutan prioritas pemulihan (1 didahulukan)."}},
        {col::kSektor, {"Sektor", "", "Sektor Jitupasna."}},
        {col::kSubSektor, {"Subsektor", "", "Subsektor Jitupasna."}},
        {col::kKlaster, {"Klaster", "", "Klaster penanggulangan bencana."}},
        {col::kPengampu,
         {"Perangkat Daerah Pengampu", "", "Perangkat daerah atau lembaga pengampu klaster."}},
        {col::kPendukung,
         {"Perangkat Daerah Pendukung", "",
          "Perangkat daerah atau lembaga pendukung subsektor klaster ini."}},
        // What `jitupasna import` writes: the consolidated recap and the PD submissions.
        {"uraian", {"Uraian", "", "Item: jenis aset atau uraian kerusakan dari formulir PD."}},
        {"est_kerusakan_rp",
         {"Estimasi Kerusakan (Rp)", "Rp", "Nilai kerusakan menurut model (estimasi)."}},
        {"est_kerugian_rp",
         {"Estimasi Kerugian (Rp)", "Rp", "Nilai kerugian menurut model (estimasi)."}},
        {"sumber",
         {"Sumber", "",
          "model: estimasi jitupasna; PD: paling sedikit satu angka dari laporan perangkat "
          "daerah."}},
        {col::kPerangkatDaerah,
         {"Perangkat Daerah", "", "Perangkat daerah yang melaporkan angka baris ini."}},
        {"tanggal_laporan",
         {"Tanggal Laporan", "", "Waktu (UTC) laporan perangkat daerah diimpor."}},
        {"nilai_pd",
         {"Nilai dari PD", "", "Kunci kolom yang diisi perangkat daerah (selebihnya estimasi)."}},
        {"kebutuhan_pd_rp",
         {"Kebutuhan Usulan PD (Rp)", "Rp", "Jumlah kebutuhan yang diusulkan perangkat daerah."}},
        {"baris_pd", {"Baris Data PD", "", "Jumlah baris berisi angka perangkat daerah."}},
        {col::kSumberData,
         {"Sumber Data", "",
          "estimasi: angka model saja; sebagian PD: sebagian dari laporan perangkat daerah; PD: "
          "seluruhnya dari laporan perangkat daerah."}},
        {"nama_file", {"Nama Berkas", "", "Berkas formulir yang diimpor."}},
        {"diimpor_pada", {"Diimpor pada (UTC)", "", "Waktu impor formulir."}},
        {"diverifikasi_oleh", {"Diverifikasi oleh", "", "Pejabat yang memverifikasi angka."}},
        {"jabatan", {"Jabatan", "", "Jabatan pejabat yang memverifikasi."}},
        {"tanggal_verifikasi", {"Tanggal Verifikasi", "", "Tanggal verifikasi formulir."}},
        {"baris_kerusakan", {"Baris Kerusakan", "", "Baris kerusakan berisi angka PD."}},
        {"baris_kebutuhan", {"Baris Kebutuhan", "", "Baris kebutuhan yang diusulkan PD."}},
        {"aktif",
         {"Aktif", "",
          "1: laporan terakhir PD ini (dipakai); 0: diganti laporan yang lebih baru."}},
        {col::kKey, {"Kunci", "", "Nama keterangan proses."}},
        {col::kValue, {"Nilai", "", "Isi keterangan proses."}},
    };
    return entries;
}

// The fields jitupasna writes into impact_<exposure> beside the input's own.
bool ours_in_impact_layer(std::string_view field, const Context& context) {
    static const char* const impact_fields[] = {"fid",
                                                col::kAdminCode,
                                                col::kAdminName,
                                                col::kHazardValue,
                                                col::kHazardClass,
                                                col::kAssetType,
                                                col::kCount,
                                                col::kLengthM,
                                                col::kAreaM2,
                                                col::kPopulation,
                                                col::kDamageRatio,
                                                col::kKerusakanRp};
    return std::find_if(std::begin(impact_fields), std::end(impact_fields),
                        [&](const char* name) { return field == name; }) !=
               std::end(impact_fields) ||
           std::find(kCategoryNames.begin(), kCategoryNames.end(), field) != kCategoryNames.end() ||
           starts_with(field, "ds_") ||
           std::any_of(context.sublevels.begin(), context.sublevels.end(),
                       [&](const std::string& sub) {
                           return field == sub + "_code" || field == sub + "_name";
                       });
}

bool is_category(std::string_view token) {
    return std::find(kCategoryNames.begin(), kCategoryNames.end(), token) != kCategoryNames.end();
}

Entry make(std::string_view key, std::string label, std::string unit, std::string description) {
    return Entry{std::string(key), std::move(label), std::move(unit), std::move(description)};
}

// "<exposure>_<rest>" where rest is one of the per-exposure measures of admin_summary.
std::optional<Entry> exposure_entry(std::string_view field, const std::string& exposure,
                                    std::string rest, const Context& context) {
    const std::string name = title_case(exposure);
    std::string unit_label, unit;
    for (const schema::Measure m : {schema::Measure::km, schema::Measure::ha}) {
        const std::string_view suffix = schema::measure_suffix(m);
        if (ends_with(rest, suffix)) {
            rest.resize(rest.size() - suffix.size());
            unit = std::string(schema::measure_name(m));
            unit_label = " (" + unit + ")";
            break;
        }
    }
    if (unit.empty())
        unit = std::find(context.people.begin(), context.people.end(), exposure) !=
                       context.people.end()
                   ? "jiwa"
                   : "unit";
    if (rest == "affected")
        return make(field, name + " Terdampak" + unit_label, unit,
                    "Jumlah " + exposure + " di kelas bahaya mana pun.");
    if (rest == "total")
        return make(field, "Jumlah " + name + unit_label, unit,
                    "Jumlah seluruh " + exposure + " di wilayah.");
    if (unit_label.empty() && rest == col::kKerusakanRp)
        return make(field, name + ": Nilai Kerusakan (Rp)", "Rp",
                    "Nilai kerusakan " + exposure + ".");
    if (is_category(rest))  // roads and areas in km and ha of what is damaged
        return make(
            field, name + " " + title_case(rest) + unit_label, unit,
            "Jumlah harapan " + exposure + " " + category_display(rest) + " (" + unit + ").");
    for (const auto& label : context.hazard_classes) {
        if (schema::column_token(label) != rest) continue;
        if (label == kNotAffected || label == kNotExposed)
            return make(field, name + ": " + class_display(label) + unit_label, unit,
                        "Jumlah " + exposure + ": " + class_display(label) + ".");
        return make(field, name + ": Kelas " + class_display(label) + unit_label, unit,
                    "Jumlah " + exposure + " di kelas bahaya " + label + ".");
    }
    return std::nullopt;
}

// Minimum needs (population_needs): "<name>_<unit>_per_<period>" -> "Beras (kg per minggu)".
std::optional<Entry> need_entry(std::string_view field) {
    const auto per = field.rfind("_per_");
    if (per == std::string_view::npos || per == 0) return std::nullopt;
    const std::string_view head = field.substr(0, per);
    const std::string period(field.substr(per + 5));
    const auto cut = head.rfind('_');
    if (cut == std::string_view::npos || cut == 0 || period.empty()) return std::nullopt;
    const std::string unit(head.substr(cut + 1));
    const std::string what = title_case(head.substr(0, cut));
    const std::string description = "Kebutuhan dasar minimum pengungsi: " + what + ".";
    if (period == "sekali") return make(field, what + " (" + unit + ", sekali)", unit, description);
    return make(field, what + " (" + unit + " per " + period + ")", unit, description);
}

}  // namespace

Context context_of(const schema::OutputFacts& facts) {
    Context context;
    for (const auto& e : facts.exposures) {
        context.exposures.push_back(e.name);
        if (e.measure() == schema::Measure::people) context.people.push_back(e.name);
    }
    context.hazard_classes = facts.all_class_labels();
    if (facts.sublevel) context.sublevels.push_back(*facts.sublevel);
    return context;
}

std::optional<Entry> lookup(std::string_view field, const Context& context, Scope scope) {
    if (scope == Scope::impact_layer && !ours_in_impact_layer(field, context)) return std::nullopt;
    const auto& fixed = fixed_entries();
    if (const auto it = fixed.find(field); it != fixed.end())
        return make(field, it->second.label, it->second.unit, it->second.description);

    // Per-asset damage states of the vulnerability functions, and their spread over
    // realisations.
    if (starts_with(field, "ds_") && field.size() > 3) {
        auto state = [](std::string_view name) {
            return name == "none" ? std::string("Tidak Rusak") : title_case(name);
        };
        if (ends_with(field, "_std") && field.size() > 7)
            return make(
                field,
                "Simpangan Baku Keadaan Kerusakan " + state(field.substr(3, field.size() - 7)),
                "unit", "Simpangan baku jumlah keadaan kerusakan antarrealisasi.");
        return make(field, "Jumlah Keadaan Kerusakan " + state(field.substr(3)), "unit",
                    "Jumlah harapan aset dalam keadaan kerusakan ini.");
    }

    // Per-exposure measures; the longest exposure name first, so "rumah_sakit" wins over
    // "rumah" for "rumah_sakit_total".
    std::vector<std::string> exposures = context.exposures;
    std::sort(exposures.begin(), exposures.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const auto& exposure : exposures) {
        if (exposure.empty() || !starts_with(field, exposure + "_")) continue;
        if (auto entry = exposure_entry(field, exposure,
                                        std::string(field.substr(exposure.size() + 1)), context))
            return entry;
    }

    for (const auto& sub : context.sublevels) {
        if (field == sub + "_code")
            return make(field, "Kode " + title_case(sub), "", "Kode wilayah " + sub + ".");
        if (field == sub + "_name")
            return make(field, "Nama " + title_case(sub), "", "Nama wilayah " + sub + ".");
    }

    if (starts_with(field, "prioritas_"))
        return make(field, "Prioritas: " + title_case(field.substr(10)), "",
                    "Komponen prioritas pemulihan.");
    if (auto need = need_entry(field)) return need;
    if (ends_with(field, "_rp") && field.size() > 3)
        return make(field, title_case(field.substr(0, field.size() - 3)) + " (Rp)", "Rp",
                    "Nilai dalam Rupiah.");
    return std::nullopt;
}

std::string label(std::string_view field, const Context& context, Scope scope) {
    const auto entry = lookup(field, context, scope);
    return entry ? entry->label : std::string();
}

std::string hazard_title(std::string_view type) {
    static const std::map<std::string, std::string, std::less<>> names = {
        {"flood", "Banjir"},
        {"earthquake", "Gempa bumi"},
        {"tsunami", "Tsunami"},
        {"volcano", "Erupsi gunung api"},
        {"landslide", "Tanah longsor"},
        {"generic", "Bahaya lain"}};
    const auto it = names.find(type);
    return it != names.end() ? it->second : std::string(type);
}

std::string level_title(std::string_view name) {
    static const std::map<std::string, std::string, std::less<>> names = {
        {"kabkota", "Kabupaten/Kota"},  {"kabupaten", "Kabupaten/Kota"}, {"kota", "Kabupaten/Kota"},
        {"provinsi", "Provinsi"},       {"kecamatan", "Kecamatan"},      {"desa", "Desa/Kelurahan"},
        {"kelurahan", "Desa/Kelurahan"}};
    const auto it = names.find(name);
    return it != names.end() ? it->second : title_case(name);
}

std::string title_case(std::string_view token) {
    std::string out;
    bool start = true;
    for (char c : token) {
        if (c == '_' || c == ' ') {
            if (!out.empty() && out.back() != ' ') out += ' ';
            start = true;
            continue;
        }
        const auto u = static_cast<unsigned char>(c);
        out += start ? static_cast<char>(std::toupper(u)) : c;
        start = false;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string class_display(std::string_view label) {
    if (label == kNotAffected) return "Tidak terdampak";
    if (label == kNotExposed) return "Tidak terpapar";
    return category_display(label);
}

std::string category_display(std::string_view category) {
    std::string out(category);
    std::replace(out.begin(), out.end(), '_', ' ');
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

}  // namespace jitupasna::core::glossary
