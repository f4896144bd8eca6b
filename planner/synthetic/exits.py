"""Internet exits: 1–3 per department, each with a carrier, a bandwidth and a public block.

Exits sit on the office LAN or on one of the department's own consolidatable networks (never a
classified or retained one), and publish the department's migrating public-facing systems, which
is what the planner consolidates onto the shared exit platforms.
"""

from __future__ import annotations

import ipaddress

from . import names
from .draws import below, one, pick
from .ipv4 import cidr
from .records import Dept, Draft


def make_exits(draft: Draft) -> None:
    """1–3 exits per department, on the office LAN or one of its own consolidatable networks."""
    rng = draft.rng
    cursors = {c: int(ipaddress.IPv4Network(space).network_address) for c, space in names.CARRIER_SPACE.items()}
    limits = {c: int(ipaddress.IPv4Network(space).broadcast_address) for c, space in names.CARRIER_SPACE.items()}
    for d in draft.depts:
        nets = [net for net in d.networks if net.consolidatable]
        for k in range(pick(rng, (1, 2, 3), (33, 37, 30))):
            net = one(rng, nets) if nets and rng.random() < 0.45 else None
            carrier = net.carrier if net is not None and rng.random() < 0.7 else pick(rng, names.CARRIERS, names.CARRIER_WEIGHTS)
            bandwidth = one(rng, (10, 20, 50, 100, 100, 200, 300, 500, 1000) if d.is_region
                            else (10, 20, 20, 50, 50, 100, 100, 200))
            peak = max(1, round(bandwidth * rng.uniform(0.2, 0.95)))
            prefix = one(rng, (29, 29, 29, 28))
            cursors[carrier] += below(rng, 1, 4) * 16  # exits are scattered over the carrier's space
            if cursors[carrier] + 16 > limits[carrier]:
                raise ValueError(f"public address space of {carrier} exhausted")
            cost = int(round(min(300_000, max(10_000, 8000 + bandwidth * rng.uniform(300, 900))), -2))
            d.exits.append({"id": f"exit-{d.id}-{k + 1}", "department": d.id,
                            "network": net.id if net is not None else None, "carrier": carrier,
                            "bandwidth_mbps": bandwidth, "peak_mbps": peak,
                            "public_cidrs": [cidr(cursors[carrier], prefix)], "yearly_cost_cny": cost})
        _publish(draft, d)
        draft.exits.extend(d.exits)


def _publish(draft: Draft, d: Dept) -> None:
    """Each migrating public-facing system of the department behind its own network or the LAN."""
    rng = draft.rng
    for s in d.systems:
        if not (s.public and s.role in ("normal", "tight", "base")) or s.network.startswith("extranet"):
            continue
        exit_ = next((e for e in d.exits if e["network"] == s.network), None) or next(
            (e for e in d.exits if e["network"] is None), None) or d.exits[0]
        ports = pick(rng, ([443], [80], [80, 443]), (70, 15, 15))
        exit_.setdefault("published", []).extend({"system": s.id, "port": p} for p in ports)
        s.published = True
