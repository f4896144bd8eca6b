"""Indexes over plan.json with everything classified filtered out (no Pulumi here).

Nothing classified: classified systems, classified or intranet networks, and exits or publications
that touch them are dropped here, even if the plan wrongly lists them as migrating.
"""

from __future__ import annotations

from typing import Any

from .plan_data import DOMAINS


def _is_classified_system(system: dict) -> bool:
    return bool(system.get("classified")) or system.get("action") == "intranet"


def _is_classified_network(network: dict) -> bool:
    return bool(network.get("classified")) or network.get("action") == "intranet" or network.get("domain") == "intranet"


class PlanIndex:
    """Indexes over the plan with everything classified filtered out."""

    def __init__(self, plan: dict[str, Any]):
        self.raw = plan
        self.clouds = {c["id"]: c for c in plan.get("clouds", [])}
        self.departments = {d["id"]: d for d in plan.get("departments", [])}
        self.systems = {s["id"]: s for s in plan.get("systems", []) if not _is_classified_system(s)}
        self.networks = {n["id"]: n for n in plan.get("networks", []) if not _is_classified_network(n)}
        self.classified_networks = {n["id"] for n in plan.get("networks", []) if _is_classified_network(n)}
        self.exits = {e["id"]: e for e in plan.get("exits", [])
                      if e.get("network") not in self.classified_networks}
        self.flows_into: dict[str, list[dict]] = {}
        for flow in plan.get("flows", []):
            self.flows_into.setdefault(flow.get("to"), []).append(flow)
        self._publications: list[tuple[str, dict]] | None = None

    def domain_of(self, cloud_id: str) -> str | None:
        cloud = self.clouds.get(cloud_id)
        return DOMAINS.get(cloud.get("domain", "")) if cloud else None

    def prefix(self, department: str, domain: str) -> str | None:
        return (self.departments.get(department) or {}).get("prefixes", {}).get(domain)

    def migration(self, system_id: str) -> tuple[str, int] | None:
        """(cloud, cutover wave) of a scheduled migration to a known cloud, else None."""
        s = self.systems.get(system_id)
        if not s or s.get("action") != "migrate" or s.get("wave") is None or s.get("target") not in self.clouds:
            return None
        return s["target"], int(s["wave"])


# --------------------------------------------------------------------------- publications


def publications(p: PlanIndex) -> list[tuple[str, dict]]:
    """(platform id, publication) from the platforms and from the consolidated exits, deduplicated."""
    if p._publications is None:
        p._publications = _collect_publications(p)
    return p._publications


def _collect_publications(p: PlanIndex) -> list[tuple[str, dict]]:
    seen: dict[tuple[str, str, int], dict] = {}
    for platform in p.raw.get("platforms", []):
        for pub in platform.get("published", []):
            seen.setdefault((platform["id"], pub["system"], int(pub["port"])), pub)
    for exit_ in p.exits.values():
        for pub in exit_.get("published", []):
            seen.setdefault((exit_["platform"], pub["system"], int(pub["port"])), {**pub, "exit": exit_["id"]})
    return [(key[0], pub) for key, pub in sorted(seen.items()) if pub["system"] in p.systems]


def publication_wave(p: PlanIndex, pub: dict, system_wave: int) -> int | None:
    exit_id = pub.get("exit")
    if exit_id is None:
        return system_wave
    exit_ = p.exits.get(exit_id)
    if exit_ is None or exit_.get("wave") is None:
        return None  # its exit is not consolidated (or was dropped as classified): not republished
    return max(system_wave, int(exit_["wave"]))
