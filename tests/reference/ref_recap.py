"""The Jitupasna recap for the reference, per admin unit of one level, from the impact rows of
that level (keys (code, exposure, asset, class, damage state)) and the fatalities per code.

  sector    asset type -> (sector, sub_sector): the exposure's `sectors`, the settings'
            `sectors`, else by kind. Per (unit, sector, sub_sector): units per damage state,
            kerusakan; dana_tunggu_hunian (perumahan only) = units in
            losses.displaced_households_from x households_per_house x allowance x months;
            pembersihan_puing = debris_share_of_damage x kerusakan; kehilangan_pendapatan =
            damaged units (all but tidak_rusak) x lost_income[asset] per_unit_per_day x days;
            kerugian = their sum; kebutuhan = kerusakan x build_back_better + dana tunggu +
            (puing + pendapatan) x function_recovery. Rows with nothing damaged and no money
            are left out.
  cluster   sector rows summed by clusters[cluster_scheme][sub_sector] (else its `lainnya`);
            the displaced go to the cluster of sub-sector `pengungsi`, in a row of satuan jiwa.
  people    population exposures: penduduk = all, terdampak = in a hazard class, pengungsi =
            people x displacement rate of the class (people.displacement_rates by name, else
            displacement_rates_by_severity by class index); without a population exposure,
            pengungsi = displaced households x household_size. korban_jiwa from the pieces.
  priority  houses_rb_share (rusak berat houses / all houses: every unit of sub-sector
            perumahan in the unit, also of types without a vulnerability function, as the rule
            says "all houses"), damage_per_capita, displaced, facilities_damaged (rusak berat +
            sedang of kesehatan and pendidikan); each / its largest value over the level's
            units (skipped when 0), weighted sum = skor_prioritas, rank 1 = highest (ties: layer
            order).
"""
from collections import defaultdict

from ref_damage import DAMAGED
from ref_hazard import NOT_AFFECTED, NOT_EXPOSED

SECTOR_FIELDS = ("rusak_berat", "rusak_sedang", "rusak_ringan", "hilang", "kerusakan_rp",
                 "dana_tunggu_hunian_rp", "pembersihan_puing_rp", "kehilangan_pendapatan_rp",
                 "kerugian_rp", "kebutuhan_pembangunan_rp", "kebutuhan_bantuan_rp",
                 "kebutuhan_pemulihan_rp", "kebutuhan_rp")
CLUSTER_FIELDS = ("rusak_berat", "rusak_sedang", "rusak_ringan", "pengungsi", "kerusakan_rp",
                  "kerugian_rp", "kebutuhan_rp")
PEOPLE_FIELDS = ("penduduk", "terdampak", "pengungsi", "korban_jiwa")
PRIORITY = (("houses_rb_share", "prioritas_rumah_rb"),
            ("damage_per_capita", "prioritas_kerusakan_per_kapita"),
            ("displaced", "prioritas_pengungsi"),
            ("facilities_damaged", "prioritas_fasilitas_rusak"))
FACILITIES = ("kesehatan", "pendidikan")
HOUSING = "perumahan"
# What a recap row's damage counts, by exposure kind: roads in km of damaged length, areas in ha
# of damaged area (the state rows' length_m / area_m2), everything else in units (its count).
SATUAN = {"road": ("km", "length_m", 1000.0, "_km"), "area": ("ha", "area_m2", 10000.0, "_ha")}
UNITS = ("unit", "count", 1.0, "")


def need_columns(settings):
    """[(column, per_person)] of the minimum needs."""
    out = []
    for item in settings.get("minimum_needs") or []:
        col = f"{item['name']}_{item['unit']}_per_{item['period']}"
        out.append((col, float(item["per_person"])))
    return out


