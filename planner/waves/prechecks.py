"""Hard limits no schedule can get around, checked before any solve and said in a manager's words.

A tight group must cut over in one wave (rule 7), so it needs all of its migration slots at once,
moves all of its data in one wave, and fills its cloud in one step; and every migration must end
somewhere, so all of a cloud's migrations must fit its last capacity step. When one of these
cannot hold, no time limit helps: the planner stops with these sentences and a fix for each
(exit 4), and `planner validate` says the same before anyone waits for a solve.
"""

from __future__ import annotations

from collections import defaultdict

from ..model import Inventory, Topology
from ..vocabulary import split_key
from .build import CUTOVERS, DATA_UNIT, MEMORY_UNIT, STORAGE_UNIT, WaveProblem

_DIMS = {"vcpu": (1, "{} vCPU"), "memory": (MEMORY_UNIT, "{} GB of memory"), "storage": (STORAGE_UNIT, "{} TB of storage")}


def hard_limits(wp: WaveProblem, inventory: Inventory, topology: Topology) -> list[str]:
    """Every hard limit the migrations cannot respect, one sentence each with its fix; [] when none."""
    names = {s.id: s.name for s in inventory.systems}
    p = wp.problem
    out: list[str] = []
    out += _teams(wp, inventory, {**names, **{n.id: n.name for n in inventory.networks},
                                  **{e.id: e.id for e in inventory.exits}})
    capacity = {r.name: r.capacity for r in p.resources}
    last = {s.name: (s.steps[-1][1] if s.steps else 0) for s in p.stocks}
    dates = {f"cloud:{c.id}": c.capacity[-1].from_ for c in topology.clouds}
    totals: dict[str, list[int]] = defaultdict(list)
    for members in p.units:
        acts = [p.activities[i] for i in members]
        systems = [split_key(a.id)[1] for a in acts if split_key(a.id)[0] == "system"]
        if not systems:
            continue
        who = _unit(systems, names)
        for pool, cap in capacity.items():
            need = sum(a.demands.get(pool, 0) for a in acts if a.duration)
            if 0 < cap < need:
                out.append(f"{who} must cut over in one wave and needs {need} migration slots at once; the teams "
                           f"of {_pool_words(pool, inventory)} ({wp.team_names.get(pool, '')}) have {cap} — "
                           f"raise their slots to {need}, or loosen the tight dependencies between them")
        for stock, cap in last.items():
            need = sum(a.uses.get(stock, 0) for a in acts)
            if need:
                totals[stock].append(need)
            if need > cap:
                cloud, dim = stock.rsplit(":", 1)
                out.append(f"{who} needs {_amount(dim, need)} on {cloud.split(':', 1)[1]}, which "
                           f"never offers more than {_amount(dim, cap)} (its last capacity step, from "
                           f"{dates[cloud]}) — raise that step to at least {_amount(dim, need)}, or keep "
                           f"{'them' if len(systems) > 1 else 'it'} off this cloud (migration.eligible: false with a "
                           f"blocker)")
        for limit in p.volume_limits:
            moved = sum(a.volumes.get(limit.name, 0) for a in acts)
            if limit.name.startswith(CUTOVERS):
                out += _cutovers(who, limit, moved)
                continue
            if moved > limit.limit:
                tb, cap = moved / DATA_UNIT, limit.limit / DATA_UNIT
                together = "must cut over in one wave and move" if len(systems) > 1 else "moves"
                out.append(f"{who} {together} {tb:g} TB of data; the transfer limit is {cap:g} TB a wave — raise "
                           f"transfer_tb_per_wave to at least {tb:g}" +
                           (", or loosen the tight dependencies between them" if len(systems) > 1 else ""))
    for stock, needs in sorted(totals.items()):
        need, cap = sum(needs), last[stock]
        if need > cap and len(needs) > 1 and max(needs) <= cap:
            cloud, dim = stock.rsplit(":", 1)
            out.append(f"the {len(needs)} migrations to {cloud.split(':', 1)[1]} need {_amount(dim, need)} in all, "
                       f"and it never offers more than {_amount(dim, cap)} (its last "
                       f"capacity step, from {dates[cloud]}) — raise that step to at least {_amount(dim, need)}")
    return out


