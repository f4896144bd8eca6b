"""Decisions + topology + policy -> a scheduling problem -> waves, milestones, conflicts (rules 5–9, 12, 13)."""

from .build import Pins, WaveProblem, build_problem, migration_waves
from .solve import WaveOutcome, WaveSettings, legacy_cost, schedule_waves

__all__ = ["Pins", "WaveOutcome", "WaveProblem", "WaveSettings", "build_problem", "legacy_cost", "migration_waves",
           "schedule_waves"]
