"""Findings: what the inputs ask for that a later stage cannot honour, reported and never silently patched.

Each check is a small function adding findings of one or two kinds (stable slugs):

- tight-group-mixes-classified      a tight group holds classified and non-classified systems in service
- tight-group-split                 a tight group ends partly on a cloud, partly where it is
- integration-target-is-zombie      a section system's best integration target is decommissioned
- decommissioned-still-depended-on  systems in service depend on a decommissioned system
- published-service-decommissioned  an exit publishes a decommissioned system
- published-service-on-intranet     an exit publishes a system that ends up on the intranet
- classified-system-exposed         a classified system sits on the internet, the extranet or gov-cloud today
- unclassified-system-on-classified-network
- classified-section-system         rule 3 cannot hold: a classified section system goes to the intranet
- dependency-crosses-intranet       a loose dependency between an intranet system and one outside
- classified-network-has-exit       an internet exit sits behind a classified network
- replaceable-cycle                 systems replaceable by each other in a circle
- no-cloud-for-domain               an eligible system has no cloud of its domain in the topology
"""

from __future__ import annotations

from .. import plan
from ..model import System
from ..rules.places import ends_on_intranet
from ..vocabulary import EXTRANET_DOMAINS, INTERNET
from .decisions import SystemDecision
from .networks import some_ids
from .systems import Context, describe, integration_candidates

EXPOSED_NETWORKS = (INTERNET, *EXTRANET_DOMAINS)


class Findings:
    """Collects findings and tags the systems they name."""

    def __init__(self, decisions: dict[str, SystemDecision]) -> None:
        self.decisions = decisions
        self.items: list[plan.Finding] = []

    def add(self, kind: str, objects: list[str], text: str, systems: list[str] | None = None) -> None:
        self.items.append(plan.Finding(kind=kind, objects=objects, text=text))
        for sid in objects if systems is None else systems:
            tags = self.decisions[sid].findings
            if kind not in tags:
                tags.append(kind)

    def sorted(self) -> list[plan.Finding]:
        return sorted(self.items, key=lambda f: (f.kind, f.objects))


def end_of(sid: str, decisions: dict[str, SystemDecision]) -> SystemDecision:
    """The decision that says where a system ends up: an integrated system ends where its target does."""
    d = decisions[sid]
    return decisions[d.target] if d.action == "integrate" and d.target else d


def on_intranet(sid: str, graph, decisions: dict[str, SystemDecision], network_actions: dict[str, str]) -> bool:
    """Whether ``sid`` ends up on the intranet (:func:`planner.rules.places.ends_on_intranet`, of its target
    when it is integrated)."""
    d = decisions[sid]
    where = d.target if d.action == "integrate" and d.target else sid
    return ends_on_intranet(graph.systems[where], decisions[where].action, network_actions)


def collect(ctx: Context, decisions: dict[str, SystemDecision], cycles: list[list[str]],
            network_actions: dict[str, str] | None = None) -> list[plan.Finding]:
    """Every finding, sorted by kind and objects."""
    found = Findings(decisions)
    network_actions = network_actions or {}
    _tight_groups(ctx, decisions, found, network_actions)
    _integration_targets(ctx, decisions, found)
    _decommissioned_dependencies(ctx, decisions, found)
    _published_decommissioned(ctx, decisions, found, network_actions)
    _classified_placement(ctx, decisions, found)
    _crossing_dependencies(ctx, decisions, found, network_actions)
    _classified_network_exits(ctx, found)
    _replaceable_cycles(ctx, cycles, found)
    _missing_clouds(decisions, found)
    return found.sorted()


def _live(sid: str, decisions: dict[str, SystemDecision]) -> bool:
    return decisions[sid].action != "decommission"


