"""Damage model for the reference: settings (defaults file + scenario), vulnerability functions
and money per asset.

Written from the rules in the test brief / ../shared/DESIGN.md section 2, not from the C++:

  settings   data/defaults/jitupasna_defaults.yaml (or the scenario's `defaults:`), then the
             scenario's top-level keys: each entry of vulnerability / costs / sectors /
             clusters and each setting of losses / needs / people / damage_thresholds /
             priority is replaced whole; other keys (cluster_scheme, minimum_needs) whole.
  curve      damage ratio = points interpolated linearly, clamped at both ends; category by
             damage_thresholds: 0 -> tidak_rusak, <= rusak_ringan, <= rusak_sedang, else
             rusak_berat; the ratio "mass" for money is the ratio itself.
  fragility  continuous: sigma = sqrt(ln(1 + s^2/m^2)), median = m^2 / sqrt(s^2 + m^2),
             PoE = Phi(ln(x / median) / sigma); discrete: PoE linear between imls, clamped at
             the last, starting at (no_damage_limit, 0) (or (0, 0) without a limit) when that
             lies below the first level; below no_damage_limit PoE = 0;
             fractions [1 - P1, P1 - P2, ..., Pn]; limit state -> category by `categories` or
             its name; ratio mass = sum of fraction x (damage_ratios of the limit state, else
             category_ratios of its category).
  money      unit_cost: units x cost of the category; cost_per_m2: footprint m2 x rate x ratio
             mass; cost_per_m: length m x rate x ratio mass; value_field: the field's value x
             ratio mass (x the piece's share for divisible features).
"""
import math
import os

import yaml

from ref_io import UsageError

CATEGORIES = ("tidak_rusak", "rusak_ringan", "rusak_sedang", "rusak_berat", "hilang")
DAMAGED = CATEGORIES[1:]
DEFAULT_CATEGORY_RATIOS = {"tidak_rusak": 0.0, "rusak_ringan": 0.15, "rusak_sedang": 0.375,
                           "rusak_berat": 0.725, "hilang": 1.0}
ENTRY_MERGED = ("vulnerability", "costs", "sectors", "clusters", "losses", "needs", "people",
                "damage_thresholds", "priority", "category_ratios")
KIND_SECTORS = {"road": ("infrastruktur", "transportasi"),
                "area": ("ekonomi_produktif", "pertanian"),
                "population": ("sosial", "lembaga_sosial")}
OTHER_SECTOR = ("lintas_sektor", "lainnya")
DEFAULTS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                             "defaults", "jitupasna_defaults.yaml")


def load_yaml(path, what):
    try:
        with open(path) as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as e:
        raise UsageError(f"cannot read {what} {path}: {e}")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{what} {path} must be a YAML mapping")
    return data


def merged_settings(base, sc):
    """The defaults file overridden by the scenario's top-level keys."""
    path = sc.get("defaults")
    path = os.path.join(base, str(path)) if path else DEFAULTS_FILE
    out = dict(load_yaml(path, "defaults"))
    for key, value in sc.items():
        if key in ENTRY_MERGED and isinstance(value, dict):
            merged = dict(out.get(key) or {})
            merged.update(value)
            out[key] = merged
        elif key in ENTRY_MERGED or key not in ("admin", "hazard", "exposures"):
            out[key] = value
    out["_defaults_file"] = path
    return out


