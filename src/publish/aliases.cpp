#include "aliases.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>

#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/vulnerability.hpp"

namespace jitupasna::publish {

namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Fields whose name alone says what they are.
const std::map<std::string, std::string>& fixed_aliases() {
    static const std::map<std::string, std::string> aliases = {
        {"fid", "ID"},
        {"admin_code", "Kode Wilayah"},
        {"admin_name", "Nama Wilayah"},
        {"parent_code", "Kode Wilayah Induk"},
        {"exposure", "Paparan"},
        {"hazard_class", "Kelas Bahaya"},
        {"hazard_value", "Nilai Bahaya"},
        {"asset_type", "Jenis Aset"},
        {"count", "Jumlah"},
        {"length_m", "Panjang (m)"},
        {"area_m2", "Luas (m²)"},
        {"population", "Jumlah Penduduk"},
        {"damage_state", "Tingkat Kerusakan"},
        {"damage_ratio", "Rasio Kerusakan"},
        {"tidak_rusak", "Tidak Rusak"},
        {"rusak_ringan", "Rusak Ringan"},
        {"rusak_sedang", "Rusak Sedang"},
        {"rusak_berat", "Rusak Berat"},
        {"hilang", "Hilang"},
        {"kerusakan_rp", "Nilai Kerusakan (Rp)"},
        {"kerugian_rp", "Nilai Kerugian (Rp)"},
        {"kebutuhan_rp", "Nilai Kebutuhan (Rp)"},
        {"dana_tunggu_hunian_rp", "Dana Tunggu Hunian (Rp)"},
        {"pembersihan_puing_rp", "Pembersihan Puing (Rp)"},
        {"kehilangan_pendapatan_rp", "Kehilangan Pendapatan (Rp)"},
        {"kebutuhan_pembangunan_rp", "Kebutuhan Pembangunan (Rp)"},
        {"kebutuhan_bantuan_rp", "Kebutuhan Bantuan (Rp)"},
        {"kebutuhan_pemulihan_rp", "Kebutuhan Pemulihan (Rp)"},
        {"penduduk", "Penduduk (jiwa)"},
        {"terdampak", "Penduduk Terdampak (jiwa)"},
        {"pengungsi", "Pengungsi (jiwa)"},
        {"korban_jiwa", "Korban Jiwa"},
        {"prioritas_rumah_rb", "Prioritas: Porsi Rumah Rusak Berat"},
        {"prioritas_kerusakan_per_kapita", "Prioritas: Kerusakan per Kapita"},
        {"prioritas_pengungsi", "Prioritas: Pengungsi"},
        {"prioritas_fasilitas_rusak", "Prioritas: Fasilitas Rusak"},
        {"skor_prioritas", "Skor Prioritas Pemulihan"},
        {"peringkat_prioritas", "Peringkat Prioritas"},
        {"sektor", "Sektor"},
        {"sub_sektor", "Subsektor"},
        {"klaster", "Klaster"},
        {"pengampu", "Perangkat Daerah Pengampu"},
        {"key", "Kunci"},
        {"value", "Nilai"},
    };
    return aliases;
}

bool is_category(const std::string& token) {
    return std::find(core::kCategoryNames.begin(), core::kCategoryNames.end(), token) !=
           core::kCategoryNames.end();
}

// "<exposure>_<rest>" where rest is one of the per-exposure measures of admin_summary.
std::string exposure_alias(const std::string& exposure, std::string rest,
                           const AliasContext& context) {
    const std::string name = title_case(exposure);
    std::string unit;
    for (const auto& [suffix, label] : {std::pair<const char*, const char*>{"_km", " (km)"},
                                        std::pair<const char*, const char*>{"_ha", " (ha)"}}) {
        if (ends_with(rest, suffix)) {
            rest.resize(rest.size() - 3);
            unit = label;
            break;
        }
    }
    if (rest == "affected") return name + " Terdampak" + unit;
    if (rest == "total") return "Jumlah " + name + unit;
    if (unit.empty() && rest == "kerusakan_rp") return name + ": Nilai Kerusakan (Rp)";
    if (unit.empty() && is_category(rest)) return name + " " + title_case(rest);
    for (const auto& label : context.hazard_classes) {
        if (name_token(label) != rest) continue;
        if (label == core::kNotAffected || label == core::kNotExposed)
            return name + ": " + class_display(label) + unit;
        return name + ": Kelas " + class_display(label) + unit;
    }
    return "";
}

// Minimum needs (population_needs): "<name>_<unit>_per_<period>" -> "Beras (kg per minggu)".
std::string need_alias(const std::string& field) {
    const auto per = field.rfind("_per_");
    if (per == std::string::npos || per == 0) return "";
    const std::string head = field.substr(0, per);
    const std::string period = field.substr(per + 5);
    const auto cut = head.rfind('_');
    if (cut == std::string::npos || cut == 0 || period.empty()) return "";
    const std::string unit = head.substr(cut + 1);
    const std::string what = title_case(head.substr(0, cut));
    if (period == "sekali") return what + " (" + unit + ", sekali)";
    return what + " (" + unit + " per " + period + ")";
}

}  // namespace

