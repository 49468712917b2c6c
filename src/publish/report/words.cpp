#include "words.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <vector>

#include "format.hpp"
#include "jitupasna/core/indonesian_number.hpp"

namespace jitupasna::publish::report {

namespace schema = core::schema;

std::string hazard_name(const std::string& type) { return core::glossary::hazard_title(type); }

std::string hazard_form_name(const std::string& form) {
    if (form == "vector (classes)") return "vektor (kelas)";
    if (form == "vector (values)") return "vektor (nilai)";
    if (form == "shakemap_grid") return "grid.xml ShakeMap";
    return form;
}

std::string kind_name(const std::string& kind) {
    static const std::map<std::string, std::string> names = {{"structure", "bangunan/titik"},
                                                             {"road", "jalan (garis)"},
                                                             {"area", "lahan (poligon)"},
                                                             {"aggregate", "agregat (poligon)"},
                                                             {"population", "penduduk"}};
    const auto it = names.find(kind);
    return it != names.end() ? it->second : kind;
}

std::string exposure_unit(const Exposure& e) {
    switch (e.measure()) {
        case schema::Measure::km:
            return "km";
        case schema::Measure::ha:
            return "ha";
        case schema::Measure::people:
            return "jiwa";
        default:
            return "unit";
    }
}

bool counted(const Exposure& e) { return schema::measure_suffix(e.measure()).empty(); }

std::string level_title(const std::string& name) { return core::glossary::level_title(name); }

std::string yaml_number(const YAML::Node& node) {
    const std::string text = node.as<std::string>("");
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used != text.size()) return text;
        std::string formatted = format_number(value, 6);
        while (!formatted.empty() && formatted.back() == '0') formatted.pop_back();
        if (!formatted.empty() && formatted.back() == ',') formatted.pop_back();
        return formatted;
    } catch (const std::exception&) {
        return text;
    }
}

std::string basename(const std::string& path) {
    const std::string name = std::filesystem::path(path).filename().string();
    return name.empty() ? path : name;
}

