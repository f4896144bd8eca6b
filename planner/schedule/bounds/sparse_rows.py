"""Linear rows gathered in numpy blocks over 0/1-boxed columns, then handed to HiGHS in one go.

A block is (local row, column, coefficient) triples plus each row's lower and upper side. A column
may also be one of two constants, ZERO or ONE: its terms move to the sides. Repeated (row, column)
terms are summed; rows left without terms are dropped (and must hold for the constants alone, else
:attr:`SparseRows.infeasible`). Used by :mod:`planner.schedule.bounds.time_indexed_lp`.
"""

from __future__ import annotations

import os
import tempfile

import numpy as np
from ortools.linear_solver import linear_solver_pb2, pywraplp
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


def solve_with_duals(model: mb.ModelBuilderHelper) -> tuple[float, np.ndarray, np.ndarray] | None:
    """(optimum, values, row duals) by CLP's dual simplex, or None unless optimal. CLP because the
    duals OR-Tools returns from HiGHS do not price its LP (a 3-job example: 8 for an optimum of 14)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "lp.pb")
        model.write_model_to_proto_file(path)
        proto = linear_solver_pb2.MPModelProto()
        with open(path, "rb") as fh:
            proto.ParseFromString(fh.read())
    solver = pywraplp.Solver.CreateSolver("CLP")
    solver.LoadModelFromProto(proto)
    params = pywraplp.MPSolverParameters()
    params.SetIntegerParam(params.LP_ALGORITHM, params.DUAL)
    if solver.Solve(params) != pywraplp.Solver.OPTIMAL:
        return None
    values = np.array([v.solution_value() for v in solver.variables()])
    duals = np.array([c.dual_value() for c in solver.constraints()])
    return solver.Objective().Value(), values, duals
