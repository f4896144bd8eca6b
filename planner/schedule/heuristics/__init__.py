"""List scheduling: the greedy (:mod:`.greedy`) and the milestone repair around it (:mod:`.repair`)."""
