#include "jitupasna/core/damage_model.hpp"

#include <algorithm>
#include <cmath>

#include "damage_parse.hpp"

namespace jitupasna::core {

double itb_fatality_rate(double mmi) { return std::pow(10.0, 0.62275231 * mmi - 8.03314466); }

double PeopleSettings::displacement_rate(std::size_t class_index, const std::string& class_name,
                                         std::size_t class_count) const {
    if (class_index >= class_count) return 0;  // not_affected, not_exposed
    if (auto it = displacement_by_class.find(class_name); it != displacement_by_class.end())
        return it->second;
    return class_index < displacement_by_severity.size() ? displacement_by_severity[class_index]
                                                         : 0.0;
}

ClusterOf DamageModel::cluster_of(const std::string& sub_sector) const {
    if (auto it = clusters.find(sub_sector); it != clusters.end()) return it->second;
    if (auto it = clusters.find("lainnya"); it != clusters.end()) return it->second;
    return ClusterOf{sub_sector, ""};
}

double AssetDamage::kerusakan_total() const {
    double total = 0;
    for (double k : kerusakan) total += k;
    return total;
}

AssetDamage assess_damage(const VulnerabilityFunction& function, const DamageModel& model,
                          const ValueRule* rule, std::optional<double> intensity,
                          const std::string& hazard_class, double number, double measure,
                          std::optional<double> feature_value) {
    AssetDamage d;
    d.estimate = function.estimate(intensity, hazard_class);
    // Without a damage ratio from the function, each category carries its representative
    // ratio (category_ratios), so value-based costs still follow the damage.
    CategoryArray ratio = d.estimate.ratio_by_category.value_or(CategoryArray{});
    if (!d.estimate.ratio_by_category)
        for (std::size_t c = 0; c < kCategoryCount; ++c)
            ratio[c] = d.estimate.category_fractions[c] * model.category_ratios[c];
    for (std::size_t c = 0; c < kCategoryCount; ++c) {
        d.units[c] = number * d.estimate.category_fractions[c];
        d.damage_ratio += ratio[c];
    }
    if (!rule) return d;
    double value = 0;  // replacement value of one unit
    switch (rule->kind) {
        case ValueRule::Kind::none:
            return d;
        case ValueRule::Kind::unit_cost:
            for (std::size_t c = 0; c < kCategoryCount; ++c)
                d.kerusakan[c] = d.units[c] * rule->unit_cost[c];
            return d;
        case ValueRule::Kind::cost_per_m2:
        case ValueRule::Kind::cost_per_m:
            // The measure is already that of the part assessed (a whole footprint, a piece of
            // road): its value does not scale with the number of units it stands for.
            value = measure * rule->rate;
            break;
        case ValueRule::Kind::value_field:
            value = feature_value.value_or(0);  // the value of what is assessed
            break;
    }
    for (std::size_t c = 0; c < kCategoryCount; ++c) d.kerusakan[c] = value * ratio[c];

    return d;
}

const std::vector<std::string>& damage_model_keys() {
    static const std::vector<std::string> keys = {"damage_thresholds",
                                                  "category_ratios",
                                                  "vulnerability",
                                                  "costs",
                                                  "losses",
                                                  "needs",
                                                  "people",
                                                  "minimum_needs",
                                                  "sectors",
                                                  "cluster_scheme",
                                                  "clusters",
                                                  "priority",
                                                  "terdampak"};
    return keys;
}

YAML::Node merge_over_defaults(const YAML::Node& defaults, const YAML::Node& scenario) {
    YAML::Node merged(YAML::NodeType::Map);
    for (const auto& key : damage_model_keys()) {
        const YAML::Node d = defaults && defaults.IsMap() ? defaults[key] : YAML::Node();
        const YAML::Node s = scenario[key];
        if (d && d.IsMap() && s && s.IsMap()) {
            YAML::Node section(YAML::NodeType::Map);
            for (const auto& entry : d) section[entry.first.as<std::string>()] = entry.second;
            for (const auto& entry : s) section[entry.first.as<std::string>()] = entry.second;
            merged[key] = section;
        } else if (s && !s.IsNull()) {
            merged[key] = s;
        } else if (d && !d.IsNull()) {
            merged[key] = d;
        }
    }
    return merged;
}

namespace {

using Domain = ScenarioReader::Domain;

std::vector<double> number_list(const ScenarioReader& r, const YAML::Node& node,
                                const std::string& key, Domain domain = Domain::any) {
    if (!node || !node.IsSequence()) r.fail(node, key, "expected a list of numbers");
    std::vector<double> values;
    for (const auto& item : node) values.push_back(r.number(item, key, domain));
    return values;
}

std::map<std::string, DamageCategory> parse_category_map(const ScenarioReader& r,
                                                         const YAML::Node& node,
                                                         const std::string& key) {
    std::map<std::string, DamageCategory> out;
    if (!node) return out;
    r.expect_map(node, key);
    for (const auto& entry : node) {
        const std::string state = entry.first.as<std::string>();
        const std::string name = r.string_value(entry.second, key + "." + state);
        const auto category = category_from_name(name);
        if (!category)
            r.fail(entry.second, key + "." + state,
                   fmt::format("'{}' is not a damage category; use tidak_rusak, rusak_ringan, "
                               "rusak_sedang, rusak_berat or hilang",
                               name));
        out[state] = *category;
    }
    return out;
}

std::map<std::string, double> parse_number_map(const ScenarioReader& r, const YAML::Node& node,
                                               const std::string& key,
                                               Domain domain = Domain::any) {
    std::map<std::string, double> out;
    if (!node) return out;
    r.expect_map(node, key);
    for (const auto& entry : node) {
        const std::string name = entry.first.as<std::string>();
        out[name] = r.number(entry.second, key + "." + name, domain);
    }
    return out;
}

std::vector<std::string> string_list(const ScenarioReader& r, const YAML::Node& node,
                                     const std::string& key) {
    if (!node || !node.IsSequence() || node.size() == 0)
        r.fail(node, key, "expected a non-empty list");
    std::vector<std::string> out;
    for (const auto& item : node) out.push_back(r.string_value(item, key));
    return out;
}

VulnerabilityFunction parse_function(const ScenarioReader& r, const std::string& name,
                                     const YAML::Node& node, const CategoryThresholds& thresholds) {
    const std::string key = "vulnerability." + name;
    r.expect_map(node, key);
    const std::string kind = r.required_string(node, key, "kind");
    try {
        if (kind == "curve") {
            r.check_keys(node, key, {"kind", "points", "lognormal", "no_damage_below", "source"});
            const double no_damage_below =
                node["no_damage_below"]
                    ? r.number(node["no_damage_below"], key + ".no_damage_below", Domain::fraction)
                    : 0.0;
            if (const YAML::Node lognormal = node["lognormal"]) {
                if (node["points"])
                    r.fail(lognormal, key, "give either points or lognormal, not both");
                const std::string lkey = key + ".lognormal";
                r.expect_map(lognormal, lkey);
                r.check_keys(lognormal, lkey, {"median", "beta"});
                return VulnerabilityFunction::lognormal_curve(
                    name,
                    r.number(r.required(lognormal, lkey, "median"), lkey + ".median",
                             Domain::positive),
                    r.number(r.required(lognormal, lkey, "beta"), lkey + ".beta", Domain::positive),
                    thresholds, no_damage_below);
            }
            const YAML::Node points = r.required(node, key, "points");
            if (!points.IsSequence())
                r.fail(points, key + ".points", "expected [[intensity, ratio], ...]");
            std::vector<std::pair<double, double>> pts;
            for (const auto& p : points) {
                if (!p.IsSequence() || p.size() != 2)
                    r.fail(p, key + ".points", "each point is [intensity, damage ratio]");
                pts.emplace_back(r.number(p[0], key + ".points"), r.number(p[1], key + ".points"));
            }
            return VulnerabilityFunction::curve(name, std::move(pts), thresholds, no_damage_below);
        }
        if (kind == "fragility") {
            r.check_keys(node, key,
                         {"kind", "format", "limit_states", "params", "imls", "poes",
                          "no_damage_limit", "categories", "damage_ratios", "source"});
            const std::string format = r.required_string(node, key, "format");
            const auto states =
                string_list(r, r.required(node, key, "limit_states"), key + ".limit_states");
            std::optional<double> ndl;
            if (node["no_damage_limit"])
                ndl = r.number(node["no_damage_limit"], key + ".no_damage_limit");
            const auto categories = parse_category_map(r, node["categories"], key + ".categories");
            const auto ratios = parse_number_map(r, node["damage_ratios"], key + ".damage_ratios");
            if (format == "continuous") {
                const YAML::Node params = r.required(node, key, "params");
                r.expect_map(params, key + ".params");
                std::vector<LognormalParams> lognormal;
                for (const auto& state : states) {
                    const YAML::Node p = params[state];
                    if (!p)
                        r.fail(params, key + ".params",
                               fmt::format("no parameters for limit state '{}'", state));
                    r.check_keys(p, key + ".params." + state, {"mean", "stddev"});
                    lognormal.push_back(
                        LognormalParams{r.number(r.required(p, key + ".params." + state, "mean"),
                                                 key + ".params." + state + ".mean"),
                                        r.number(r.required(p, key + ".params." + state, "stddev"),
                                                 key + ".params." + state + ".stddev")});
                }
                return VulnerabilityFunction::continuous(name, states, lognormal, ndl, categories,
                                                         ratios);
            }
            if (format == "discrete") {
                const auto imls = number_list(r, r.required(node, key, "imls"), key + ".imls");
                const YAML::Node poes_node = r.required(node, key, "poes");
                r.expect_map(poes_node, key + ".poes");
                std::vector<std::vector<double>> poes;
                for (const auto& state : states) {
                    if (!poes_node[state])
                        r.fail(poes_node, key + ".poes",
                               fmt::format("no PoEs for limit state '{}'", state));
                    poes.push_back(number_list(r, poes_node[state], key + ".poes." + state));
                }
                return VulnerabilityFunction::discrete(name, states, imls, poes, ndl, categories,
                                                       ratios);
            }
            r.fail(
                node["format"], key + ".format",
                fmt::format("'{}' is not a fragility format; use continuous or discrete", format));
        }
        if (kind == "class_table") {
            r.check_keys(node, key, {"kind", "states", "table", "ratios", "categories", "source"});
            std::vector<std::string> states;
            if (node["states"]) states = string_list(r, node["states"], key + ".states");
            std::map<std::string, std::vector<double>> table;
            if (const YAML::Node t = node["table"]) {
                r.expect_map(t, key + ".table");
                for (const auto& entry : t)
                    table[entry.first.as<std::string>()] = number_list(
                        r, entry.second, key + ".table." + entry.first.as<std::string>());
            }
            return VulnerabilityFunction::class_table(
                name, states, table, parse_category_map(r, node["categories"], key + ".categories"),
                parse_number_map(r, node["ratios"], key + ".ratios"), thresholds);
        }
        r.fail(node["kind"], key + ".kind",
               fmt::format("'{}' is not a vulnerability kind; use curve, fragility or class_table",
                           kind));
    } catch (const std::invalid_argument& e) {
        r.fail(node, key, e.what());
    }
}

ValueRule parse_value_rule(const ScenarioReader& r, const YAML::Node& node,
                           const std::string& key) {
    r.expect_map(node, key);
    r.check_keys(node, key, {"unit_cost", "cost_per_m2", "cost_per_m", "value_field", "source"});
    ValueRule rule;
    int given = 0;
    if (const YAML::Node u = node["unit_cost"]) {
        ++given;
        rule.kind = ValueRule::Kind::unit_cost;
        r.expect_map(u, key + ".unit_cost");
        for (const auto& entry : u) {
            const std::string name = entry.first.as<std::string>();
            const auto category = category_from_name(name);
            if (!category || *category == DamageCategory::none)
                r.fail(entry.first, key + ".unit_cost." + name,
                       "expected rusak_ringan, rusak_sedang, rusak_berat or hilang");
            rule.unit_cost[static_cast<std::size_t>(*category)] =
                r.number(entry.second, key + ".unit_cost." + name, Domain::non_negative);
            rule.priced[static_cast<std::size_t>(*category)] = true;
        }
    }
    if (node["cost_per_m2"]) {
        ++given;
        rule.kind = ValueRule::Kind::cost_per_m2;
        rule.rate = r.number(node["cost_per_m2"], key + ".cost_per_m2", Domain::non_negative);
    }
    if (node["cost_per_m"]) {
        ++given;
        rule.kind = ValueRule::Kind::cost_per_m;
        rule.rate = r.number(node["cost_per_m"], key + ".cost_per_m", Domain::non_negative);
    }
    if (node["value_field"]) {
        ++given;
        rule.kind = ValueRule::Kind::value_field;
        rule.value_field = r.string_value(node["value_field"], key + ".value_field");
    }
    if (given != 1)
        r.fail(node, key, "give exactly one of unit_cost, cost_per_m2, cost_per_m, value_field");
    return rule;
}

}  // namespace

std::map<std::string, ValueRule> parse_value_rules(const ScenarioReader& r, const YAML::Node& node,
                                                   const std::string& key) {
    std::map<std::string, ValueRule> rules;
    if (!node || node.IsNull()) return rules;
    r.expect_map(node, key);
    for (const auto& entry : node) {
        const std::string type = entry.first.as<std::string>();
        rules[type] = parse_value_rule(r, entry.second, key + "." + type);
    }
    return rules;
}

std::map<std::string, SectorOf> parse_sectors(const ScenarioReader& r, const YAML::Node& node,
                                              const std::string& key) {
    std::map<std::string, SectorOf> sectors;
    if (!node || node.IsNull()) return sectors;
    r.expect_map(node, key);
    for (const auto& entry : node) {
        const std::string type = entry.first.as<std::string>();
        const std::string k = key + "." + type;
        r.expect_map(entry.second, k);
        r.check_keys(entry.second, k, {"sector", "sub_sector"});
        sectors[type] = SectorOf{r.required_string(entry.second, k, "sector"),
                                 r.required_string(entry.second, k, "sub_sector")};
    }
    return sectors;
}

DamageModel parse_damage_model(const ScenarioReader& r, const YAML::Node& merged) {
    DamageModel m;
    if (const YAML::Node t = merged["damage_thresholds"]) {
        r.expect_map(t, "damage_thresholds");
        r.check_keys(t, "damage_thresholds", {"rusak_ringan", "rusak_sedang"});
        if (t["rusak_ringan"])
            m.thresholds.ringan_max =
                r.number(t["rusak_ringan"], "damage_thresholds.rusak_ringan", Domain::fraction);
        if (t["rusak_sedang"])
            m.thresholds.sedang_max =
                r.number(t["rusak_sedang"], "damage_thresholds.rusak_sedang", Domain::fraction);
        if (!(0 < m.thresholds.ringan_max && m.thresholds.ringan_max < m.thresholds.sedang_max &&
              m.thresholds.sedang_max < 1))
            // A section merged from the defaults and the scenario has no place in a file: the
            // place named is that of a value (rusak_sedang's, else rusak_ringan's).
            r.fail(t.Mark().is_null() && t["rusak_sedang"]   ? t["rusak_sedang"]
                   : t.Mark().is_null() && t["rusak_ringan"] ? t["rusak_ringan"]
                                                             : t,
                   "damage_thresholds",
                   fmt::format("rusak_ringan {} and rusak_sedang {} are not in order: need 0 < "
                               "rusak_ringan < rusak_sedang < 1",
                               m.thresholds.ringan_max, m.thresholds.sedang_max));
    }
    if (const YAML::Node c = merged["category_ratios"]) {
        for (const auto& [name, ratio] :
             parse_number_map(r, c, "category_ratios", Domain::fraction)) {
            const auto category = category_from_name(name);
            if (!category)
                r.fail(c, "category_ratios", fmt::format("'{}' is not a damage category", name));
            m.category_ratios[static_cast<std::size_t>(*category)] = ratio;
        }
    }
    if (const YAML::Node v = merged["vulnerability"]) {
        r.expect_map(v, "vulnerability");
        for (const auto& entry : v) {
            const std::string name = entry.first.as<std::string>();
            m.functions.emplace(name, parse_function(r, name, entry.second, m.thresholds));
        }
    }
    m.costs = parse_value_rules(r, merged["costs"], "costs");
    m.sectors = parse_sectors(r, merged["sectors"], "sectors");
    if (const YAML::Node l = merged["losses"]) {
        const std::string k = "losses";
        r.expect_map(l, k);
        r.check_keys(l, k,
                     {"waiting_allowance_per_household_month", "waiting_allowance_months",
                      "displaced_households_from", "households_per_house", "debris_share_of_damage",
                      "lost_income"});
        auto num = [&](const char* name, double& out, Domain domain = Domain::non_negative) {
            if (l[name]) out = r.number(l[name], k + "." + name, domain);
        };
        num("waiting_allowance_per_household_month", m.losses.allowance_per_household_month);
        num("waiting_allowance_months", m.losses.allowance_months);
        num("households_per_house", m.losses.households_per_house);
        num("debris_share_of_damage", m.losses.debris_share, Domain::fraction);
        if (l["displaced_households_from"]) {
            for (const auto& name :
                 string_list(r, l["displaced_households_from"], k + ".displaced_households_from")) {
                const auto category = category_from_name(name);
                if (!category)
                    r.fail(l["displaced_households_from"], k + ".displaced_households_from",
                           fmt::format("'{}' is not a damage category", name));
                m.losses.displacing.push_back(*category);
            }
        }
        if (const YAML::Node li = l["lost_income"]; li && li.IsMap()) {
            for (const auto& entry : li) {
                const std::string type = entry.first.as<std::string>();
                const std::string kk = k + ".lost_income." + type;
                r.check_keys(entry.second, kk, {"per_unit_per_day", "days"});
                m.losses.lost_income[type] = LossSettings::LostIncome{
                    r.number(r.required(entry.second, kk, "per_unit_per_day"),
                             kk + ".per_unit_per_day", Domain::non_negative),
                    r.number(r.required(entry.second, kk, "days"), kk + ".days",
                             Domain::non_negative)};
            }
        }
    }
    if (const YAML::Node n = merged["needs"]) {
        r.expect_map(n, "needs");
        r.check_keys(n, "needs", {"build_back_better", "function_recovery"});
        if (n["build_back_better"])
            m.needs.build_back_better =
                r.number(n["build_back_better"], "needs.build_back_better", Domain::non_negative);
        if (n["function_recovery"])
            m.needs.function_recovery =
                r.number(n["function_recovery"], "needs.function_recovery", Domain::non_negative);
    }
    if (const YAML::Node p = merged["people"]) {
        r.expect_map(p, "people");
        r.check_keys(p, "people",
                     {"displacement_rates_by_severity", "displacement_rates", "household_size",
                      "fatality_model"});
        if (p["displacement_rates_by_severity"])
            m.people.displacement_by_severity =
                number_list(r, p["displacement_rates_by_severity"],
                            "people.displacement_rates_by_severity", Domain::fraction);
        m.people.displacement_by_class = parse_number_map(
            r, p["displacement_rates"], "people.displacement_rates", Domain::fraction);
        if (p["household_size"])
            m.people.household_size =
                r.number(p["household_size"], "people.household_size", Domain::positive);
        if (const auto model = r.optional_string(p, "people", "fatality_model")) {
            if (*model != "none" && *model != "itb")
                r.fail(p["fatality_model"], "people.fatality_model",
                       fmt::format("'{}' is not a fatality model; use none or itb", *model));
            m.people.fatality_itb = *model == "itb";
        }
    }
    if (const YAML::Node needs = merged["minimum_needs"]) {
        if (!needs.IsSequence()) r.fail(needs, "minimum_needs", "expected a list");
        for (std::size_t i = 0; i < needs.size(); ++i) {
            const std::string k = fmt::format("minimum_needs[{}]", i);
            r.check_keys(needs[i], k, {"name", "unit", "per_person", "period"});
            m.minimum_needs.push_back(MinimumNeed{
                r.required_string(needs[i], k, "name"), r.required_string(needs[i], k, "unit"),
                r.number(r.required(needs[i], k, "per_person"), k + ".per_person",
                         Domain::non_negative),
                r.optional_string(needs[i], k, "period").value_or("")});
        }
    }
    m.cluster_scheme =
        merged["cluster_scheme"] ? r.string_value(merged["cluster_scheme"], "cluster_scheme") : "";
    if (const YAML::Node schemes = merged["clusters"]) {
        r.expect_map(schemes, "clusters");
        if (m.cluster_scheme.empty() && schemes.size() > 0)
            m.cluster_scheme = schemes.begin()->first.as<std::string>();
        const YAML::Node scheme = schemes[m.cluster_scheme];
        if (schemes.size() == 0) r.fail(schemes, "clusters", "no cluster scheme listed");
        if (!scheme)
            r.fail(merged["cluster_scheme"] ? merged["cluster_scheme"] : schemes, "cluster_scheme",
                   fmt::format("no cluster table '{}' under `clusters`", m.cluster_scheme));
        for (const auto& entry : scheme) {
            const std::string sub = entry.first.as<std::string>();
            const std::string k = "clusters." + m.cluster_scheme + "." + sub;
            r.check_keys(entry.second, k, {"cluster", "lead", "support", "sector"});
            ClusterOf c{r.required_string(entry.second, k, "cluster"),
                        r.optional_string(entry.second, k, "lead").value_or("")};
            c.sector = r.optional_string(entry.second, k, "sector").value_or("");
            if (const YAML::Node support = entry.second["support"]) {
                if (!support.IsSequence())
                    r.fail(support, k + ".support", "expected a list of names: [Dinas A, Dinas B]");
                for (const auto& name : support) {
                    std::string pd = r.string_value(name, k + ".support");
                    if (pd.empty() || pd == c.lead ||
                        std::find(c.support.begin(), c.support.end(), pd) != c.support.end())
                        r.fail(name, k + ".support",
                               pd.empty()
                                   ? std::string("an empty name")
                                   : fmt::format("'{}' is listed twice (lead or support)", pd));
                    c.support.push_back(std::move(pd));
                }
            }
            m.clusters[sub] = std::move(c);
        }
    }
    if (const YAML::Node t = merged["terdampak"]) {
        r.expect_map(t, "terdampak");
        r.check_keys(t, "terdampak", {"min_houses_damaged", "min_people_exposed"});
        if (t["min_houses_damaged"])
            m.terdampak.min_houses_damaged = r.number(
                t["min_houses_damaged"], "terdampak.min_houses_damaged", Domain::non_negative);
        if (t["min_people_exposed"])
            m.terdampak.min_people_exposed = r.number(
                t["min_people_exposed"], "terdampak.min_people_exposed", Domain::non_negative);
    }
    if (const YAML::Node pr = merged["priority"]) {
        r.expect_map(pr, "priority");
        r.check_keys(pr, "priority", {"weights"});
        m.priority_weights = parse_number_map(r, pr["weights"], "priority.weights");
        static const std::vector<std::string> components = {"houses_rb_share", "damage_per_capita",
                                                            "displaced", "facilities_damaged"};
        for (const auto& [name, weight] : m.priority_weights) {
            if (std::find(components.begin(), components.end(), name) == components.end())
                r.fail(pr["weights"], "priority.weights",
                       fmt::format("'{}' is not a priority component; use {}", name,
                                   join(components)));
            if (weight < 0)
                r.fail(pr["weights"], "priority.weights." + name, "weights must not be negative");
        }
    }
    return m;
}

}  // namespace jitupasna::core
