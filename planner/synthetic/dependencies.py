"""Who depends on whom, and what each system shares with the sharing platform.

Most systems lean loosely on the shared base systems (``unified-id`` most of all), a few on a system
of another department; the tight groups chosen in `systems` become tight dependencies. Nothing
depends on a zombie, shadow or section system, and classified systems depend on nothing.
"""

from __future__ import annotations

from typing import Any

from . import names
from .draws import one, pick
from .records import Draft, Sys


def add_dependencies(draft: Draft) -> None:
    """Loose dependencies on the base systems and across departments; the tight groups; shares."""
    rng = draft.rng
    by_id = {s.id: s for s in draft.systems}
    bases = [b for b, _ in names.BASE_DEPENDENCY_WEIGHTS if b in by_id]
    weights = tuple(w for b, w in names.BASE_DEPENDENCY_WEIGHTS if b in by_id)
    targets = [s for s in draft.systems if s.depend_target and s.role != "base"]
    for s in draft.systems:
        deps: list[dict[str, Any]] = []
        if s.role == "classified":
            pass
        elif s.role == "base":
            for target in names.BASE_DEPENDENCIES.get(s.id, ()):
                if target in by_id:
                    deps.append(_dep(target, "loose", [443]))
        else:
            for target, ports in s.tight:
                deps.append(_dep(target.id, "tight", ports))
            if bases and rng.random() < 0.65:
                picked: list[str] = []
                for _ in range(one(rng, (1, 1, 2, 2, 3))):
                    b = pick(rng, bases, weights)
                    if b not in picked:
                        picked.append(b)
                for b in picked:
                    deps.append(_dep(b, "loose", one(rng, (None, [443], [443], [8080], [443, 8080]))))
            if targets and rng.random() < 0.12:
                other = one(rng, targets)
                if other.dept is not s.dept and all(dep["system"] != other.id for dep in deps):
                    deps.append(_dep(other.id, "loose", one(rng, ([443], [8080], None))))
        if deps:
            s.record["depends_on"] = deps
        _shares(draft, s)


def _dep(system: str, coupling: str, ports: list[int] | None) -> dict[str, Any]:
    dep: dict[str, Any] = {"system": system, "coupling": coupling}
    if ports is not None:
        dep["ports"] = list(ports)
    return dep


def _shares(draft: Draft, s: Sys) -> None:
    rng = draft.rng
    if s.role == "base":
        s.record["shares"] = list(names.BASE_SHARES[s.id])
        s.record["connected_to_sharing"] = True
        return
    if s.role not in ("normal", "tight", "vertical", "blocked", "oncloud") or s.companion or rng.random() > 0.4:
        return
    shares = [f"{s.function}信息"] + ([f"{s.function}统计数据"] if rng.random() < 0.3 else [])
    s.record["shares"] = shares
    # the sharing milestone falls early: what cannot reach the extranet in time is connected already; with
    # version-2 crews no private network moves before the preset's not_before (Tai'an: sharing by 2017-12-31,
    # networks from 2018-02-01), so a system on one is connected already too (drawn as before, the same rng stream)
    off_extranet = s.network in ("internet",) or s.role in ("blocked", "vertical") or (
        s.network.startswith("net-") and draft.net(s.network).retained)
    if off_extranet or rng.random() < 0.75 or (draft.crews and s.network.startswith("net-")):
        s.record["connected_to_sharing"] = True
