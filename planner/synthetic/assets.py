"""Assets: the hosts a network scan would find, 1–3 per system on a scanned private network.

~3 % belong to no known system (the planner reports them as unknown hosts). Classified networks
are never scanned. Addresses are unique per network and avoid .0 and .255.
"""

from __future__ import annotations

from typing import Any

from .draws import below, one, pick
from .ipv4 import dotted
from .records import Draft, Net


def make_assets(draft: Draft) -> None:
    """Hosts found by a scan of the private networks; ~3 % of them belong to no known system."""
    rng = draft.rng
    for s in draft.systems:
        if not s.network.startswith("net-"):
            continue
        net = draft.net(s.network)
        if net.kind == "classified":
            continue
        for _ in range(pick(rng, (1, 2, 3), (60, 30, 10))):
            if s.companion == "db":
                ports = [one(rng, (1521, 3306, 1433))]
            elif s.public:
                ports = [80, 443]
            else:
                ports = one(rng, ([443], [8080], [80, 8080], [22, 443], [3389, 80]))
            draft.assets.append(_asset(draft, net, ports, s.id))
    scanned = [net for net in draft.networks if net.kind != "classified"]
    for _ in range(round(len(draft.assets) * 0.03)):
        net = one(rng, scanned)
        draft.assets.append(_asset(draft, net, one(rng, ([22], [3389], [80], [445, 3389], [8080], [21, 80])), None))
    order = {net.id: i for i, net in enumerate(draft.networks)}
    keyed = sorted((order[a["network"]], a.pop("_int"), i) for i, a in enumerate(draft.assets))
    draft.assets = [draft.assets[i] for _, _, i in keyed]


def _asset(draft: Draft, net: Net, ports: list[int], system: str | None) -> dict[str, Any]:
    while True:
        offset = below(draft.rng, 2, min(net.size, 65536) - 1)
        if offset % 256 not in (0, 255) and offset not in net.used:
            net.used[offset] = True
            break
    address = net.base + offset
    return {"address": dotted(address), "network": net.id, "ports": list(ports), "system": system,
            "_int": address}