std::optional<std::string> indonesian_note(const std::string& comment) {
    // Keyed by the comment as the defaults file writes it (lines joined with a space); a unit
    // test fails when the file gains a comment this table lacks.
    static const std::map<std::string, std::string> notes = {
        {"Damage ratio -> Jitupasna category (Permen PU 45/2007 and 24/2008 as used in "
         "Jitupasna): rusak ringan = up to 30 %, rusak sedang = over 30 % to 45 %, rusak berat = "
         "over 45 %.",
         "Rasio kerusakan → kategori Jitupasna (Permen PU 45/2007 dan 24/2008 sebagaimana "
         "dipakai dalam Jitupasna): rusak ringan sampai 30 %, rusak sedang di atas 30 % sampai "
         "45 %, rusak berat di atas 45 %."},
        {"Named vulnerability functions, usable from any scenario by name.",
         "Fungsi kerentanan bernama; skenario memakainya dengan menyebut namanya."},
        {"JRC global flood depth-damage functions, Asia (Huizinga, de Moel, Szewczyk 2017, "
         "doi:10.2760/16510): damage ratio at depth 0, 0.5, 1, 1.5, 2, 3, 4, 5, 6 m.",
         "Fungsi kedalaman–kerusakan banjir global JRC, Asia (Huizinga, de Moel, Szewczyk 2017, "
         "doi:10.2760/16510): rasio kerusakan pada kedalaman 0; 0,5; 1; 1,5; 2; 3; 4; 5; 6 m."},
        {"Money, in Rupiah.", "Nilai uang, dalam Rupiah."},
        {"BNPB stimulant aid per house since the Cianjur earthquake (Dec 2022): RB / RS / RR = "
         "Rp 60 / 30 / 15 juta (Rp 50 / 25 / 10 juta from 2010 to 2022).",
         "Bantuan stimulan BNPB per rumah sejak gempa Cianjur (Desember 2022): RB / RS / RR = "
         "Rp 60 / 30 / 15 juta (Rp 50 / 25 / 10 juta pada 2010–2022)."},
        {"Kerugian (losses) and kebutuhan (needs).", "Kerugian dan kebutuhan."},
        {"Dana tunggu hunian (BNPB policy): Rp 500-600 ribu per family per month; the upper "
         "value.",
         "Dana tunggu hunian (kebijakan BNPB): Rp 500–600 ribu per KK per bulan; dipakai nilai "
         "atas."},
        {"ASSUMPTION: months until permanent housing", "Lama (bulan) sampai hunian tetap."},
        {"ASSUMPTION: which houses' families leave",
         "Kategori kerusakan rumah yang keluarganya mengungsi."},
        {"ASSUMPTION", ""},
        {"Earthquake, houses and buildings in Indonesia, by MMI: mean damage ratio = Phi(ln(MMI / "
         "median) / beta), the empirical functions of the Geoscience Australia / Institut "
         "Teknologi Bandung survey after the 30 September 2009 Padang earthquake "
         "(trove.nla.gov.au/work/38470066), as InaSAFE's Padang building damage function applies "
         "them. Where a layer says nothing of the structure, InaSAFE assumes unreinforced masonry "
         "(URM). As in InaSAFE, a mean damage under 10 % counts as no damage (no_damage_below: "
         "0.10): the curve is never exactly 0. URM with river rock walls",
         "Gempa, rumah dan bangunan di Indonesia, menurut MMI: rasio kerusakan rata-rata = "
         "Φ(ln(MMI / median) / beta), fungsi empiris survei Geoscience Australia / Institut "
         "Teknologi Bandung setelah gempa Padang 30 September 2009 "
         "(trove.nla.gov.au/work/38470066), sebagaimana diterapkan fungsi kerusakan bangunan "
         "Padang di InaSAFE. Bila data tidak menyebut struktur bangunan, InaSAFE menganggapnya "
         "pasangan bata tanpa tulangan (URM). Seperti di InaSAFE, kerusakan rata-rata di bawah 10 "
         "% dihitung tidak rusak (no_damage_below: 0,10): kurvanya tidak pernah tepat 0. URM "
         "berdinding batu kali."},
        // The same block alone and the first function's own note: the source of every
        // function of the group, shown on the first the run used.
        {"Earthquake, houses and buildings in Indonesia, by MMI: mean damage ratio = Phi(ln(MMI / "
         "median) / beta), the empirical functions of the Geoscience Australia / Institut "
         "Teknologi Bandung survey after the 30 September 2009 Padang earthquake "
         "(trove.nla.gov.au/work/38470066), as InaSAFE's Padang building damage function applies "
         "them. Where a layer says nothing of the structure, InaSAFE assumes unreinforced masonry "
         "(URM). As in InaSAFE, a mean damage under 10 % counts as no damage (no_damage_below: "
         "0.10): the curve is never exactly 0.",
         "Gempa, rumah dan bangunan di Indonesia, menurut MMI: rasio kerusakan rata-rata = "
         "Φ(ln(MMI / median) / beta), fungsi empiris survei Geoscience Australia / Institut "
         "Teknologi Bandung setelah gempa Padang 30 September 2009 "
         "(trove.nla.gov.au/work/38470066), sebagaimana diterapkan fungsi kerusakan bangunan "
         "Padang di InaSAFE. Bila data tidak menyebut struktur bangunan, InaSAFE menganggapnya "
         "pasangan bata tanpa tulangan (URM). Seperti di InaSAFE, kerusakan rata-rata di bawah 10 "
         "% dihitung tidak rusak (no_damage_below: 0,10): kurvanya tidak pernah tepat 0."},
        {"URM with river rock walls", "URM berdinding batu kali."},
        {"URM with metal roof", "URM beratap seng."},
        {"timber frame with masonry in-fill", "Rangka kayu berisi pasangan bata."},
        {"RC medium-rise frame with masonry in-fill walls",
         "Rangka beton bertulang bertingkat sedang berdinding bata."},
        {"timber frame with stucco in-fill", "Rangka kayu berisi plesteran."},
        {"concrete shear wall, high-rise (Hazus C2H)",
         "Dinding geser beton, bertingkat tinggi (Hazus C2H)."},
        {"RC low-rise frame with masonry in-fill walls",
         "Rangka beton bertulang bertingkat rendah berdinding bata."},
        {"confined masonry", "Pasangan bata terkekang."},
        {"timber frame, residential", "Rumah rangka kayu."},
        {"When an admin unit is \"terdampak\" (affected) and listed in the report's recap tables: "
         "its expected houses damaged in a hazard class (rusak berat + sedang + ringan, sub-sector "
         "perumahan) or its people in a hazard class reach a minimum. ASSUMPTION (no published "
         "standard): one house, the smallest whole number a planner acts on, and 100 people, the "
         "order of one RT. Damage below the lowest class (a curve's tail far from the event) does "
         "not make a unit terdampak. Units below both stay in the GeoPackage with their exact "
         "figures.",
         "Kapan wilayah administrasi \"terdampak\" dan dicantumkan dalam tabel rekapitulasi "
         "laporan: perkiraan rumah rusak di dalam kelas bahaya (rusak berat + sedang + ringan, "
         "subsektor perumahan) atau penduduknya di dalam kelas bahaya mencapai batas minimum. "
         "ASUMSI (tanpa standar terbitan): satu rumah, bilangan bulat terkecil yang "
         "ditindaklanjuti perencana, dan 100 jiwa, kira-kira satu RT. Kerusakan di bawah kelas "
         "terendah (ekor kurva, jauh dari kejadian) tidak membuat wilayah terdampak. Wilayah di "
         "bawah kedua batas tetap ada di GeoPackage dengan angka persisnya."},
        {"ASSUMPTION: debris removal as a share of kerusakan",
         "Pembersihan puing sebagai bagian dari nilai kerusakan."},
        {"per asset type: {per_unit_per_day: Rp, days: n}",
         "Kehilangan pendapatan per jenis aset: {per_unit_per_day: Rp per hari, days: jumlah "
         "hari}."},
        {"ASSUMPTION: reconstruction = kerusakan x factor",
         "Rekonstruksi = kerusakan × faktor (membangun kembali lebih baik)."},
        {"ASSUMPTION: pemulihan fungsi = (debris + lost income) x factor",
         "Pemulihan fungsi = (puing + kehilangan pendapatan) × faktor."},
        {"Share of the affected population displaced, per hazard class (most severe first). "
         "ASSUMPTION: InaSAFE-style defaults; confirm with the event's field data.",
         "Bagian penduduk terdampak yang mengungsi, per kelas bahaya (terparah lebih dahulu); "
         "nilai bawaan gaya InaSAFE, konfirmasi dengan data lapangan kejadian."},
        {"ASSUMPTION: persons per household", "Jumlah jiwa per KK."},
        {"Earthquake fatality model from MMI: rate = 10^(0.62275231 * MMI - 8.03314466), the "
         "ITB model used by InaSAFE (Wald et al. style exponential fit for Indonesia). none | itb "
         "(earthquake scenarios set itb)",
         "Model korban jiwa gempa dari MMI: laju = 10^(0,62275231 × MMI − 8,03314466), model ITB "
         "yang dipakai InaSAFE (kurva eksponensial gaya Wald dkk. untuk Indonesia). Pilihan: none "
         "atau itb (skenario gempa memakai itb)."},
        {"Minimum needs per displaced person (Perka BNPB 7/2008), as InaSAFE applies them.",
         "Kebutuhan minimum per pengungsi (Perka BNPB 7/2008), sebagaimana diterapkan InaSAFE."},
        {"Asset type -> sector / sub-sector (Perka BNPB 15/2011; Peraturan BNPB 5/2017). Types "
         "not listed fall back on their exposure kind (road: infrastruktur/transportasi; area: "
         "ekonomi_produktif/pertanian; others: lintas_sektor/lainnya).",
         "Jenis aset → sektor / sub-sektor (Perka BNPB 15/2011; Peraturan BNPB 5/2017). Jenis "
         "yang tidak tercantum mengikuti jenis paparannya (jalan: infrastruktur/transportasi; "
         "lahan: ekonomi_produktif/pertanian; lainnya: lintas_sektor/lainnya)."},
        {"Sub-sector -> cluster and lead agency. `cluster_scheme` picks one.",
         "Sub-sektor → klaster dan perangkat pengampu; cluster_scheme memilih satu skema."},
        {"Kep. Kepala BNPB 308/2024: six national clusters.",
         "Kep. Kepala BNPB 308/2024: enam klaster nasional."},
        {"Banten (Perangkat Daerah): the clusters Banten uses.",
         "Banten (Perangkat Daerah): klaster yang dipakai Provinsi Banten."},
        {"Recovery priority per admin unit: a weighted sum of components, each scaled to 0..1 by "
         "its largest value among the units. The components stay visible in admin_summary.",
         "Prioritas pemulihan per wilayah: jumlah berbobot komponen, masing-masing diskalakan ke "
         "0..1 oleh nilai terbesarnya di antara wilayah. Komponennya tetap tampak di "
         "admin_summary."},
        {"rusak berat houses / all houses", "rumah rusak berat / semua rumah"},
        {"kerusakan (Rp) / population", "kerusakan (Rp) / penduduk"},
        {"displaced people", "pengungsi"},
        {"health and education buildings rusak berat + sedang",
         "bangunan kesehatan dan pendidikan rusak berat + rusak sedang"},
    };
    const auto it = notes.find(comment);
    if (it == notes.end()) return std::nullopt;
    return it->second;
}

