#include "jitupasna/core/output_schema.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <map>
#include <stdexcept>

#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/errors.hpp"

namespace jitupasna::core::schema {

namespace {

constexpr std::string_view kFactPrefix = "output.";

const char* yes_no(bool value) { return value ? "yes" : "no"; }

std::optional<ExposureKind> kind_from_name(std::string_view name) {
    for (ExposureKind k : {ExposureKind::structure, ExposureKind::road, ExposureKind::area,
                           ExposureKind::population, ExposureKind::aggregate})
        if (name == kind_name(k)) return k;
    return std::nullopt;
}

}  // namespace

std::string impact_layer(std::string_view exposure) {
    return std::string(kImpactLayerPrefix) + std::string(exposure);
}

std::string at_level(std::string_view base, std::string_view sublevel) {
    std::string name(base);
    if (!sublevel.empty()) name += "_" + std::string(sublevel);
    return name;
}

std::string uuid_v4(std::array<std::uint8_t, 16> random_bytes) {
    random_bytes[6] = static_cast<std::uint8_t>((random_bytes[6] & 0x0F) | 0x40);  // version 4
    random_bytes[8] = static_cast<std::uint8_t>((random_bytes[8] & 0x3F) | 0x80);  // RFC 4122
    std::string text;
    for (std::size_t i = 0; i < random_bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
        text += fmt::format("{:02x}", random_bytes[i]);
    }
    return text;
}

const std::vector<std::string>& admin_recap_columns() {
    static const std::vector<std::string> columns = {
        column::kKerusakanRp,        column::kKerugianRp,         column::kKebutuhanRp,
        column::kPenduduk,           column::kTerdampak,          column::kPengungsi,
        column::kKorbanJiwa,         "prioritas_rumah_rb",        "prioritas_kerusakan_per_kapita",
        "prioritas_pengungsi",       "prioritas_fasilitas_rusak", column::kSkorPrioritas,
        column::kPeringkatPrioritas, column::kWilayahTerdampak};
    return columns;
}

Measure headline_measure(ExposureKind kind) {
    switch (kind) {
        case ExposureKind::road:
            return Measure::km;
        case ExposureKind::area:
            return Measure::ha;
        case ExposureKind::population:
            return Measure::people;
        default:
            return Measure::count;
    }
}

std::string_view measure_suffix(Measure measure) {
    switch (measure) {
        case Measure::km:
            return "_km";
        case Measure::ha:
            return "_ha";
        default:
            return "";
    }
}

std::string_view measure_name(Measure measure) {
    switch (measure) {
        case Measure::km:
            return "km";
        case Measure::ha:
            return "ha";
        case Measure::people:
            return "people";
        default:
            return "count";
    }
}

std::optional<Measure> measure_from_name(std::string_view name) {
    for (Measure m : {Measure::count, Measure::km, Measure::ha, Measure::people})
        if (measure_name(m) == name) return m;
    return std::nullopt;
}

std::string_view satuan(Measure measure) {
    switch (measure) {
        case Measure::km:
            return "km";
        case Measure::ha:
            return "ha";
        case Measure::people:
            return "jiwa";
        default:
            return "unit";
    }
}

double raw_per_satuan(Measure measure) {
    switch (measure) {
        case Measure::km:
            return 1000.0;
        case Measure::ha:
            return 10000.0;
        default:
            return 1.0;
    }
}

std::string column_token(std::string_view text) {
    std::string token;
    token.reserve(text.size());
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        token += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
    }
    return token;
}

std::string ExposureFacts::class_column(std::string_view class_label) const {
    return name + "_" + column_token(class_label) + std::string(measure_suffix(measure()));
}
std::string ExposureFacts::affected_column() const {
    return name + "_affected" + std::string(measure_suffix(measure()));
}
std::string ExposureFacts::total_column() const {
    return name + "_total" + std::string(measure_suffix(measure()));
}
std::string ExposureFacts::category_column(std::string_view category) const {
    return name + "_" + std::string(category) + std::string(measure_suffix(measure()));
}
std::string ExposureFacts::damage_value_column() const { return name + "_" + column::kKerusakanRp; }

std::vector<std::string> OutputFacts::all_class_labels() const {
    std::vector<std::string> labels = class_labels;
    labels.emplace_back(kNotAffected);
    labels.emplace_back(kNotExposed);
    return labels;
}

std::vector<std::string> OutputFacts::level_suffixes() const {
    std::vector<std::string> suffixes{""};
    if (sublevel) suffixes.push_back("_" + *sublevel);
    return suffixes;
}

std::string OutputFacts::headline_field() const {
    for (const auto& e : exposures)
        if (e.damage) return e.category_column("rusak_berat");
    return exposures.empty() ? std::string() : exposures.front().affected_column();
}