# A crew pool's prefix -> (the work in words, the team id suffix and works_on of the suggested fix)
_CREW_WORDS = {"team": ("systems are to migrate", "ops", ""),
               "integrations": ("systems are to be integrated", "integration", "integrations"),
               "intranet": ("classified systems are to move to the intranet", "intranet", "intranet"),
               "decommissions": ("systems are to be switched off", "cleanup", "decommissions"),
               "networks": ("private networks are to be consolidated", "net", "networks"),
               "exits": ("internet exits are to be moved", "exit", "exits")}


def _cutovers(who: str, limit, moved: int) -> list[str]:
    """Rule 16: a tight group's cut-overs in one wave above every step of the limit."""
    most = max([limit.limit, *(cap for _, cap in limit.steps)]) if limit.name == CUTOVERS else limit.limit
    if moved <= most:
        return []
    if limit.name == CUTOVERS:
        return [f"{who} must cut over in one wave: {moved} cut-overs; the ramp allows at most {most} a wave in any "
                f"wave — raise a step of limits.cutovers_per_wave to {moved}, or loosen the tight dependencies"]
    department = limit.name.split(":", 1)[1]
    return [f"{who} must cut over in one wave: {moved} cut-overs of department {department}; at most {most} a wave — "
            f"raise limits.cutovers_per_department_per_wave to {moved}, or loosen the tight dependencies"]


def _teams(wp: WaveProblem, inventory: Inventory, names: dict[str, str]) -> list[str]:
    """Departments with work of a kind that some teams work on, but none of them serves these departments."""
    unserved: dict[str, list[str]] = defaultdict(list)
    capacity = {r.name: r.capacity for r in wp.problem.resources}
    for a in wp.problem.activities:
        for pool, q in a.demands.items():
            if q and capacity.get(pool) == 0:
                unserved[pool].append(split_key(a.id)[1])
    out = []
    for pool, ids in sorted(unserved.items()):
        prefix, county = pool.split(":", 1)
        work, suffix, kind = _CREW_WORDS.get(prefix, (f"pieces of {prefix} work are to be done", prefix, prefix))
        serves = "region" if county == "region" else county
        crew = "team" if prefix == "team" else f"team working on {kind}"
        works_on = f", works_on: {kind}" if kind else ""
        n = len(ids)
        out.append(f"no {crew} serves {_pool_words(pool, inventory)}, and {n} of their {work.replace(' are', ' is') if n == 1 else work} "
                   f"({_unit(sorted(ids), names, joiner=', ')}) — add a team to the topology's teams, "
                   f"e.g. {{id: {serves}-{suffix}, serves: {serves}, slots: 2{works_on}}}")
    return out


def _pool_words(pool: str, inventory: Inventory) -> str:
    county = pool.split(":", 1)[1]
    if county == "region":
        return "the region-level departments"
    name = next((c.name for c in inventory.region.counties if c.id == county), county)
    return f"the departments of {name} ({county})"


def _unit(systems: list[str], names: dict[str, str], joiner: str = " + ", most: int = 4) -> str:
    """'门户网站 (s1)' or 'the tight group 门户网站 (s1) + 档案管理 (s2)', at most ``most`` names."""
    shown = [f"{names[s]} ({s})" if names.get(s, s) != s else s for s in systems[:most]]
    text = joiner.join(shown) + (f" and {len(systems) - most} more" if len(systems) > most else "")
    if joiner == " + " and len(systems) > 1:
        return f"the tight {'pair' if len(systems) == 2 else 'group'} {text}"
    return text


def _amount(dim: str, amount: int) -> str:
    """'600 vCPU', '256 GB of memory', '1.5 TB of storage' from the solver's integer units."""
    unit, words = _DIMS[dim]
    return words.format(f"{amount / unit:g}")
