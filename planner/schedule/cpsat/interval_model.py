"""The CP-SAT model of a :class:`Problem` (no solving here; see :mod:`planner.schedule.cpsat.interval`).

Variables (one of each per activity ``i``):
    ``end[i]``  — the end of ``i``; its domain is the window [release + duration, min(deadline,
                 horizon)] less the forbidden ends (pins fix it). ``start = end - duration``.
    ``run[i]``  — interval [end - duration, end): ``i`` running (renewable resources).
    ``held[i]`` — interval [end, top + 1): ``i`` holds its stock from its end on, for good.
    ``lands[i]``— interval [end, end + 1): ``i``'s volume arrives at its end.
    ``by[m, i]``— Boolean: ``i`` ends by milestone ``m``'s time (only the implication is posted).

Stock uses the *cumulative-over-time* trick: a capacity step function ``cap(t)`` becomes one
cumulative of capacity ``max cap`` with fixed "reserve" intervals of demand ``max cap - cap(t)``
and one ``held`` interval per user, so the model stays linear in the number of activities
(per-time sums would need activities x times literals). Volume per end is a cumulative of unit
intervals for the same reason; a ramped limit ``limit(t)`` gets the same trick: capacity ``max
limit`` with fixed "reserve" intervals of demand ``max limit - limit(t)``.
"""

from __future__ import annotations

from collections.abc import Mapping

from ortools.sat.python import cp_model

from planner.schedule.bounds.critical_path import makespan_lower_bound, precedence_energy
from planner.schedule.core.problem import Deviation, Kind, Objective, Problem
from planner.schedule.core.time_domains import allowed_intervals, step_segments


