"""The address space of a region (rule 11): blocks from the pools, overlapping legacy CIDRs and NAT.

    addresses = plan_addresses(inventory, topology, systems, networks)
    addresses.blocks, addresses.landing_zones, addresses.networks   # networks with prefixes and nat

The pieces, pure functions on plain tuples and strings except the last:
allocate.py (department blocks, network prefixes, county platform prefixes from a domain's pools),
overlaps.py (original CIDRs that overlap another network's, and the NAT plan with advice),
ranges.py (which ranges overlap another department's in a domain: one sweep), checks.py (rule 11
judged once: what breaks it in handed-out prefixes and NAT entries, for the verifier too), plan.py
(wires them to the decisions and the planner's models).
"""

from .address_plan import DOMAINS, AddressPlan, plan_addresses
from .allocate import (
    DEFAULT_COUNTY_PREFIX,
    DEFAULT_DEPARTMENT_PREFIX,
    Allocation,
    BlockRequest,
    allocate_blocks,
    allocate_county_platforms,
    allocate_intranet,
    department_prefixlen,
    network_prefixes,
)
from .checks import Assignment, check_allocation, check_nat
from .overlaps import (
    READDRESS_MAX_ADDRESSES,
    READDRESS_MAX_SITES,
    ConsolidatedNetwork,
    NatAdvice,
    NatPlan,
    nat_plan,
)

__all__ = [
    "DEFAULT_COUNTY_PREFIX", "DEFAULT_DEPARTMENT_PREFIX", "DOMAINS", "READDRESS_MAX_ADDRESSES",
    "READDRESS_MAX_SITES", "AddressPlan", "Allocation", "Assignment", "BlockRequest", "ConsolidatedNetwork",
    "NatAdvice", "NatPlan", "allocate_blocks", "allocate_county_platforms", "allocate_intranet",
    "check_allocation", "check_nat", "department_prefixlen", "nat_plan", "network_prefixes", "plan_addresses",
]
