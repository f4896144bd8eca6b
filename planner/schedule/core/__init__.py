"""The problem (with its validation), its parts, the result with its independent checker, time domains."""