class CpModel:
    """The CP-SAT model of a problem.

    With ``explain=True`` every labelled constraint group is enforced by one literal
    ``lit[label]`` (used as an assumption), time may run past the horizon (the horizon is itself
    a labelled constraint) and soft milestones count as hard.
    """

    def __init__(self, problem: Problem, *, explain: bool = False, redundant: bool = True) -> None:
        self.p = problem
        self.explain = explain
        self.redundant = redundant and not explain
        self.model = cp_model.CpModel()
        self.lit: dict[str, cp_model.IntVar] = {}
        self.top = self._top()
        self._add_variables()
        self._add_constraints()

    # ---- table of contents ---------------------------------------------------------------------

    def _add_constraints(self) -> None:
        self._activities_keep_their_windows()
        self._renewable_resources_are_not_exceeded()
        self._precedences_hold()
        self._sync_groups_end_together()
        self._stocks_never_overflow()
        self._volume_per_end_is_limited()
        self._milestones_are_counted()
        if not self.explain:
            self._objectives_are_defined()
        if self.redundant:
            self._precedence_energy_separates_activities()
        if not self.explain and self.p.objective is Objective.MAKESPAN:
            self._search_starts_earliest_first()

    # ---- helpers -------------------------------------------------------------------------------

    def _top(self) -> int:
        """Latest end the model allows: the horizon, or far enough past it to relax it (explain)."""
        p = self.p
        if not self.explain:
            return p.horizon
        base = max([p.horizon, *(a.release for a in p.activities), *(a.deadline or 0 for a in p.activities),
                    *(a.fixed_end or 0 for a in p.activities),
                    *((a.fixed_start or 0) + a.duration for a in p.activities),
                    *p.forbidden_ends, *(t for a in p.activities for t in a.forbidden_ends),
                    *(t for s in p.stocks for t, _ in s.steps)])
        slack = sum(a.duration for a in p.activities) + sum(abs(x.lag) for x in p.precedences)
        return base + slack + len(p.activities) + 1

    def _enforce(self, ct: cp_model.Constraint, label: str) -> None:
        if self.explain:
            ct.only_enforce_if(self._lit(label))

    def _lit(self, label: str) -> cp_model.IntVar:
        if label not in self.lit:
            self.lit[label] = self.model.new_bool_var(f"lit[{label}]")
        return self.lit[label]

    def _amount(self, q: int, label: str):
        """A demand that vanishes when its label is relaxed (explain mode)."""
        return q * self._lit(label) if self.explain else q

    # ---- variables -----------------------------------------------------------------------------

    def _add_variables(self) -> None:
        p, m = self.p, self.model
        self.end: list[cp_model.IntVar] = []
        self.window: list[tuple[int, int]] = []  # smallest and largest value in end[i]'s domain
        self.run: dict[int, cp_model.IntervalVar] = {}
        for i, a in enumerate(p.activities):
            lo, hi = a.release + a.duration, self.top
            if not self.explain:
                hi = min(hi, a.deadline if a.deadline is not None else hi)
                for fixed in (a.fixed_end, None if a.fixed_start is None else a.fixed_start + a.duration):
                    if fixed is not None:
                        lo, hi = max(lo, fixed), min(hi, fixed)
                allowed = allowed_intervals(lo, hi, p.end_forbidden(a))
            else:
                allowed = [(lo, hi)]
            self.window.append((allowed[0][0], allowed[-1][1]) if allowed else (lo, lo))
            if allowed:
                var = m.new_int_var_from_domain(cp_model.Domain.from_intervals(allowed), f"end[{a.id}]")
            else:  # empty window: keep the model valid, let the solver report infeasibility
                var = m.new_int_var(lo, lo, f"end[{a.id}]")
                m.add_bool_or([])
            self.end.append(var)
            if a.duration > 0 and any(a.demands.values()):
                self.run[i] = m.new_fixed_size_interval_var(var - a.duration, a.duration, f"run[{a.id}]")

    # ---- constraints ---------------------------------------------------------------------------

    def _activities_keep_their_windows(self) -> None:
        """Deadlines, horizon, pins and forbidden ends: domains, or labelled constraints (explain)."""
        if not self.explain:
            return
        p, m = self.p, self.model
        for i, a in enumerate(p.activities):
            end = self.end[i]
            self._enforce(m.add(end <= p.horizon), p.horizon_label)
            if a.deadline is not None:
                self._enforce(m.add(end <= a.deadline), a.deadline_tag)
            for fixed in (a.fixed_end, None if a.fixed_start is None else a.fixed_start + a.duration):
                if fixed is not None:
                    self._enforce(m.add(end == fixed), a.pin_tag)
            if a.duration > 0 and p.forbidden_ends:
                dom = cp_model.Domain.from_intervals(allowed_intervals(0, self.top, p.forbidden_ends))
                self._enforce(m.add_linear_expression_in_domain(end, dom), p.forbidden_label)
            if a.forbidden_ends:
                dom = cp_model.Domain.from_intervals(allowed_intervals(0, self.top, a.forbidden_ends))
                self._enforce(m.add_linear_expression_in_domain(end, dom), a.forbidden_tag)

    def _renewable_resources_are_not_exceeded(self) -> None:
        """One cumulative per renewable resource over the running intervals."""
        for r in self.p.resources:
            tasks = [(self.run[i], a.demands[r.name]) for i, a in enumerate(self.p.activities)
                     if i in self.run and a.demands.get(r.name, 0) > 0]
            if tasks:
                self.model.add_cumulative([t for t, _ in tasks], [self._amount(q, r.tag) for _, q in tasks],
                                          r.capacity)

    def _precedences_hold(self) -> None:
        """Finish-to-start: end(a) + lag <= end(b) - dur(b); end-to-end: end(a) + lag <= end(b)."""
        p = self.p
        for x in p.precedences:
            a, b = p.index[x.before], p.index[x.after]
            offset = p.activities[b].duration if x.kind is Kind.FINISH_TO_START else 0
            self._enforce(self.model.add(self.end[a] + x.lag + offset <= self.end[b]), x.tag)

    def _sync_groups_end_together(self) -> None:
        """Every member of a sync group ends with its first member."""
        p = self.p
        for g in p.sync_groups:
            first = self.end[p.index[g.members[0]]]
            for other in g.members[1:]:
                self._enforce(self.model.add(self.end[p.index[other]] == first), g.tag)

    def _stocks_never_overflow(self) -> None:
        """sum(use of activities ended by t) <= cap(t) for all t, as one cumulative per stock."""
        p, m, top = self.p, self.model, self.top
        for s in p.stocks:
            users = [(i, a.uses[s.name]) for i, a in enumerate(p.activities) if a.uses.get(s.name, 0) > 0]
            if not users:
                continue
            peak = max((cap for _, cap in s.steps), default=0)
            intervals, demands = [], []
            for lo, hi, cap in step_segments(s.steps, top + 1):
                if cap < peak:  # reserve[s, lo]: the part of the peak not yet available
                    intervals.append(m.new_fixed_size_interval_var(lo, hi - lo, f"reserve[{s.name},{lo}]"))
                    demands.append(peak - cap)
            for i, q in users:
                end = self.end[i]
                intervals.append(m.new_interval_var(end, top + 1 - end, top + 1, f"held[{s.name},{i}]"))
                demands.append(self._amount(q, s.tag))
            m.add_cumulative(intervals, demands, peak)

    def _volume_per_end_is_limited(self) -> None:
        """sum(volume of activities ending at t) <= limit(t), as a cumulative of unit intervals
        (capacity: the peak limit; below it, fixed reserve intervals hold the rest of the peak)."""
        p, m = self.p, self.model
        for v in p.volume_limits:
            users = [(i, a.volumes[v.name]) for i, a in enumerate(p.activities) if a.volumes.get(v.name, 0) > 0]
            if users:
                intervals = [m.new_fixed_size_interval_var(self.end[i], 1, f"lands[{v.name},{i}]") for i, _ in users]
                demands = [self._amount(q, v.tag) for _, q in users]
                for lo, hi, limit in step_segments(v.steps, self.top + 1, before=v.limit):
                    if limit < v.peak:  # reserve[v, lo]: the part of the peak not allowed over [lo, hi)
                        intervals.append(m.new_fixed_size_interval_var(lo, hi - lo, f"reserve[{v.name},{lo}]"))
                        demands.append(v.peak - limit)
                m.add_cumulative(intervals, demands, v.peak)

    def _milestones_are_counted(self) -> None:
        """achieved[m] = sum(weight * by[m, i]); hard: >= required; soft: shortfall[m] >= required - achieved."""
        p, m = self.p, self.model
        self.shortfall: list[cp_model.IntVar] = []
        for ms in p.milestones:
            terms, constant = [], 0
            for aid, w in ms.weights.items():
                end = self.end[p.index[aid]]
                lo, hi = self.window[p.index[aid]]
                if w == 0 or lo > ms.time:
                    continue
                if hi <= ms.time:
                    constant += w
                    continue
                by = m.new_bool_var(f"by[{ms.name},{aid}]")
                m.add(end <= ms.time).only_enforce_if(by)
                terms.append(w * by)
            achieved = sum(terms) + constant
            if ms.hard or self.explain:
                self._enforce(m.add(achieved >= ms.required), ms.tag)
            else:
                short = m.new_int_var(0, ms.required, f"shortfall[{ms.name}]")
                m.add(short >= ms.required - achieved)
                self.shortfall.append(short)

    def _objectives_are_defined(self) -> None:
        """The lexicographic stages: soft shortfall, then the objective, then the reference deviation."""
        p, m = self.p, self.model
        self.stages: list[tuple[str, cp_model.LinearExpr]] = []
        if self.shortfall:
            self.stages.append(("shortfall", sum(self.shortfall)))
        if p.objective is Objective.MAKESPAN:
            # makespan >= every end; its lower bound is the best of the cheap bounds we know
            self.makespan = m.new_int_var(0, p.horizon, "makespan")
            m.add_max_equality(self.makespan, self.end)
            m.add(self.makespan >= makespan_lower_bound(p))
            self.stages.append(("objective", self.makespan))
        else:
            self.stages.append(("objective", sum(a.weight * self.end[i] for i, a in enumerate(p.activities))))
        if p.reference is not None:
            stage = ("deviation", self._deviation(p.reference.measure))
            self.stages.insert(len(self.stages) - 1 if p.reference.before_objective else len(self.stages), stage)

    def _precedence_energy_separates_activities(self) -> None:
        """Redundant: work between two linked activities needs time between them (see bounds)."""
        pairs, tails = precedence_energy(self.p)
        acts = self.p.activities
        for i, j, lag in pairs:
            self.model.add(self.end[i] + lag <= self.end[j] - acts[j].duration)
        if self.p.objective is Objective.MAKESPAN:
            for i, tail in enumerate(tails):
                if tail:
                    self.model.add(self.end[i] + tail <= self.makespan)

    def _search_starts_earliest_first(self) -> None:
        """Branch on the activity that can start first, at its earliest start (the schedule-generation
        order that lazy-clause-generation solvers use on RCPSP); measured on PSPLIB only."""
        m, acts = self.model, self.p.activities
        starts = []
        for i, a in enumerate(acts):
            lo, hi = self.window[i]
            start = m.new_int_var(lo - a.duration, hi - a.duration, f"start[{a.id}]")  # start[i] = end[i] - dur
            m.add(start == self.end[i] - a.duration)
            starts.append(start)
        m.add_decision_strategy(starts, cp_model.CHOOSE_LOWEST_MIN, cp_model.SELECT_MIN_VALUE)

    def _deviation(self, measure: Deviation) -> cp_model.LinearExpr:
        p, m = self.p, self.model
        terms = []
        for aid, ref in p.reference.ends.items():
            end = self.end[p.index[aid]]
            if measure is Deviation.CHANGED:
                moved = m.new_bool_var(f"moved[{aid}]")  # moved[i]: i ends elsewhere than announced
                m.add(end == ref).only_enforce_if(~moved)
                terms.append(moved)
            else:
                dev = m.new_int_var(0, max(self.top, ref), f"dev[{aid}]")  # dev[i] = |end - ref|
                m.add_abs_equality(dev, end - ref)
                terms.append(dev)
        return sum(terms)

    def hint(self, ends: Mapping[str, int]) -> None:
        """Hint the solver with a schedule's ends (activity id -> end)."""
        self.model.clear_hints()
        for i, a in enumerate(self.p.activities):
            self.model.add_hint(self.end[i], ends[a.id])

    def ends(self, solver: cp_model.CpSolver) -> dict[str, int]:
        """The solved ends, activity id -> end."""
        return {a.id: solver.value(self.end[i]) for i, a in enumerate(self.p.activities)}
