"""One large strongly connected component: a fill-reducing LU, or GMRES preconditioned by its acyclic part.

A loop of a few hundred nodes is cheap to invert densely (:mod:`network_blocks`); a recycling loop that runs through
a large part of the network is not, and a natural-order LU of it fills in catastrophically. Up to
:data:`SPLU_MAX` nodes SuperLU with the COLAMD ordering is fast and exact. Above that the component is ordered by a
depth-first search (reverse post-order puts every input before its consumer except along the few edges that
close loops), and GMRES runs on the block preconditioned by the triangular part of that order: the rest is the
handful of loop-closing edges, a low-rank correction GMRES resolves in a few iterations whatever their gain. If it
does not converge, the component falls back to SuperLU. The residual is checked either way.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import depth_first_order
from scipy.sparse.linalg import ArpackNoConvergence, eigs, splu

from tanlu.carbon.network_blocks import TriangularBlocks

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

SPLU_MAX = 20_000
"""Largest component (nodes) factorised by SuperLU directly; larger ones are solved by preconditioned GMRES."""

DENSE_EIGENVALUES_MAX = 2_000
"""Largest loop with credits whose spectral radius is taken from all its eigenvalues (dense)."""

GMRES_RTOL = 1e-13
GMRES_STEPS = 80
GMRES_RESTARTS = 5
RESIDUAL_OK = 1e-10


def reverse_postorder(graph: sp.csr_array) -> Ints:
    """Nodes of a strongly connected graph in reverse post-order of one depth-first search from node 0.

    In this order every edge points forward except the search's back edges, which all lie on loops. The post-order
    rank comes from the pre-order and the search tree: ``post(v) = pre(v) − depth(v) + size(v) − 1``.
    """
    preorder, parent = depth_first_order(graph, 0, directed=True, return_predecessors=True)
    count = len(preorder)
    nodes = preorder.tolist()
    parents = parent.tolist()
    depth = [0] * count
    for v in nodes[1:]:
        depth[v] = depth[parents[v]] + 1
    size = [1] * count
    for v in reversed(nodes[1:]):
        size[parents[v]] += size[v]
    rank = np.empty(count, dtype=np.int64)
    rank[preorder] = np.arange(count)
    post = rank - np.asarray(depth) + np.asarray(size) - 1
    return np.argsort(-post, kind="stable").astype(np.int64)


class LoopSolver:
    """``B x = b`` and ``Bᵀ x = b`` for one large component ``B = I − Qᵀ`` (CSC, local indices)."""

    def __init__(self, block: sp.csc_array) -> None:
        self.block = block
        self.size = block.shape[0]
        self._lu: object | None = None
        self._ordered_t: sp.csr_array | None = None
        self.method = "splu"
        if self.size <= SPLU_MAX:
            self._factorise()
            return
        self.method = "gmres"
        self.order = reverse_postorder(sp.csr_array(block.T))
        ordered = sp.csc_array(block[self.order][:, self.order])
        self.ordered = ordered
        lower = sp.csc_array(sp.tril(ordered, format="csc"))
        one = np.ones(self.size, dtype=np.int64)
        self.preconditioner = TriangularBlocks(lower, np.arange(self.size, dtype=np.int64), one, {})
        self.back_edges = int(ordered.nnz - lower.nnz)

    def _factorise(self) -> None:
        self._lu = splu(sp.csc_array(self.block), permc_spec="COLAMD")
        self.method = "splu"

    def solve(self, b: Floats, *, transposed: bool = False) -> Floats:
        """``x`` with ``B x = b`` (or ``Bᵀ x = b``); ``b`` of shape (size,) or (size, k)."""
        if self.method == "gmres":
            x = self._gmres(b, transposed)
            if x is not None:
                return x
            self._factorise()
        assert self._lu is not None  # noqa: S101 — set by _factorise
        return np.asarray(self._lu.solve(np.asarray(b, dtype=np.float64), trans="T" if transposed else "N"))  # type: ignore[attr-defined]

    def _gmres(self, b: Floats, transposed: bool) -> Floats | None:
        """Preconditioned GMRES column by column in the depth-first order; None when it does not converge."""
        if transposed:
            if self._ordered_t is None:
                self._ordered_t = sp.csr_array(self.ordered.T)
            matrix = self._ordered_t
            precondition = self.preconditioner.solve_transposed
        else:
            matrix, precondition = self.ordered, self.preconditioner.solve
        columns = b.reshape(self.size, -1)[self.order]
        out = np.empty_like(columns)
        for k in range(columns.shape[1]):
            x = right_preconditioned_gmres(matrix, precondition, columns[:, k])
            if x is None:
                return None
            out[:, k] = x
        result = np.empty_like(out)
        result[self.order] = out
        return result.reshape(b.shape)

    def gain_below_one(self) -> bool:
        """Whether the spectral radius of ``Q`` on this component is below 1 (the loop has a finite solution).

        For ``Q ≥ 0`` (every input a real consumption) Perron–Frobenius makes it exact and cheap: on an irreducible
        block, ``ρ(Q) < 1`` if and only if ``(I − Qᵀ) x = 1`` has a strictly positive solution. With credits
        (negative entries) ``ρ(Q) ≤ ρ(|Q|)`` settles most cases the same way; otherwise the eigenvalues decide
        (dense up to :data:`DENSE_EIGENVALUES_MAX` nodes, else ARPACK — a loop it cannot resolve is refused).
        """
        q = sp.csc_array(sp.eye_array(self.size, format="csc") - self.block)
        if q.data.min(initial=0.0) >= 0.0:
            return self._positive_solution()
        if LoopSolver(sp.csc_array(sp.eye_array(self.size, format="csc") - abs(q)))._positive_solution():
            return True
        if self.size <= DENSE_EIGENVALUES_MAX:
            radius = float(np.abs(np.linalg.eigvals(q.toarray())).max())
        else:
            try:
                values = eigs(q, k=1, which="LM", return_eigenvectors=False, maxiter=1000, tol=1e-8)
            except ArpackNoConvergence:
                return False
            radius = float(np.abs(values).max())
        return radius < 1.0 - 1e-10

    def _positive_solution(self) -> bool:
        try:
            x = self.solve(np.ones(self.size))
        except RuntimeError:  # SuperLU: exactly singular
            return False
        return bool(np.isfinite(x).all() and (x > 0).all())


def right_preconditioned_gmres(
    matrix: sp.csr_array | sp.csc_array, precondition: Callable[[Floats], Floats], b: Floats
) -> Floats | None:
    """``x`` with ``matrix · x = b`` by restarted GMRES on ``matrix · P⁻¹``; None if the residual stays large.

    Written out (Arnoldi with Gram–Schmidt applied twice, a small least-squares problem per cycle) because scipy's
    ``gmres`` spends most of its time in Python bookkeeping on vectors of this length.
    """
    scale = float(np.abs(b).max())
    if scale == 0.0:
        return np.zeros_like(b)
    b = b / scale  # solved for max |b| = 1, so that norms neither underflow nor overflow
    x = precondition(b)
    for _ in range(GMRES_RESTARTS):
        r = b - matrix @ x
        beta = float(np.linalg.norm(r))
        if np.abs(r).max() <= RESIDUAL_OK * 1e-2:
            return x * scale
        basis = np.empty((GMRES_STEPS + 1, len(b)))
        hessenberg = np.zeros((GMRES_STEPS + 1, GMRES_STEPS))
        basis[0] = r / beta
        steps = 0
        for j in range(GMRES_STEPS):
            w = matrix @ precondition(basis[j])
            for _pass in range(2):
                h = basis[: j + 1] @ w
                w -= h @ basis[: j + 1]
                hessenberg[: j + 1, j] += h
            hessenberg[j + 1, j] = np.linalg.norm(w)
            steps = j + 1
            rhs = np.zeros(steps + 1)
            rhs[0] = beta
            y = np.linalg.lstsq(hessenberg[: steps + 1, :steps], rhs, rcond=None)[0]
            estimate = float(np.linalg.norm(hessenberg[: steps + 1, :steps] @ y - rhs))
            if estimate <= GMRES_RTOL * beta or hessenberg[j + 1, j] == 0.0:
                break
            basis[j + 1] = w / hessenberg[j + 1, j]
        x = x + precondition(y @ basis[:steps])
    if np.abs(b - matrix @ x).max() <= RESIDUAL_OK:
        return x * scale
    return None