std::vector<std::pair<std::string, std::string>> to_run_info(const OutputFacts& facts) {
    const std::string p(kFactPrefix);
    std::vector<std::pair<std::string, std::string>> rows;
    rows.emplace_back(p + "admin_level", facts.main_level);
    if (facts.sublevel) rows.emplace_back(p + "sublevel", *facts.sublevel);
    rows.emplace_back(p + "hazard_classes", std::to_string(facts.class_labels.size()));
    for (std::size_t i = 0; i < facts.class_labels.size(); ++i)
        rows.emplace_back(fmt::format("{}hazard_class.{}", p, i + 1), facts.class_labels[i]);
    rows.emplace_back(p + "exposures", std::to_string(facts.exposures.size()));
    for (std::size_t i = 0; i < facts.exposures.size(); ++i) {
        const auto& e = facts.exposures[i];
        const std::string key = fmt::format("{}exposure.{}", p, i + 1);
        rows.emplace_back(key, e.name);
        rows.emplace_back(key + ".kind", kind_name(e.kind));
        rows.emplace_back(key + ".raster", yes_no(e.raster));
        rows.emplace_back(key + ".damage", yes_no(e.damage));
        rows.emplace_back(key + ".measure", std::string(measure_name(e.measure())));
    }
    rows.emplace_back(p + "recap", yes_no(facts.recap));
    if (facts.terdampak) {
        rows.emplace_back(p + "terdampak.min_houses_damaged",
                          fmt::format("{}", facts.terdampak->min_houses_damaged));
        rows.emplace_back(p + "terdampak.min_people_exposed",
                          fmt::format("{}", facts.terdampak->min_people_exposed));
    }
    return rows;
}

std::optional<OutputFacts> facts_from_run_info(
    const std::vector<std::pair<std::string, std::string>>& rows, std::string_view source) {
    std::map<std::string, std::string, std::less<>> facts;
    for (const auto& [key, value] : rows)
        if (key.compare(0, kFactPrefix.size(), kFactPrefix) == 0)
            facts.emplace(key.substr(kFactPrefix.size()), value);
    if (facts.empty()) return std::nullopt;
    auto require = [&](const std::string& key) -> const std::string& {
        const auto it = facts.find(key);
        if (it == facts.end())
            throw DataError(fmt::format("{}: run_info has no '{}{}' row; the output is incomplete",
                                        source, kFactPrefix, key));
        return it->second;
    };
    auto count = [&](const std::string& key) {
        const std::string& text = require(key);
        std::size_t n = 0;
        for (char c : text) {
            if (!std::isdigit(static_cast<unsigned char>(c)) || n > 100000)
                throw DataError(fmt::format("{}: run_info '{}{}' is '{}', not a count", source,
                                            kFactPrefix, key, text));
            n = n * 10 + static_cast<std::size_t>(c - '0');
        }
        return n;
    };
    auto flag = [&](const std::string& key) {
        const std::string& text = require(key);
        if (text != "yes" && text != "no")
            throw DataError(fmt::format("{}: run_info '{}{}' is '{}', not yes or no", source,
                                        kFactPrefix, key, text));
        return text == "yes";
    };
    OutputFacts out;
    out.main_level = require("admin_level");
    if (const auto it = facts.find("sublevel"); it != facts.end()) out.sublevel = it->second;
    const std::size_t classes = count("hazard_classes");
    for (std::size_t i = 1; i <= classes; ++i)
        out.class_labels.push_back(require(fmt::format("hazard_class.{}", i)));
    const std::size_t exposures = count("exposures");
    for (std::size_t i = 1; i <= exposures; ++i) {
        const std::string key = fmt::format("exposure.{}", i);
        ExposureFacts e;
        e.name = require(key);
        const std::string& kind = require(key + ".kind");
        const auto parsed = kind_from_name(kind);
        if (!parsed)
            throw DataError(fmt::format("{}: run_info '{}{}.kind' is '{}', not an exposure kind",
                                        source, kFactPrefix, key, kind));
        e.kind = *parsed;
        e.raster = flag(key + ".raster");
        e.damage = flag(key + ".damage");
        out.exposures.push_back(std::move(e));
    }
    out.recap = flag("recap");
    // The threshold is recorded since the terdampak column exists; older outputs have none.
    if (facts.count("terdampak.min_houses_damaged")) {
        auto threshold = [&](const std::string& key) {
            const std::string& text = require(key);
            try {
                std::size_t used = 0;
                const double value = std::stod(text, &used);
                if (used == text.size() && std::isfinite(value) && value >= 0) return value;
            } catch (const std::exception&) {
            }
            throw DataError(fmt::format("{}: run_info '{}{}' is '{}', not a number >= 0", source,
                                        kFactPrefix, key, text));
        };
        out.terdampak = AffectedThreshold{threshold("terdampak.min_houses_damaged"),
                                          threshold("terdampak.min_people_exposed")};
    }
    return out;
}

std::vector<OutputLayer> output_layers(const OutputFacts& facts) {
    std::vector<OutputLayer> layers;
    const std::string headline = facts.headline_field();
    for (const auto& suffix : facts.level_suffixes())
        layers.push_back({kAdminSummary + suffix, LayerRole::admin_summary, "Polygon", headline});
    for (const auto& e : facts.exposures) {
        if (e.raster) continue;
        // Structures may be points or footprints: the styles read the geometry type.
        const char* geometry = e.kind == ExposureKind::road        ? "Line"
                               : e.kind == ExposureKind::structure ? ""
                                                                   : "Polygon";
        layers.push_back({impact_layer(e.name), LayerRole::impact, geometry, ""});
    }
    for (const char* table :
         {kImpactSummary, kSectorTable, kClusterTable, kPopulationNeeds, kRunInfo})
        layers.push_back({table, LayerRole::table, "", ""});
    return layers;
}

std::string join_names(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) text += (text.empty() ? "" : "; ") + name;
    return text;
}

std::vector<std::string> split_names(std::string_view text) {
    std::vector<std::string> names;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(';', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view item = text.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) names.emplace_back(item);
        start = end + 1;
    }
    return names;
}

}  // namespace jitupasna::core::schema