def _tight_groups(ctx: Context, decisions: dict[str, SystemDecision], found: Findings,
                 network_actions: dict[str, str]) -> None:
    """A tight group must cut over together; it cannot when it spans the intranet or the cloud boundary."""
    for group in ctx.graph.move_groups():
        live = [m for m in group if _live(m, decisions)]
        secret = [m for m in live if on_intranet(m, ctx.graph, decisions, network_actions)]
        open_ = [m for m in live if m not in secret]
        if secret and open_:
            found.add("tight-group-mixes-classified", live,
                      f"tight group {group[0]} joins {some_ids(secret)} (on the intranet) with {some_ids(open_)} "
                      f"(outside it); the intranet is isolated, so they cannot work together — loosen the coupling "
                      f"or re-examine the classification")
            continue
        ends = {m: end_of(m, decisions).action for m in live}
        cloud = [m for m in live if ends[m] in ("migrate", "on-cloud")]
        stay = [m for m in live if ends[m] == "stay"]
        if cloud and stay:
            found.add("tight-group-split", live,
                      f"tight group {group[0]}: {some_ids(cloud)} end on a cloud while {some_ids(stay)} stay where "
                      f"they are; the tight dependency will cross the cloud boundary — resolve the stay reasons "
                      f"or loosen the coupling")


def _integration_targets(ctx: Context, decisions: dict[str, SystemDecision], found: Findings) -> None:
    """A section system whose best fit, by the integration score, is a zombie being decommissioned."""
    pools: dict[str, list[System]] = {}
    for s in sorted(ctx.systems.values(), key=lambda s: s.id):
        if not s.classified and s.scope != "section":
            pools.setdefault(s.department, []).append(s)
    for sid, s in sorted(ctx.systems.items()):
        d = decisions[sid]
        if s.scope != "section" or d.action not in ("integrate", "stay"):
            continue
        ranked = integration_candidates(s, pools.get(s.department, []))
        if not ranked or decisions[ranked[0].id].action != "decommission":
            continue
        zombie = ranked[0]
        if not zombie.shared and d.action == "integrate":
            continue  # it only led on users or scope: nothing of its function is lost
        instead = f"it is merged into {d.target} instead" if d.action == "integrate" else "it stays instead"
        d.reasons.append(f"{zombie.id} would fit best ({describe(zombie)}) but is decommissioned as a zombie")
        found.add("integration-target-is-zombie", [sid, zombie.id],
                  f"{sid}'s best integration target {zombie.id} is a zombie and is decommissioned; {instead} — "
                  f"check whether {zombie.id}'s function must be kept")


def _decommissioned_dependencies(ctx: Context, decisions: dict[str, SystemDecision], found: Findings) -> None:
    """Still decommission (the zombie/shadow rule holds, no dependent is tight), but put the dependants in front of a person.

    A dependency on a zombie is often a stale configuration entry; when it is real, the dependants
    must be moved first. Either way a person decides, so it is a finding and a next step.
    """
    for sid, d in decisions.items():
        if d.action != "decommission":
            continue
        users = [u for u in ctx.graph.dependents_of(sid) if _live(u, decisions)]
        if not users:
            continue
        by = ctx.systems[sid].replaceable_by
        onto = f"onto {by}" if by and _live(by, decisions) else "onto another system"
        d.reasons.append(f"still depended on by {len(users)} systems in service: {some_ids(users)}")
        d.next_step = f"move {some_ids(users, 5)} {onto} before switching {sid} off"
        found.add("decommissioned-still-depended-on", [sid, *users],
                  f"{sid} is decommissioned but {some_ids(users)} still depend on it (loosely: a tight dependent "
                  f"would keep it, rule 3); move them {onto} before switching it off, or correct the zombie evidence")


