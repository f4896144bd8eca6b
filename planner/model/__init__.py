"""Pydantic models of the three inputs (inventory, topology, policy) and the actuals; frozen after load."""

from .actuals import Actuals, ActualsFile
from .inventory import SHARED_NETWORKS, Department, Exit, Inventory, Network, System
from .policy import Measure, Milestone, Policy, PolicyFile
from .topology import Cloud, Domain, Topology, TopologyFile

__all__ = [
    "SHARED_NETWORKS", "Actuals", "ActualsFile", "Cloud", "Department", "Domain", "Exit", "Inventory",
    "Measure", "Milestone", "Network", "Policy", "PolicyFile", "System", "Topology", "TopologyFile",
]
