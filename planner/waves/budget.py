"""How a time limit becomes a solver budget, the same for the schedule and for the explanations.

Determinism: CP-SAT stops on its deterministic time, which is the same on every run; the wall clock
only caps a run on a machine far slower than expected. Measured on the project's 2-core machines:
one deterministic second takes ~10 wall seconds of these models (0.06-0.1 per wall second).
"""

DETERMINISTIC_PER_SECOND = 0.1
TIME_INDEXED_PER_SECOND = 0.2  # time-indexed: 18.8 deterministic s in 58 wall s idle, 9 in 133 s loaded (1,000 systems)
WALL_CAP = 10.0  # a run stops by this many times its limit whatever happens (then it may not repeat)
