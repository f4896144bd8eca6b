"""Linear rows gathered in numpy blocks over 0/1-boxed columns, then handed to HiGHS in one go
(:meth:`SparseRows.model`, OR-Tools' model builder) or column batch by column batch (:class:`ColumnsLP`, highspy).

A block is (local row, column, coefficient) triples plus each row's lower and upper side. A column
may also be one of two constants, ZERO or ONE: its terms move to the sides. Repeated (row, column)
terms are summed; rows left without terms are dropped (and must hold for the constants alone, else
:attr:`SparseRows.infeasible`). Used by :mod:`planner.schedule.bounds.time_indexed_lp`.
"""

from __future__ import annotations

import os
import sys

import highspy
import numpy as np
from ortools.linear_solver.python import model_builder_helper as mb

ZERO, ONE = -1, -2  # columns that are constants, not variables


class SparseRows:
    def __init__(self, columns: int) -> None:
        self.n = columns
        self.lower_bound = np.zeros(columns)  # of each column
        self.upper_bound = np.ones(columns)
        self.lower: list[float] = []  # of each row
        self.upper: list[float] = []
        self.infeasible = False
        self._blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, rows: np.ndarray, cols: np.ndarray, coefs: np.ndarray, lower: np.ndarray,
            upper: np.ndarray) -> None:
        """Add a block of rows (see module doc); ``rows`` index into ``lower``/``upper``."""
        lower = np.array(lower, dtype=float)
        upper = np.array(upper, dtype=float)
        ones = cols == ONE
        shift = np.bincount(rows[ones], weights=coefs[ones], minlength=len(lower))
        lower -= shift
        upper -= shift
        keep = cols >= 0
        key = rows[keep] * self.n + cols[keep]
        coefs = coefs[keep]
        order = np.argsort(key, kind="stable")
        key, coefs = key[order], coefs[order]
        first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, dtype=np.int64)
        key, coefs = key[first], np.add.reduceat(coefs, first) if len(first) else coefs[:0]
        key, coefs = key[coefs != 0], coefs[coefs != 0]
        rows, cols = key // max(self.n, 1), key % max(self.n, 1)
        used = np.bincount(rows, minlength=len(lower)) > 0
        renumber = np.cumsum(used) - 1 + len(self.lower)
        self._blocks.append((renumber[rows], cols, coefs))
        self.lower.extend(lower[used].tolist())
        self.upper.extend(upper[used].tolist())
        if np.any((lower[~used] > 1e-9) | (upper[~used] < -1e-9)):
            self.infeasible = True

    def matrix(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, coefficient) of every term."""
        if not self._blocks:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        rows, cols, coefs = (np.concatenate(part) for part in zip(*self._blocks, strict=True))
        return rows, cols, coefs

    def columns(self, keep: np.ndarray) -> SparseRows:
        """The same rows over the columns ``keep`` only (renumbered; the others fixed at 0)."""
        out = SparseRows(len(keep))
        number = np.full(self.n, -1)
        number[keep] = np.arange(len(keep))
        rows, cols, coefs = self.matrix()
        mask = number[cols] >= 0
        out._blocks = [(rows[mask], number[cols[mask]], coefs[mask])]
        out.lower, out.upper = list(self.lower), list(self.upper)
        out.lower_bound, out.upper_bound = self.lower_bound[keep], self.upper_bound[keep]
        return out

    def model(self, objective: np.ndarray, constant: float) -> mb.ModelBuilderHelper:
        """The LP ``min objective.x + constant`` over these rows and column bounds."""
        m = mb.ModelBuilderHelper()
        m.add_var_array_with_bounds(self.lower_bound, self.upper_bound, np.zeros(self.n, dtype=bool), "x")
        nz = np.flatnonzero(objective)
        m.set_objective_coefficients(nz.tolist(), objective[nz].tolist())
        m.set_objective_offset(constant)
        rows, cols, coefs = self.matrix()
        order = np.argsort(rows, kind="stable")
        rows, cols, coefs = rows[order], cols[order].tolist(), coefs[order].tolist()
        starts = np.searchsorted(rows, np.arange(len(self.lower) + 1)).tolist()
        add, term = m.add_linear_constraint, m.add_term_to_constraint
        set_lo, set_hi = m.set_constraint_lower_bound, m.set_constraint_upper_bound
        for r, (lo, hi) in enumerate(zip(self.lower, self.upper, strict=True)):
            ct = add()
            set_lo(ct, lo)
            set_hi(ct, hi)
            for k in range(starts[r], starts[r + 1]):
                term(ct, cols[k], coefs[k])
        return m


class ColumnsLP:
    """``min cost.x`` over these rows, its columns added in batches: HiGHS's simplex (highspy) starts each
    solve from the last basis, so a round of column generation costs what the new columns change
    (10,000 systems: 41,000 iterations for the first 82,000 columns, 2,300 for the sixth round).

    Single-threaded, no time limit: the same rows and batches give the same answer on every run.
    """

    def __init__(self, rows: SparseRows, cost: np.ndarray) -> None:
        self.cost = np.asarray(cost, dtype=float)
        self.lower_bound, self.upper_bound = rows.lower_bound, rows.upper_bound
        r, c, v = rows.matrix()
        order = np.lexsort((r, c))
        self._row, self._value = r[order].astype(np.int32), v[order]
        self._start = np.searchsorted(c[order], np.arange(rows.n + 1))
        self.order = np.zeros(0, dtype=np.int64)  # the columns in the LP, in the order they were added
        self._where = np.zeros(0, dtype=np.int64)  # their positions among HiGHS's columns (slacks come between)
        self._columns = 0
        self.h = _highs()
        inf = highspy.kHighsInf
        lower, upper = np.array(rows.lower, dtype=float), np.array(rows.upper, dtype=float)
        self.h.addRows(len(lower), np.where(np.isfinite(lower), lower, -inf), np.where(np.isfinite(upper), upper, inf),
                       0, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0))

    def add(self, columns: np.ndarray) -> None:
        """Add ``columns`` (indices into the rows' columns), each with its cost, bounds and terms."""
        columns = np.asarray(columns, dtype=np.int64)
        count = self._start[columns + 1] - self._start[columns]
        first = np.r_[0, np.cumsum(count)[:-1]]
        terms = np.repeat(self._start[columns] - first, count) + np.arange(int(count.sum()))
        self.h.addCols(len(columns), self.cost[columns], self.lower_bound[columns], self.upper_bound[columns],
                       int(count.sum()), first.astype(np.int32), self._row[terms], self._value[terms])
        self.order = np.r_[self.order, columns]
        self._where = np.r_[self._where, np.arange(self._columns, self._columns + len(columns))]
        self._columns += len(columns)

    def add_slacks(self, rows: np.ndarray, cost: float) -> None:
        """A column ``>= 0`` of ``cost`` with coefficient 1 in each of ``rows`` (each its own): those rows
        may be short, at that price (milestones that may be missed keep the LP feasible)."""
        n = len(rows)
        self.h.addCols(n, np.full(n, float(cost)), np.zeros(n), np.full(n, highspy.kHighsInf), n,
                       np.arange(n, dtype=np.int32), np.asarray(rows, dtype=np.int32), np.ones(n))
        self._columns += n

    def solve(self) -> tuple[float, np.ndarray, np.ndarray] | None:
        """(optimum with the slacks' cost, values of :attr:`order`'s columns, row duals), or None unless optimal. The duals price
        the LP as ``cost - A^T duals`` (checked: their Lagrangian meets the optimum once no column prices out)."""
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        solution = self.h.getSolution()
        return (self.h.getInfo().objective_function_value, np.array(solution.col_value)[self._where],
                np.array(solution.row_dual))


def _highs() -> highspy.Highs:
    """A silent, single-threaded HiGHS (its first construction prints a banner on file descriptor 1)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    for option, value in (("output_flag", False), ("threads", 1), ("solver", "simplex"), ("simplex_strategy", 1),
                          ("random_seed", 0)):  # dual simplex: 21 s for the rounds above, primal 254 s
        h.setOptionValue(option, value)
    return h
