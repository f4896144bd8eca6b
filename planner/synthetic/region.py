"""The region, its counties and its departments, and how many systems each department runs.

~35 region-level departments per 400 systems (the real bureaus first, then their affiliated units),
the rest spread over the counties; systems are shared out by a random weight per department, so a
few large departments and many small ones, as in a real inventory.
"""

from __future__ import annotations

import math

from . import names
from .draws import below, between, one
from .names import cn_number, county_section, unique
from .records import Dept, Draft


def make_region(draft: Draft) -> None:
    """The region and its counties: given by the caller, or made up from syllables."""
    rng = draft.rng
    if draft.region_spec:
        spec = draft.region_spec
        draft.region = {"id": spec["id"], "name": spec["name"], "level": spec.get("level", "city"),
                        "counties": [{"id": c["id"], "name": c["name"], "townships": c["townships"]}
                                     for c in spec["counties"]]}
    else:
        province = draft.n_counties > 40
        a, b = rng.sample(names.SYLLABLES, 2)
        suffix = "省" if province else "市"
        used: dict[str, int] = {}
        counties = []
        for i in range(draft.n_counties):
            c, d = rng.sample(names.SYLLABLES, 2)
            kind = "市" if province else ("区" if i < 2 else one(rng, "县县县市"))
            counties.append({"id": unique(c[0] + d[0], used), "name": c[1] + d[1] + kind,
                             "townships": between(rng, 6, 22)})
        draft.region = {"id": a[0] + b[0], "name": a[1] + b[1] + suffix,
                        "level": "province" if province else "city", "counties": counties}
    draft.county_names = {c["id"]: c["name"] for c in draft.region["counties"]}
    draft.prefix = "省" if draft.region["level"] == "province" else "市"


def make_departments(draft: Draft) -> None:
    """~35 region-level departments per 400 systems, the rest spread over the counties."""
    rng, n, prefix = draft.rng, draft.n, draft.prefix
    n_region = max(len(names.BASE_HOLDERS) + 1, round(n * 35 / 400))
    n_total = max(n_region + draft.n_counties, round(n * 60 / 400))
    used: dict[str, int] = {}
    for i in range(n_region):
        row = names.REGION_DEPARTMENTS[i % len(names.REGION_DEPARTMENTS)]
        round_ = i // len(names.REGION_DEPARTMENTS)
        slug, name = row[0], prefix + row[1]
        if round_:
            aff_slug, aff_name = names.AFFILIATES[(round_ - 1) % len(names.AFFILIATES)]
            slug, name = f"{slug}-{aff_slug}", name + aff_name
        dept = Dept(len(draft.depts), unique(slug, used), name, None, row[3].split(), row[0], row[2])
        if round_ > len(names.AFFILIATES):
            dept.name += f"第{cn_number(round_ // len(names.AFFILIATES) + 1)}分部"
        dept.weight = (1.0 + rng.random()) * (1.4 if slug in names.BASE_HOLDERS else 1.0)
        dept.approvers = [f"{prefix}发展改革委", f"{prefix}政府办公室", f"{prefix}财政局", name]
        draft.depts.append(dept)
    per_county = [(n_total - n_region) // draft.n_counties] * draft.n_counties
    for i in range((n_total - n_region) % draft.n_counties):
        per_county[i] += 1
    for county, k in zip(draft.region["counties"], per_county, strict=True):
        picks = sorted(rng.sample(range(len(names.COUNTY_DEPARTMENTS)), min(k, len(names.COUNTY_DEPARTMENTS))))
        picks += [below(rng, len(names.COUNTY_DEPARTMENTS)) for _ in range(k - len(picks))]
        for p in picks:
            slug, name, template = names.COUNTY_DEPARTMENTS[p]
            row = names.DEPT_ROWS[template]
            sections = ["办公室"] + [county_section(s) for s in row[3].split() if s != "办公室"][: between(rng, 2, 3)]
            dept = Dept(len(draft.depts), unique(f"{county['id']}-{slug}", used), county["name"] + name,
                        county["id"], sections, template, row[2])
            dept.weight = 0.5 + 0.8 * rng.random()
            dept.approvers = [f"{county['name']}发展改革局", f"{county['name']}人民政府",
                              f"{county['name']}财政局", dept.name]
            draft.depts.append(dept)


def size_departments(draft: Draft) -> None:
    """Systems per department: a minimum each, the rest by weight (largest remainder)."""
    minimum = {}
    for d in draft.depts:
        base = sum(1 for t in names.DEPT_SYSTEMS[d.template] if t[4]) if d.is_region and d.id in names.BASE_HOLDERS else 0
        minimum[d.id] = base + 1
    spare = draft.n - sum(minimum.values())
    if spare < 0:
        raise ValueError(f"systems={draft.n}: too few for {len(draft.depts)} departments")
    total_weight = sum(d.weight for d in draft.depts)
    shares = [spare * d.weight / total_weight for d in draft.depts]
    counts = [math.floor(s) for s in shares]
    left = spare - sum(counts)
    order = sorted(range(len(draft.depts)), key=lambda i: (counts[i] - shares[i], i))
    for i in order[:left]:
        counts[i] += 1
    for d, c in zip(draft.depts, counts, strict=True):
        d.count = minimum[d.id] + c