std::string hazard_fact_label(const std::string& key) {
    static const std::map<std::string, std::string> labels = {
        {"nodata", "nilai nodata"},
        {"unit", "satuan"},
        {"field", "besaran"},
        {"grid", "kisi sel"},
        {"realizations", "realisasi"},
        {"event.magnitude", "magnitudo"},
        {"event.depth", "kedalaman (km)"},
        {"event.lat", "lintang"},
        {"event.lon", "bujur"},
        {"event.event_id", "kode kejadian"},
        {"event.event_timestamp", "waktu kejadian"},
        {"event.event_description", "keterangan kejadian"},
        {"event.event_network", "jaringan"},
        {"event.event_type", "jenis kejadian"},
        {"event.shakemap_id", "kode ShakeMap"},
        {"event.shakemap_version", "versi ShakeMap"},
        {"event.shakemap_event_type", "jenis kejadian ShakeMap"},
        {"event.shakemap_originator", "penyusun ShakeMap"},
        {"event.process_timestamp", "waktu proses ShakeMap"},
        {"event.code_version", "versi perangkat ShakeMap"},
        {"event.map_status", "status peta"},
    };
    const auto it = labels.find(key);
    return it == labels.end() ? key : it->second;
}

std::string hazard_fact_value(const std::string& key, const std::string& value) {
    auto decimal_comma = [](std::string number) {
        for (char& c : number)
            if (c == '.') c = ',';
        return number;
    };
    if (key == "grid") {
        static const std::regex grid(R"(^(\d+) x (\d+) cells of (\S+) x (\S+)$)");
        std::smatch m;
        if (std::regex_match(value, m, grid))
            return fmt::format("{} × {} sel berukuran {} × {}", m[1].str(), m[2].str(),
                               decimal_comma(m[3].str()), decimal_comma(m[4].str()));
    }
    if (key == "realizations") {
        const std::string every = " (every band)";
        if (value.size() > every.size() &&
            value.compare(value.size() - every.size(), every.size(), every) == 0)
            return value.substr(0, value.size() - every.size()) + " (semua pita)";
    }
    return value;
}

