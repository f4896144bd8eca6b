"""The e-government migration planner: inventory -> decisions -> waves -> plan.json -> stacks, reports."""

__version__ = "0.1.0"
