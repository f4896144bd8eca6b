"""Pydantic models of the three inputs (inventory, topology, policy) and the actuals; frozen after load."""

from .actuals import Actuals, ActualsFile
from .inventory import SHARED_NETWORKS, Department, Exit, Inventory, Network, System
from .policy import Limits, Measure, Milestone, MilestoneScope, Policy, PolicyFile, ScopeLevel
from .topology import Cloud, Domain, Team, Topology, TopologyFile, WorkKind

__all__ = [
    "SHARED_NETWORKS", "Actuals", "ActualsFile", "Cloud", "Department", "Domain", "Exit", "Inventory", "Limits",
    "Measure", "Milestone", "MilestoneScope", "Network", "Policy", "PolicyFile", "ScopeLevel", "System", "Team", "Topology",
    "TopologyFile", "WorkKind",
]
