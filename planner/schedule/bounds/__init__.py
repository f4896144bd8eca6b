"""Lower bounds and target ends: critical path, weighted ends, slice LP, time-indexed LP, sparse rows."""
