"""Pulumi components that apply an e-government migration plan, read from plan.json only."""
