"""The rules of a valid plan as one written reading each, shared by the stages that make a plan and the
verifier that checks it (FORMATS.md "What makes a plan valid").

The planner's two halves must never read a rule differently: the decisions and the scheduling
problem are built from these readings, and the verifier judges a plan by the same ones, so a
disagreement can only be a bug in one reading, which its tests pin.

- :mod:`.zombies`   rule 3: the zombie and shadow criteria, and which zombies stay for a tight dependent
- :mod:`.orders`    rules 7 and 9: what cuts over together, what must come first
- :mod:`.places`    where a system ends up (the intranet boundary), who joins the extranet
"""
