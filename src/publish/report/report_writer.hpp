#pragma once
// The HTML report's writer: one member per section (sections_*.cpp), the page around them
// (page.cpp).

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <string>

#include "data.hpp"
#include "format.hpp"
#include "html_table.hpp"
#include "jitupasna/core/output_schema.hpp"
#include "map.hpp"
#include "words.hpp"

namespace jitupasna::publish::report {

namespace schema = core::schema;
namespace col = core::schema::column;

// run_info rows that hold whole texts.
inline constexpr const char* kScenarioText = "scenario_text";
inline constexpr const char* kDefaultsText = "damage.defaults_text";

class ReportWriter {
  public:
    explicit ReportWriter(const ReportData& data)
        : d_(data), context_(core::glossary::context_of(data.facts)) {
        parse_scenario();
    }

    std::string page();
    // The maps of the report (and of the draft document): what each shows and its caption.
    std::vector<FigureMap> maps();

  private:
    const ReportData& d_;
    core::glossary::Context context_;  // the run's field names, for the glossary's labels
    YAML::Node scenario_;
    int table_counter_ = 0;
    int section_ = 0;

    void parse_scenario() {
        try {
            scenario_ = YAML::Load(d_.info(kScenarioText));
        } catch (const YAML::Exception&) {
            scenario_ = YAML::Node();
        }
    }

    std::string next_table_id() { return fmt::format("tabel-{}", ++table_counter_); }
    std::string heading(const std::string& id, const std::string& title) {
        return fmt::format("<h2 id=\"{}\">{}. {}</h2>\n", id, ++section_, escape(title));
    }
    std::string level_name(const Level& level) const { return level_title(level.name); }
    // A column showing a GeoPackage field under its glossary label.
    Column column(const std::string& field, Format format, bool summed = true) const {
        return {field_header(field, context_), field, format, summed};
    }
    const Exposure* damage_exposure() const {
        for (const auto& e : d_.exposures)
            if (e.damage) return &e;
        return nullptr;
    }
    // Houses (sub-sector perumahan) per admin code, by damage category; empty without them.
    std::map<std::string, double> houses(const std::string& category) const;
    double houses_total(const std::string& category) const {
        double total = 0;
        for (const auto& [code, v] : houses(category)) total += v;
        return total;
    }
    bool has_houses() const {
        if (!d_.main.sector) return false;
        for (std::size_t r = 0; r < d_.main.sector->rows.size(); ++r)
            if (d_.main.sector->text(r, col::kSubSektor) == "perumahan") return true;
        return false;
    }

    std::string title_block() const;
    std::string scenario_section();
    std::string headline_section();
    std::string maps_section();
    std::string recap_section();
    std::string cluster_section();
    std::string needs_section();
    std::string exposure_section();
    std::string sublevel_section();
    std::string assumptions_section();
    std::string pd_status_section();  // sections_pd.cpp: after `jitupasna import`
    std::string appendix_section();

    // An exposure's expected damaged units per category (hilang only where there is any).
    void add_damage_columns(HtmlTable& t, const Table& admin, const Exposure& e) const;
    HtmlTable admin_recap_table(const Level& level);
    HtmlTable damaged_table(const Level& level, const Exposure& e);
    HtmlTable exposure_table(const Level& level, const Exposure& e);
};

}  // namespace jitupasna::publish::report
