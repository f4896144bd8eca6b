"""The pipeline commands (plan, verify, emit, report, progress, generate), registered on the CLI."""

from __future__ import annotations

import argparse


def add_pipeline_commands(sub: argparse._SubParsersAction) -> None:
    """Register the commands of the later pipeline stages (filled in as the stages land)."""
