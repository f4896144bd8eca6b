"""Cheap seeded draws: the few ``random.Random`` calls the generator makes millions of times.

Each draws exactly one ``rng.random()``, so the sequence of draws (and thus every generated region)
depends only on the order of the calls, never on the size of the population.
"""

from __future__ import annotations

import bisect
import itertools
import random
from typing import Any


def one(rng: random.Random, seq: Any) -> Any:
    """A uniform choice (like ``rng.choice``, cheaper)."""
    return seq[int(rng.random() * len(seq))]


def between(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in [low, high] (like ``rng.randint``, cheaper)."""
    return low + int(rng.random() * (high - low + 1))


def below(rng: random.Random, start: int, stop: int | None = None) -> int:
    """A uniform integer in [start, stop) or [0, start) (like ``rng.randrange``, cheaper)."""
    if stop is None:
        start, stop = 0, start
    return start + int(rng.random() * (stop - start))


_CUMULATIVE: dict[tuple[int, ...], list[int]] = {}


def pick(rng: random.Random, population: tuple[Any, ...], weights: tuple[int, ...]) -> Any:
    """One weighted choice (like ``rng.choices(population, weights)[0]``, cheaper)."""
    cumulative = _CUMULATIVE.get(weights)
    if cumulative is None:
        cumulative = _CUMULATIVE[weights] = list(itertools.accumulate(weights))
    return population[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