std::string name_token(const std::string& text) {
    std::string token;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        token += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
    }
    return token;
}

std::string title_case(const std::string& token) {
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

std::string class_display(const std::string& label) {
    if (label == core::kNotAffected) return "Tidak terdampak";
    if (label == core::kNotExposed) return "Tidak terpapar";
    std::string out = label;
    std::replace(out.begin(), out.end(), '_', ' ');
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

std::string category_display(const std::string& category) {
    std::string out = category;
    std::replace(out.begin(), out.end(), '_', ' ');
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

std::string field_alias(const std::string& field, const AliasContext& context, AliasScope scope) {
    const auto& fixed = fixed_aliases();
    if (scope == AliasScope::impact_layer) {
        static const char* const impact_fields[] = {
            "fid",   "admin_code", "admin_name", "hazard_value", "hazard_class", "asset_type",
            "count", "length_m",   "area_m2",    "population",   "damage_ratio", "kerusakan_rp"};
        const bool ours = std::find_if(std::begin(impact_fields), std::end(impact_fields),
                                       [&](const char* name) { return field == name; }) !=
                              std::end(impact_fields) ||
                          is_category(field) || starts_with(field, "ds_") ||
                          std::any_of(context.sublevels.begin(), context.sublevels.end(),
                                      [&](const std::string& sub) {
                                          return field == sub + "_code" || field == sub + "_name";
                                      });
        if (!ours) return "";
    }
    if (const auto it = fixed.find(field); it != fixed.end()) return it->second;

    // Per-asset damage states of the vulnerability functions, and their spread over
    // realisations.
    if (starts_with(field, "ds_") && field.size() > 3) {
        auto state = [](const std::string& name) {
            return name == "none" ? std::string("Tidak Rusak") : title_case(name);
        };
        if (ends_with(field, "_std") && field.size() > 7)
            return "Simpangan Baku Keadaan Kerusakan " + state(field.substr(3, field.size() - 7));
        return "Jumlah Keadaan Kerusakan " + state(field.substr(3));
    }

    // Per-exposure measures; the longest exposure name first, so "rumah_sakit" wins over
    // "rumah" for "rumah_sakit_total".
    std::vector<std::string> exposures = context.exposures;
    std::sort(exposures.begin(), exposures.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const auto& exposure : exposures) {
        if (exposure.empty() || !starts_with(field, exposure + "_")) continue;
        const std::string alias =
            exposure_alias(exposure, field.substr(exposure.size() + 1), context);
        if (!alias.empty()) return alias;
    }

    for (const auto& sub : context.sublevels) {
        if (field == sub + "_code") return "Kode " + title_case(sub);
        if (field == sub + "_name") return "Nama " + title_case(sub);
    }

    if (starts_with(field, "prioritas_")) return "Prioritas: " + title_case(field.substr(10));
    if (const std::string need = need_alias(field); !need.empty()) return need;
    if (ends_with(field, "_rp") && field.size() > 3)
        return title_case(field.substr(0, field.size() - 3)) + " (Rp)";
    return "";
}

}  // namespace jitupasna::publish