std::string warning_topic(const std::string& warning) {
    const std::string subject = warning.substr(0, warning.find(':'));
    static const std::regex exposure(R"(^exposure '([^']*)'$)");
    std::smatch m;
    if (std::regex_match(subject, m, exposure)) return "Paparan " + m[1].str();
    static const std::map<std::string, std::string> topics = {
        {"admin", "Batas wilayah"}, {"admin.sublevel", "Batas wilayah (tingkat bawah)"},
        {"hazard", "Bahaya"},       {"population", "Penduduk"},
        {"scenario", "Skenario"},   {"defaults", "Nilai bawaan"},
    };
    const auto it = topics.find(subject);
    return it == topics.end() ? "Proses" : it->second;
}

namespace {

// A number as the tool's English messages print it ("6593.572", "1,234", "83.5") written the
// Indonesian way ("6.593,572", "1.234", "83,5"), with as many decimals as it had.
std::string indonesian(std::string english) {
    english.erase(std::remove(english.begin(), english.end(), ','), english.end());
    const auto point = english.find('.');
    const int decimals =
        point == std::string::npos ? 0 : static_cast<int>(english.size() - point - 1);
    try {
        return core::format_number(std::stod(english), decimals);
    } catch (const std::exception&) {
        return english;
    }
}

struct Reading {
    std::regex shape;
    // The reading from the message's captured parts.
    std::string (*read)(const std::smatch&);
};

}  // namespace