def _published_decommissioned(ctx: Context, decisions: dict[str, SystemDecision], found: Findings,
                              network_actions: dict[str, str]) -> None:
    """Published services that are not re-published: switched off, or ending up on the isolated intranet."""
    for ex in sorted(ctx.inventory.exits, key=lambda e: e.id):
        for pub in sorted(ex.published, key=lambda p: (p.system, p.port)):
            if decisions[pub.system].action == "decommission":
                found.add("published-service-decommissioned", [ex.id, pub.system],
                          f"exit {ex.id} publishes {pub.system}:{pub.port}, which is decommissioned; it is not "
                          f"re-published on the platform — tell its users or name a replacement",
                          systems=[pub.system])
            elif on_intranet(pub.system, ctx.graph, decisions, network_actions):
                found.add("published-service-on-intranet", [ex.id, pub.system],
                          f"exit {ex.id} publishes {pub.system}:{pub.port} to the internet, but it ends up on the "
                          f"e-government intranet, which never reaches the internet; it is not re-published on "
                          f"the platform — move it to the extranet or the cloud if citizens must reach it",
                          systems=[pub.system])


def _classified_placement(ctx: Context, decisions: dict[str, SystemDecision], found: Findings) -> None:
    """Classified systems in the open today, open systems on classified networks, classified section systems."""
    for sid, s in sorted(ctx.systems.items()):
        net = ctx.networks.get(s.network)
        if s.classified and (s.network in EXPOSED_NETWORKS or s.hosting == "gov-cloud"):
            where = "on the government cloud" if s.hosting == "gov-cloud" else f"on the {s.network}"
            found.add("classified-system-exposed", [sid],
                      f"classified system {sid} runs {where} today, against secrecy law; take it off at once, "
                      f"before its move to the intranet")
        if not s.classified and net is not None and net.classified and _live(sid, decisions):
            found.add("unclassified-system-on-classified-network", [sid, net.id],
                      f"{sid} is not classified but runs on the classified network {net.id}, which moves to the "
                      f"intranet; confirm its classification", systems=[sid])
        if s.classified and s.scope == "section" and decisions[sid].action == "intranet":
            found.add("classified-section-system", [sid],
                      f"{sid} exists in the name of section {s.section} but is classified: it goes to the "
                      f"intranet and is not integrated into a department system (rule 2 before rule 3)")


def _crossing_dependencies(ctx: Context, decisions: dict[str, SystemDecision], found: Findings,
                           network_actions: dict[str, str]) -> None:
    """The intranet is isolated: a loose dependency across it cannot work (tight ones are group findings)."""
    for src, dst, coupling, _ in ctx.graph.dependencies():
        if coupling != "loose" or not (_live(src, decisions) and _live(dst, decisions)):
            continue
        a = on_intranet(src, ctx.graph, decisions, network_actions)
        b = on_intranet(dst, ctx.graph, decisions, network_actions)
        if a != b:
            found.add("dependency-crosses-intranet", [src, dst],
                      f"{src} depends on {dst} but only one of them ends up on the intranet, which is isolated from "
                      f"the extranet; no flow is planned — exchange the data through an approved gateway or drop it")


def _classified_network_exits(ctx: Context, found: Findings) -> None:
    for ex in sorted(ctx.inventory.exits, key=lambda e: e.id):
        net = ctx.networks.get(ex.network) if ex.network else None
        if net is not None and net.classified:
            found.add("classified-network-has-exit", [ex.id, net.id],
                      f"exit {ex.id} connects the classified network {net.id} to the internet; cut it before "
                      f"the network moves to the intranet", systems=[])


def _replaceable_cycles(ctx: Context, cycles: list[list[str]], found: Findings) -> None:
    for cycle in cycles:
        keeper = min(cycle, key=lambda i: (-ctx.systems[i].monthly_users, i))
        found.add("replaceable-cycle", cycle,
                  f"{some_ids(cycle, 5)} are each replaceable by another of them; {keeper} (most monthly users) is "
                  f"kept and covers the rest — check the ledger's replaceable_by entries")


def _missing_clouds(decisions: dict[str, SystemDecision], found: Findings) -> None:
    for sid, d in decisions.items():
        if "no-cloud-for-domain" in d.findings:
            found.items.append(plan.Finding(kind="no-cloud-for-domain", objects=[sid],
                                            text=f"{sid} is eligible for the cloud but the topology has no cloud of "
                                                 f"its domain; it stays until one is added"))
