"""CP-SAT: the interval and time-indexed models, their one staged solve loop, explanations, decomposition."""