std::optional<std::string> warning_reading(const std::string& warning) {
    // One entry per warning the pipeline gives (src/pipeline, core/type_mapping); the report
    // test checks that every warning of the examples has a reading.
    static const std::vector<Reading> readings = {
        {std::regex(R"(: ([\d,]+) invalid polygon\(s\) repaired with GEOS MakeValid)"),
         [](const std::smatch& m) {
             return fmt::format(
                 "{} poligon tidak valid diperbaiki otomatis (GEOS MakeValid); "
                 "angka memakai poligon hasil perbaikan.",
                 indonesian(m[1]));
         }},
        {std::regex(R"(: ([\d,]+) pair\(s\) of units overlap \(([\d.,]+) km2 in all\))"),
         [](const std::smatch& m) {
             return fmt::format(
                 "{} pasang wilayah saling bertampalan (seluruhnya {} km²). Aset di bagian yang "
                 "bertampalan dihitung pada satu wilayah saja, dan poligon yang (hampir) "
                 "seluruhnya terletak di satu wilayah dihitung utuh di wilayah itu.",
                 indonesian(m[1]), indonesian(m[2]));
         }},
        {std::regex(R"(: unit (.*) \(feature (\d+)\) has no geometry)"),
         [](const std::smatch& m) {
             return fmt::format(
                 "Wilayah {} (fitur {}) tidak memiliki geometri: tidak ada aset "
                 "yang dapat ditempatkan di wilayah itu.",
                 m[1].str(), m[2].str());
         }},
        {std::regex(R"(: ([\d.]+) % of the admin area lies outside the hazard's extent)"),
         [](const std::smatch& m) {
             return fmt::format(
                 "{} % luas wilayah kajian berada di luar cakupan data bahaya; aset "
                 "di sana dicatat tidak terpapar.",
                 indonesian(m[1]));
         }},
        {std::regex(R"(: ([\d,]+) of ([\d,]+) (features|populated cells) lie wholly or partly )"
                    R"(outside every admin unit)"),
         [](const std::smatch& m) {
             return fmt::format(
                 "{} dari {} {} terletak seluruhnya atau sebagian di luar semua "
                 "wilayah administrasi; bagian itu tidak masuk wilayah mana pun.",
                 indonesian(m[1]), indonesian(m[2]),
                 m[3] == "features" ? "fitur" : "sel berpenduduk");
         }},
        {std::regex(R"(: asset type\(s\) (.*) have a vulnerability function but no value)"),
         [](const std::smatch& m) {
             return fmt::format(
                 "Jenis aset {} memiliki fungsi kerentanan tetapi tidak memiliki "
                 "harga satuan: nilai kerusakannya Rp 0.",
                 m[1].str());
         }},
        {std::regex(
             R"(: ([\d,]+) feature\(s\) have asset type '(.*?)' .*which has no function )"
             R"(in its vulnerability map.*?(?:; ([\d,]+) of them lie in the hazard)?; they get )"
             R"(no damage)"),
         [](const std::smatch& m) {
             return fmt::format(
                 "{} fitur berjenis aset '{}' (nilai yang tidak terdaftar pada types) tidak "
                 "memiliki fungsi kerentanan: fitur itu tidak dihitung rusak dan nilai "
                 "kerusakannya Rp 0{}.",
                 indonesian(m[1]), m[2].str(),
                 m[3].matched
                     ? fmt::format("; {} di antaranya berada di daerah bahaya", indonesian(m[3]))
                     : std::string());
         }},
        {std::regex(R"(: column '(.*)' of .* is empty on ([\d,]+) row\(s\))"),
         [](const std::smatch& m) {
             return fmt::format(
                 "Kolom '{}' tabel gabungan kosong pada {} baris; fitur yang "
                 "tergabung ke baris itu dihitung 0.",
                 m[1].str(), indonesian(m[2]));
         }},
        {std::regex(R"(: the join matched ([\d,]+) of ([\d,]+) features \(([\d.]+) %\))"),
         [](const std::smatch& m) {
             return fmt::format(
                 "Tabel gabungan hanya cocok dengan {} dari {} fitur ({} %); fitur "
                 "tanpa pasangan dihitung 0.",
                 indonesian(m[1]), indonesian(m[2]), indonesian(m[3]));
         }},
        {std::regex(R"(: ([\d,]+) feature\(s\) have no \S+ value \(.*; counted as (\d)\))"),
         [](const std::smatch& m) {
             return fmt::format("{} fitur tidak memiliki nilai jumlah; masing-masing dihitung {}.",
                                indonesian(m[1]), m[2].str());
         }},
        {std::regex(R"(: .* is NULL on ([\d,]+) feature\(s\).*kerusakan counts as Rp 0)"),
         [](const std::smatch& m) {
             return fmt::format("Nilai aset kosong pada {} fitur: nilai kerusakannya Rp 0.",
                                indonesian(m[1]));
         }},
        {std::regex(R"(: (\S+) lists '(.*?)'.*, which no .* has in (.*?); )"),
         [](const std::smatch& m) {
             return fmt::format(
                 "Nilai '{}' pada kunci {} tidak dimiliki fitur mana pun di {}; periksa "
                 "ejaannya (huruf besar/kecil). Nilai data yang tidak terdaftar masuk kelompok "
                 "lain.",
                 m[2].str(), m[1].str(), m[3].str());
         }},
        {std::regex(R"(: unit: \S+ gives ([\d,]+) admin unit\(s\) more than (\d+) people per km2)"),
         [](const std::smatch& m) {
             return fmt::format(
                 "{} wilayah berkepadatan lebih dari {} jiwa per km², melebihi "
                 "kepadatan nyata mana pun: periksa satuan raster penduduk "
                 "(unit).",
                 indonesian(m[1]), indonesian(m[2]));
         }},
        {std::regex(
             R"(: ([\d,]+) feature\(s\) of .* have no geometry \(NULL or empty; FIDs (.*?)\))"),
         [](const std::smatch& m) {
             return fmt::format(
                 "{} fitur tidak memiliki geometri (kosong; FID {}): masing-masing dihitung "
                 "sekali, "
                 "di luar semua wilayah dan tidak terpapar. Titik CSV dengan koordinat NaN atau "
                 "tak hingga terbaca demikian.",
                 indonesian(m[1]), m[2].str());
         }},
        {std::regex(R"(^GDAL: )"),
         [](const std::smatch&) {
             return std::string("Peringatan dari pustaka GDAL saat membaca atau menulis data.");
         }},
    };
    for (const Reading& reading : readings) {
        std::smatch m;
        if (std::regex_search(warning, m, reading.shape)) return reading.read(m);
    }
    return std::nullopt;
}

}  // namespace jitupasna::publish::report