def phi(z):
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def interpolate(points, x):
    """Piecewise linear through sorted (x, y) points, clamped at both ends."""
    if x <= points[0][0]:
        return points[0][1]
    if x >= points[-1][0]:
        return points[-1][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x == x0:
            return y0  # exactly on a point: its value (no rounding at category bounds)
        if x == x1:
            return y1
        if x0 < x < x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


class Curve:
    """Damage ratio curve: one category per intensity."""

    def __init__(self, name, spec, thresholds):
        self.lognormal = spec.get("lognormal")
        self.no_damage_below = float(spec.get("no_damage_below", 0.0))
        pts = spec.get("points")
        if self.lognormal is None and (not pts or any(len(p) != 2 for p in pts)):
            raise UsageError(f"vulnerability {name}: a curve needs points [[x, ratio], ...]")
        self.points = sorted((float(x), float(y)) for x, y in pts or [])
        self.rr = float(thresholds.get("rusak_ringan", 0.30))
        self.rs = float(thresholds.get("rusak_sedang", 0.45))

    def ratio(self, x):
        if self.lognormal is not None:  # InaSAFE's Padang form: Phi(ln(x / median) / beta)
            median, beta = float(self.lognormal["median"]), float(self.lognormal["beta"])
            r = phi(math.log(x / median) / beta) if x > 0 else 0.0
        else:
            r = interpolate(self.points, x)
        return 0.0 if r < self.no_damage_below else r

    def category(self, r):
        if r <= 0:
            return "tidak_rusak"
        if r <= self.rr:
            return "rusak_ringan"
        if r <= self.rs:
            return "rusak_sedang"
        return "rusak_berat"

    def assess(self, x):
        """-> [(category, fraction, ratio mass carried by that fraction)]."""
        if x is None:
            return [("tidak_rusak", 1.0, 0.0)]
        r = self.ratio(x)
        return [(self.category(r), 1.0, r)]


class Fragility:
    """Limit states with probabilities of exceedance (continuous lognormal or discrete)."""

    def __init__(self, name, spec, category_ratios):
        self.name = name
        states = spec.get("limit_states")
        if not states:
            raise UsageError(f"vulnerability {name}: a fragility needs limit_states")
        self.states = [str(s) for s in states]
        self.fmt = str(spec.get("format", "continuous"))
        ndl = spec.get("no_damage_limit")
        self.ndl = None if ndl is None else float(ndl)
        cats = spec.get("categories")
        self.cats = []
        for i, s in enumerate(self.states):
            if isinstance(cats, list):
                c = cats[i]
            elif isinstance(cats, dict):
                c = cats.get(s, s)
            else:
                c = s
            if str(c) not in CATEGORIES:
                raise UsageError(f"vulnerability {name}: limit state {s} has no category "
                                 "(name it after one or give `categories`)")
            self.cats.append(str(c))
        ratios = spec.get("damage_ratios")
        if ratios is None:
            self.ratios = [float(category_ratios.get(c, DEFAULT_CATEGORY_RATIOS[c]))
                           for c in self.cats]
            self.none_ratio = float(category_ratios.get("tidak_rusak", 0.0))
        else:
            if isinstance(ratios, list):
                self.ratios = [float(r) for r in ratios]
            else:
                self.ratios = [float(ratios.get(s, ratios.get(c)))
                               for s, c in zip(self.states, self.cats)]
            self.none_ratio = 0.0
        if self.fmt == "continuous":
            params = spec.get("params") or {}
            self.lognormal = []
            for i, s in enumerate(self.states):
                p = params[i] if isinstance(params, list) else params.get(s)
                if p is None:
                    raise UsageError(f"vulnerability {name}: no params for {s}")
                m, sd = float(p["mean"]), float(p["stddev"])
                sigma = math.sqrt(math.log(1.0 + sd * sd / (m * m)))
                median = m * m / math.sqrt(sd * sd + m * m)
                self.lognormal.append((median, sigma))
        elif self.fmt == "discrete":
            imls = [float(v) for v in spec.get("imls") or []]
            poes = spec.get("poes") or {}
            self.curves = []
            for i, s in enumerate(self.states):
                ys = poes[i] if isinstance(poes, list) else poes.get(s)
                if ys is None or len(ys) != len(imls):
                    raise UsageError(f"vulnerability {name}: poes of {s} do not match imls")
                pts = sorted((x, float(y)) for x, y in zip(imls, ys))
                # the curve starts at (no_damage_limit, 0) below the first level (as OpenQuake
                # adds it); without a limit at (0, 0): OpenQuake gives PoE 0 at intensity 0
                # and nothing below its first level, so "no shaking, no damage" (clamping to
                # the first PoE would damage dry houses)
                start = self.ndl if self.ndl is not None else 0.0
                if start < pts[0][0]:
                    pts = [(start, 0.0)] + pts
                self.curves.append(pts)
        else:
            raise UsageError(f"vulnerability {name}: format must be continuous or discrete")

    def poes(self, x):
        if self.ndl is not None and x < self.ndl:
            return [0.0] * len(self.states)
        if self.fmt == "continuous":
            out = []
            for median, sigma in self.lognormal:
                if x <= 0:
                    out.append(0.0)
                elif sigma == 0:
                    out.append(1.0 if x >= median else 0.0)
                else:
                    out.append(phi(math.log(x / median) / sigma))
            return out
        return [interpolate(pts, x) for pts in self.curves]

    def assess(self, x):
        if x is None:
            return [("tidak_rusak", 1.0, 0.0)]
        p = self.poes(x)
        fr = [1.0 - p[0]] + [p[i] - p[i + 1] for i in range(len(p) - 1)] + [p[-1]]
        out = [("tidak_rusak", fr[0], fr[0] * self.none_ratio)]
        for f, c, r in zip(fr[1:], self.cats, self.ratios):
            out.append((c, f, f * r))
        return out


def make_function(name, spec, settings):
    if not isinstance(spec, dict):
        raise UsageError(f"vulnerability {name}: must be a mapping")
    kind = spec.get("kind")
    if kind == "curve":
        return Curve(name, spec, settings.get("damage_thresholds") or {})
    if kind == "fragility":
        return Fragility(name, spec, settings.get("category_ratios") or {})
    raise UsageError(f"vulnerability {name}: kind {kind!r} is not supported by the reference")


def sector_of(own, defaults, kind, asset):
    """(sector, sub_sector) of an asset type: the exposure's `sectors`, the settings', by kind."""
    for table in (own, defaults):
        s = table.get(asset)
        if isinstance(s, dict) and "sector" in s:
            return str(s["sector"]), str(s.get("sub_sector", "lainnya"))
    return KIND_SECTORS.get(kind, OTHER_SECTOR)


class Damage:
    """The damage model of one exposure: function, money and sector per asset type."""

    def __init__(self, settings, spec, kind, functions):
        self.name, self.kind, self.spec = spec["name"], kind, spec
        vul = spec.get("vulnerability")
        self.fn_of = {}
        if isinstance(vul, str):
            self.all_fn = functions.get(vul)
            if self.all_fn is None:
                raise UsageError(f"exposure {self.name}: no vulnerability function {vul!r}")
        else:
            self.all_fn = None
            if not isinstance(vul, dict):
                raise UsageError(f"exposure {self.name}: vulnerability must name a function "
                                 "or map asset types to function names")
            for asset, fname in vul.items():
                if str(fname) not in functions:
                    raise UsageError(f"exposure {self.name}: no vulnerability function "
                                     f"{fname!r}")
                self.fn_of[str(asset)] = functions[str(fname)]
        self.value = spec.get("value") or {}
        self.costs = settings.get("costs") or {}
        self.sectors = spec.get("sectors") or {}
        self.default_sectors = settings.get("sectors") or {}

    @property
    def active(self):
        return self.all_fn is not None or bool(self.fn_of)

    def function(self, asset):
        return self.all_fn if self.all_fn is not None else self.fn_of.get(asset)

    def cost(self, asset):
        c = self.value.get(asset)
        if c is None:
            c = self.costs.get(asset)
        return c or {}

    def sector(self, asset):
        return sector_of(self.sectors, self.default_sectors, self.kind, asset)

    def needs_footprint(self, asset):
        return "cost_per_m2" in self.cost(asset)

    def value_field(self, asset):
        f = self.cost(asset).get("value_field")
        return None if f is None else str(f)

    def assess(self, asset, x, units, basis):
        """[(category, fraction, units, Rupiah)] for `units` units at intensity x, or None
        when the type has no function. basis: footprint_m2, length_m, field_value (already
        scaled to the piece)."""
        fn = self.function(asset)
        if fn is None:
            return None
        cost = self.cost(asset)
        out = {}
        for cat, f, mass in fn.assess(x):
            money = 0.0
            if "unit_cost" in cost:
                money = units * f * float((cost["unit_cost"] or {}).get(cat, 0) or 0)
            elif "cost_per_m2" in cost:
                money = basis.get("footprint_m2", 0.0) * float(cost["cost_per_m2"]) * mass
            elif "cost_per_m" in cost:
                money = basis.get("length_m", 0.0) * float(cost["cost_per_m"]) * mass
            elif "value_field" in cost:
                money = (basis.get("field_value") or 0.0) * mass
            fr, m = out.get(cat, (0.0, 0.0))
            out[cat] = (fr + f, m + money)
        return [(cat, fr, units * fr, m) for cat, (fr, m) in out.items()]


class Functions:
    """Named vulnerability functions, built when an exposure first uses one (so that a
    function kind the reference does not know only matters when it is used)."""

    def __init__(self, settings):
        self.settings = settings
        self.specs = {str(k): v for k, v in (settings.get("vulnerability") or {}).items()}
        self.built = {}

    def __contains__(self, name):
        return name in self.specs

    def get(self, name):
        if name not in self.specs:
            return None
        if name not in self.built:
            self.built[name] = make_function(name, self.specs[name], self.settings)
        return self.built[name]

    def __getitem__(self, name):
        return self.get(name)


class DamageModel:
    """Settings plus one Damage per exposure that has a vulnerability."""

    def __init__(self, base, sc):
        self.settings = merged_settings(base, sc)
        s = self.settings
        self.functions = Functions(s)
        self.by_exposure = {}
        for spec in sc.get("exposures") or []:
            if isinstance(spec, dict) and spec.get("vulnerability") is not None:
                d = Damage(s, spec, spec.get("kind", "structure"), self.functions)
                if d.active:
                    self.by_exposure[spec["name"]] = d
        self.specs = {spec["name"]: spec for spec in sc.get("exposures") or []
                      if isinstance(spec, dict) and "name" in spec}
        self.has_population = any(isinstance(e, dict) and e.get("kind") == "population"
                                  for e in sc.get("exposures") or [])
        people = s.get("people") or {}
        self.itb = str(people.get("fatality_model", "none")) == "itb"

    def sector(self, exp, asset):
        """(sector, sub_sector) of an asset type of any exposure (with or without damage)."""
        spec = self.specs[exp]
        return sector_of(spec.get("sectors") or {}, self.settings.get("sectors") or {},
                         spec.get("kind", "structure"), asset)

    @property
    def active(self):
        """Whether the tool writes the Jitupasna recap (damage or people)."""
        return bool(self.by_exposure) or self.has_population

    def fatality_rate(self, mmi):
        if not self.itb or mmi is None or (isinstance(mmi, float) and math.isnan(mmi)):
            return 0.0
        return 10.0 ** (0.62275231 * mmi - 8.03314466)
