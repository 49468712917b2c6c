#include "words.hpp"

#include <filesystem>
#include <map>

#include "format.hpp"

namespace jitupasna::publish::report {

namespace schema = core::schema;

std::string hazard_name(const std::string& type) {
    static const std::map<std::string, std::string> names = {{"flood", "Banjir"},
                                                             {"earthquake", "Gempa bumi"},
                                                             {"tsunami", "Tsunami"},
                                                             {"volcano", "Erupsi gunung api"},
                                                             {"landslide", "Tanah longsor"},
                                                             {"generic", "Bahaya lain"}};
    const auto it = names.find(type);
    return it != names.end() ? it->second : type;
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

}  // namespace jitupasna::publish::report