def recap_level(rows, korban, model, kind_of, class_names, codes):
    """rows: {(code, exp, asset, class, state): {measure: v}} at this level; codes: the level's
    unit codes in layer order. -> {table: {key tuple: {field: value}}} for jitupasna_sector,
    jitupasna_cluster, population_needs and admin_summary (the recap's fields only)."""
    s = model.settings
    losses, needs, people_cfg = s.get("losses") or {}, s.get("needs") or {}, s.get("people") or {}
    displaced_from = [str(c) for c in losses.get("displaced_households_from") or []]
    hh_per_house = float(losses.get("households_per_house", 1))
    allowance = float(losses.get("waiting_allowance_per_household_month", 0)) * \
        float(losses.get("waiting_allowance_months", 0))
    debris = float(losses.get("debris_share_of_damage", 0))
    lost_income = losses.get("lost_income") or {}
    bbb = float(needs.get("build_back_better", 1))
    recovery = float(needs.get("function_recovery", 1))
    rates = {str(k): float(v) for k, v in (people_cfg.get("displacement_rates") or {}).items()}
    by_severity = [float(v) for v in people_cfg.get("displacement_rates_by_severity") or []]
    household_size = float(people_cfg.get("household_size", 4))

    def rate_of(label):
        if label in (NOT_AFFECTED, NOT_EXPOSED):
            return 0.0
        if label in rates:
            return rates[label]
        i = class_names.index(label) if label in class_names else len(by_severity)
        return by_severity[i] if i < len(by_severity) else 0.0

    def income_rate(asset):
        li = lost_income.get(asset) or {}
        return float(li.get("per_unit_per_day", 0)) * float(li.get("days", 0))

    sectors = defaultdict(lambda: defaultdict(float))  # (code, sector, sub, satuan) -> sums
    exposures = defaultdict(lambda: defaultdict(float))  # code -> {exp_state: units / Rp}
    people = defaultdict(lambda: defaultdict(float))
    houses = defaultdict(float)  # all units of sub-sector perumahan, assessed or not
    houses_damaged = defaultdict(float)  # their rusak berat + sedang + ringan
    any_houses = False
    for (code, exp, asset, label, state), m in rows.items():
        kind = kind_of.get(exp, "")
        satuan, measure, per, suffix = SATUAN.get(kind, UNITS)
        # Houses are counted structures (not roads or areas of a housing sub-sector).
        housing = not kind.startswith("population") and satuan == "unit" and \
            model.sector(exp, asset)[1] == HOUSING
        if housing and exp in model.by_exposure:
            any_houses = True
        if code is None:
            continue
        if housing:
            houses[code] += m.get("count", 0.0)
        if state is not None:
            d = model.by_exposure[exp]
            sector, sub = d.sector(asset)
            acc = sectors[(code, sector, sub, satuan)]
            quantity = m.get(measure, 0.0) / per
            acc[state] += quantity
            acc["kerusakan_rp"] += m.get("kerusakan_rp", 0.0)
            if state != "tidak_rusak":
                # Lost income per damaged unit: features (or their shares), as the tool.
                acc["kehilangan_pendapatan_rp"] += m.get("count", 0.0) * income_rate(asset)
            # Only where the hazard reaches a class (or the scenario has none).
            if housing and state in ("rusak_berat", "rusak_sedang", "rusak_ringan") and \
                    (label not in (NOT_AFFECTED, NOT_EXPOSED) or not class_names):
                houses_damaged[code] += m.get("count", 0.0)
            exposures[code][f"{exp}_{state}{suffix}"] += quantity
            exposures[code][f"{exp}_kerusakan_rp"] += m.get("kerusakan_rp", 0.0)
        if kind_of.get(exp, "").startswith("population"):
            n = m.get("population", m.get("count", 0.0))
            p = people[code]
            p["penduduk"] += n
            if label not in (NOT_AFFECTED, NOT_EXPOSED):
                p["terdampak"] += n
            p["pengungsi"] += n * rate_of(label)

    sector_rows, households = {}, defaultdict(float)
    houses_rb, facilities = defaultdict(float), defaultdict(float)
    for (code, sector, sub, satuan), acc in sectors.items():
        row = {"rusak_berat": acc["rusak_berat"], "rusak_sedang": acc["rusak_sedang"],
               "rusak_ringan": acc["rusak_ringan"], "hilang": acc["hilang"],
               "kerusakan_rp": acc["kerusakan_rp"]}
        dana = 0.0
        if sub == HOUSING and satuan == "unit":
            hh = sum(acc[c] for c in displaced_from) * hh_per_house
            households[code] += hh
            dana = hh * allowance
            houses_rb[code] += acc["rusak_berat"]
        if sub in FACILITIES:
            facilities[code] += acc["rusak_berat"] + acc["rusak_sedang"]
        puing = debris * acc["kerusakan_rp"]
        income = acc["kehilangan_pendapatan_rp"]
        row.update(dana_tunggu_hunian_rp=dana, pembersihan_puing_rp=puing,
                   kehilangan_pendapatan_rp=income, kerugian_rp=dana + puing + income,
                   kebutuhan_pembangunan_rp=acc["kerusakan_rp"] * bbb,
                   kebutuhan_bantuan_rp=dana,
                   kebutuhan_pemulihan_rp=(puing + income) * recovery)
        row["kebutuhan_rp"] = row["kebutuhan_pembangunan_rp"] + dana + \
            row["kebutuhan_pemulihan_rp"]
        damaged = sum(acc[c] for c in DAMAGED)
        if damaged > 0 or row["kerusakan_rp"] > 0 or row["kerugian_rp"] > 0:
            sector_rows[(code, sector, sub, satuan)] = row

    scheme = s.get("cluster_scheme", "nasional")
    table = (s.get("clusters") or {}).get(scheme) or {}

    def cluster_of(sub):
        e = table.get(sub) or table.get("lainnya") or {}
        return str(e.get("cluster", "lainnya")), str(e.get("lead", ""))

    people_rows = {}
    for code in codes:
        p = people.get(code, {})
        # Without a population exposure the run knows no population: NULL, not 0 people.
        known = model.has_population
        row = {"penduduk": p.get("penduduk", 0.0) if known else None,
               "terdampak": p.get("terdampak", 0.0) if known else None,
               "pengungsi": p.get("pengungsi", 0.0) if model.has_population
               else households.get(code, 0.0) * household_size,
               "korban_jiwa": korban.get(code, 0.0)}
        for col, per_person in need_columns(s):
            row[col] = row["pengungsi"] * per_person
        people_rows[(code,)] = row

    # Clusters per satuan; the displaced (people) are a row of their own in jiwa in the
    # cluster of "pengungsi", never added to a row of damaged units.
    cluster_rows = defaultdict(lambda: defaultdict(float))
    for (code, _sector, sub, satuan), row in sector_rows.items():
        c = cluster_rows[(code,) + cluster_of(sub) + (satuan,)]
        for f in CLUSTER_FIELDS:
            if f != "pengungsi":
                c[f] += row[f]
    for (code,), row in people_rows.items():
        if row["pengungsi"] > 0:
            shelter = cluster_of("pengungsi")
            cluster_rows[(code,) + shelter + ("jiwa",)]["pengungsi"] += row["pengungsi"]
    cluster_rows = {k: {f: v.get(f, 0.0) for f in CLUSTER_FIELDS} for k, v in cluster_rows.items()}

    # admin_summary: money, people and priority
    summary = {}
    for code in codes:
        row = dict(exposures.get(code, {}))
        for exp in model.by_exposure:
            suffix = SATUAN.get(kind_of.get(exp, ""), UNITS)[3]
            for c in DAMAGED:
                row.setdefault(f"{exp}_{c}{suffix}", 0.0)
            row.setdefault(f"{exp}_kerusakan_rp", 0.0)
        for k in [k for k in row if k.endswith("_tidak_rusak")]:
            del row[k]
        for f in ("kerusakan_rp", "kerugian_rp", "kebutuhan_rp"):
            row[f] = sum(r[f] for (c, _, _, _), r in sector_rows.items() if c == code)
        for f in PEOPLE_FIELDS:
            row[f] = people_rows[(code,)][f]
        comp = {"houses_rb_share": houses_rb[code] / houses[code] if houses[code] > 0 else 0.0,
                "damage_per_capita": row["kerusakan_rp"] / row["penduduk"]
                if (row["penduduk"] or 0.0) > 0 else 0.0,
                "displaced": row["pengungsi"],
                "facilities_damaged": facilities[code]}
        row["_comp"] = comp
        # terdampak: houses damaged or people in a hazard class reach the threshold; with
        # neither houses nor people, any damage.
        threshold = s.get("terdampak") or {}
        if any_houses or model.has_population:
            hit = (any_houses and houses_damaged[code] >=
                   float(threshold.get("min_houses_damaged", 1))) or \
                (model.has_population and row["terdampak"] >=
                 float(threshold.get("min_people_exposed", 100)))
        else:
            hit = any(c == code for (c, _, _, _) in sector_rows)
        row["wilayah_terdampak"] = 1.0 if hit else 0.0
        for name, col in PRIORITY:
            row[col] = comp[name]
        if not model.has_population:
            row["prioritas_kerusakan_per_kapita"] = None  # per capita of no known population
        summary[(code,)] = row
    weights = (s.get("priority") or {}).get("weights") or {}
    largest = {name: max((summary[(c,)]["_comp"][name] for c in codes), default=0.0)
               for name, _ in PRIORITY}
    for code in codes:
        row = summary[(code,)]
        comp = row.pop("_comp")
        row["skor_prioritas"] = sum(float(weights.get(name, 0)) * comp[name] / largest[name]
                                    for name, _ in PRIORITY if largest[name] > 0)
    order = sorted(range(len(codes)), key=lambda i: (-summary[(codes[i],)]["skor_prioritas"], i))
    for rank, i in enumerate(order, 1):
        summary[(codes[i],)]["peringkat_prioritas"] = float(rank)

    return {"jitupasna_sector": sector_rows, "jitupasna_cluster": cluster_rows,
            "population_needs": people_rows, "admin_summary": summary}


RECAP_KEYS = {"jitupasna_sector": ("admin_code", "sektor", "sub_sektor", "satuan"),
              "jitupasna_cluster": ("admin_code", "klaster", "pengampu", "satuan"),
              "population_needs": ("admin_code",),
              "admin_summary": ("admin_code",)}
