"""The supply-network engine: footprints of every node of a technosphere from one adjoint solve.

Arrays in, arrays out — nothing here knows products, sheets or units. With ``Q[i, j]`` the quantity of node ``i``
consumed per declared unit of node ``j`` and ``A = I − Q``, the footprint vector solves ``Aᵀ f = e``
(``e``: direct emissions per declared unit). One solve gives every product; a demand-driven engine solves
``A x = d`` once per product, which is ``n`` times the work (:meth:`Network.solve_forward` is that direction,
used for contribution trees).

How it exploits the structure (measurements in ``docs/performance.md``): supply chains are almost acyclic, so the
nodes are grouped into strongly connected components, which scipy labels in reverse topological order. Sorted by
them, ``Aᵀ`` is block lower triangular. Runs of small components are solved as ``L · Bd`` with a unit triangular
``L`` (:mod:`~tanlu.carbon.network_blocks`); each large component gets SuperLU or preconditioned GMRES
(:mod:`~tanlu.carbon.network_loops`); the pieces are chained by block forward substitution. The ordering and all
factors are cached in the :class:`Network`; every solve reports its residual.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, connected_components

from tanlu.carbon.network_blocks import DENSE_MAX, TriangularBlocks, block_stacks, dense_loop_gains
from tanlu.carbon.network_loops import LoopSolver
from tanlu.errors import InputError

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

GAIN_TOLERANCE = 1e-10
"""A loop whose gain is within this of 1 is refused: its solution would be dominated by rounding."""

REFINE_ABOVE = 1e-12
"""A relative residual above this triggers one step of iterative refinement."""


class NoFiniteSolution(InputError):
    """A loop consumes at least one unit of itself per unit made (gain ≥ 1): the amounts needed are infinite.

    ``components`` holds the node indices of each such loop, so the caller can name its products and rows.
    """

    def __init__(self, components: list[list[int]], labels: Sequence[str] | None = None) -> None:
        self.components = components

        def name(node: int) -> str:
            return str(labels[node]) if labels is not None else str(node)

        loops = "; ".join(
            ", ".join(name(node) for node in nodes[:10])
            + (f" and {len(nodes) - 10} more" if len(nodes) > 10 else "")
            for nodes in components
        )
        plural = "loops have" if len(components) > 1 else "loop has"
        super().__init__(
            f"no finite solution: the {plural} a gain of 1 or more (each unit made needs at least one unit of "
            f"itself, directly or through its inputs): {loops}"
        )


@dataclass(frozen=True)
class SolveReport:
    """How the last solve went: which method, how exact, and the structure it met."""

    method: str
    residual: float
    components: int
    largest_component: int
    seconds: float


@dataclass(frozen=True)
class _Segment:
    """A run of positions ``start:stop`` of the block order, solved by one solver."""

    start: int
    stop: int
    solver: TriangularBlocks | LoopSolver
    before: sp.csr_array | None  # M[start:stop, :start] — couples to upstream positions (adjoint direction)
    after: sp.csr_array | None  # M[stop:, start:stop]ᵀ — couples to downstream positions (forward direction)


class Network:
    """A technosphere analysed once (components, order, factors), solved as often as needed.

    Build it with :meth:`build`; ``solve_adjoint`` gives footprints, ``solve_forward`` amounts for a demand,
    ``update_adjoint`` re-solves after a change of some nodes' direct emissions.
    """

    def __init__(
        self,
        q: sp.csr_array,
        *,
        order: Ints,
        segments: list[_Segment],
        components: int,
        largest: int,
        methods: str,
    ) -> None:
        self.n = q.shape[0]
        self.q = q
        self.order = order
        self.segments = segments
        self.components = components
        self.largest_component = largest
        self.methods = methods
        self.last_report = SolveReport(methods, 0.0, components, largest, 0.0)
        self._q_transposed: sp.csr_array | None = None

    @classmethod
    def build(cls, q: sp.sparray | sp.spmatrix, *, labels: Sequence[str] | None = None) -> Network:
        """Analyse the structure of ``Q`` once; raise :class:`NoFiniteSolution` for a loop with gain ≥ 1.

        ``labels`` (optional, one per node) name the nodes of a refused loop in the error message.
        """
        q = _checked(q)
        n = q.shape[0]
        if n == 0:
            return cls(
                q,
                order=np.zeros(0, dtype=np.int64),
                segments=[],
                components=0,
                largest=0,
                methods="triangular",
            )
        count, label = connected_components(q, directed=True, connection="strong")
        # scipy labels sinks first (every edge input → consumer goes from a higher label to a lower or equal one),
        # so descending labels put inputs first and make M = P Aᵀ Pᵀ block lower triangular.
        order = np.argsort(-label, kind="stable").astype(np.int64)
        position = np.empty(n, dtype=np.int64)
        position[order] = np.arange(n)
        sizes = np.bincount(label, minlength=count)[::-1].astype(np.int64)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        m = _adjoint_in_order(q, order, position)
        segments, refused = _segments(m, starts, sizes)
        if refused:
            raise NoFiniteSolution([sorted(order[p].tolist()) for p in refused], labels)
        methods = "+".join(dict.fromkeys(_method(s.solver) for s in segments))
        return cls(
            q,
            order=order,
            segments=segments,
            components=int(count),
            largest=int(sizes.max()),
            methods=methods,
        )

    def solve_adjoint(self, e: Floats) -> Floats:
        """``f`` with ``Aᵀ f = e`` — the footprint of every node; ``e`` of shape (n,) or (n, k), same shape back."""
        started = time.perf_counter()
        e = self._rhs(e)
        f = self._adjoint(e)
        residual = self._residual(f, e, transposed=True)
        if residual > REFINE_ABOVE:
            f = f + self._adjoint(e - (f - self.q.T @ f))
            residual = self._residual(f, e, transposed=True)
        self._report(residual, started)
        return f

    def solve_forward(self, demand: Floats) -> Floats:
        """``x`` with ``A x = d`` — the amount of every node needed to make the demand ``d`` ((n,) or (n, k))."""
        started = time.perf_counter()
        d = self._rhs(demand)
        x = self._forward(d)
        residual = self._residual(x, d, transposed=False)
        if residual > REFINE_ABOVE:
            x = x + self._forward(d - (x - self.q @ x))
            residual = self._residual(x, d, transposed=False)
        self._report(residual, started)
        return x

    def downstream(self, nodes: Sequence[int]) -> Ints:
        """Sorted indices whose footprint depends on ``e[nodes]`` (the nodes themselves and all their consumers)."""
        reached = np.zeros(self.n, dtype=bool)
        for node in nodes:
            if not 0 <= int(node) < self.n:
                raise IndexError(f"node {node} is not in a network of {self.n} nodes")
            if not reached[node]:
                reached[breadth_first_order(self.q, int(node), directed=True, return_predecessors=False)] = (
                    True
                )
        return np.flatnonzero(reached).astype(np.int64)

    def update_adjoint(self, f: Floats, e_new: Floats, changed: Sequence[int]) -> Floats:
        """Footprints for ``e_new`` when only ``e[changed]`` differs from the ``e`` that gave ``f``.

        By linearity ``f_new = f + Δf`` with ``Aᵀ Δf = Δe``, and ``Δe`` is zero outside ``changed``: the old
        ``e[changed]`` is ``(f − Qᵀ f)[changed]``, read from the columns of ``Q`` at the changed nodes only. The
        substitution through the cached factors leaves ``Δf`` exactly zero at every node that is not downstream of
        a change (zeros times coefficients stay zeros), so those nodes keep ``f`` bit for bit without computing
        the downstream set — that search cost more than the solve (docs/performance.md).
        """
        started = time.perf_counter()
        e_new = self._rhs(e_new)
        f = self._rhs(f)
        nodes = np.unique(np.asarray(changed, dtype=np.int64))
        if nodes.size and not (nodes[0] >= 0 and nodes[-1] < self.n):
            raise IndexError(f"nodes {nodes.tolist()} are not all in a network of {self.n} nodes")
        delta_e = np.zeros_like(e_new)
        delta_e[nodes] = e_new[nodes] - (f[nodes] - self._q_columns(nodes) @ f)
        out = f + self._adjoint(delta_e)
        self._report(self._residual(out, e_new, transposed=True), started)
        return out

    def _q_columns(self, nodes: Ints) -> sp.csr_array:
        """``Qᵀ[nodes]`` (what each node consumes), from a transposed copy of ``Q`` made on first use."""
        if self._q_transposed is None:
            self._q_transposed = sp.csr_array(self.q.T)
        return sp.csr_array(self._q_transposed[nodes])

    # -- internals -------------------------------------------------------------------------------------------

    def _rhs(self, values: Floats) -> Floats:
        array = np.asarray(values, dtype=np.float64)
        if array.ndim not in (1, 2) or array.shape[0] != self.n:
            raise ValueError(f"expected an array of shape ({self.n},) or ({self.n}, k), got {array.shape}")
        return array

    def _adjoint(self, e: Floats) -> Floats:
        """Block forward substitution over the segments, in block order, written over the permuted right-hand
        side (a segment's values are read before its solution replaces them): no other array of ``e``'s size
        is needed until the solution is put back in node order."""
        x = e[self.order]
        for seg in self.segments:
            rhs = x[seg.start : seg.stop]
            if seg.before is not None:
                rhs = rhs - seg.before @ x[: seg.start]
            x[seg.start : seg.stop] = _solve(seg.solver, rhs, transposed=False, overwrite=True)
        f = np.empty_like(x)
        f[self.order] = x
        return f

    def _forward(self, d: Floats) -> Floats:
        """Block back substitution over the segments, in reverse block order (the system is ``Mᵀ``)."""
        b = d[self.order]
        x = np.empty_like(b)
        for seg in reversed(self.segments):
            rhs = b[seg.start : seg.stop]
            if seg.after is not None:
                rhs = rhs - seg.after @ x[seg.stop :]
            x[seg.start : seg.stop] = _solve(seg.solver, rhs, transposed=True)
        out = np.empty_like(x)
        out[self.order] = x
        return out

    def _residual(self, x: Floats, b: Floats, *, transposed: bool) -> float:
        """``max |A x − b| / max |b|`` (or with ``Aᵀ``); 0 when ``b`` is 0 and so is the residual."""
        if x.size == 0:
            return 0.0
        r = self.q.T @ x if transposed else self.q @ x
        np.subtract(x, r, out=r)
        r -= b  # x − Qᵀx − b in place: no temporaries of a million rows × k columns
        error = max(float(r.max()), -float(r.min()))
        scale = max(float(b.max()), -float(b.min()))
        return error / scale if scale > 0 else error

    def _report(self, residual: float, started: float) -> None:
        self.last_report = SolveReport(
            self.methods, residual, self.components, self.largest_component, time.perf_counter() - started
        )


def _checked(q: sp.sparray | sp.spmatrix) -> sp.csr_array:
    """``Q`` as a canonical float CSR array without explicit zeros; rejects a non-square or non-finite one."""
    if not sp.issparse(q):
        raise TypeError("the technosphere Q must be a scipy.sparse array")
    if q.shape[0] != q.shape[1]:
        raise ValueError(f"the technosphere Q must be square, got shape {q.shape}")
    csr = sp.csr_array(q, dtype=np.float64)
    csr.sum_duplicates()
    csr.eliminate_zeros()
    if not np.isfinite(csr.data).all():
        raise InputError("the technosphere has a quantity that is not a finite number")
    csr.indices = csr.indices.astype(np.int32, copy=False)
    csr.indptr = csr.indptr.astype(np.int32, copy=False) if csr.nnz < 2**31 else csr.indptr
    return csr


def _adjoint_in_order(q: sp.csr_array, order: Ints, position: Ints) -> sp.csc_array:
    """``M = P Aᵀ Pᵀ`` as canonical CSC: column ``position[i]`` holds ``−Q[i, j]`` at row ``position[j]``, and the diagonal.

    Row ``i`` of ``Q`` (CSR) is column ``position[i]`` of ``M``: a row gather and an index map give ``P Qᵀ Pᵀ``
    with its rows out of order inside each column; sorting each column in place (a handful of entries each, in
    compiled code) puts them in order without the two full format conversions that would, and one merge
    subtracts it from ``I``, adding ``1 − Q[j, j]`` where a node consumes itself.
    """
    n = q.shape[0]
    gathered = sp.csr_array(q[order])
    indices = position.astype(gathered.indices.dtype)[gathered.indices]  # no 64-bit copy of every entry
    unordered = sp.csc_array((gathered.data, indices, gathered.indptr), shape=(n, n))
    del gathered  # its row indices are not needed for the merge below
    unordered.sort_indices()
    m = sp.csc_array(sp.eye_array(n, format="csc") - unordered)
    m.eliminate_zeros()
    return m


def _segments(m: sp.csc_array, starts: Ints, sizes: Ints) -> tuple[list[_Segment], list[Ints]]:
    """Cut the block order into runs of small components and single large ones; check every loop's gain.

    Returns the segments and, for each loop with gain ≥ 1, its positions (empty when all loops are finite).
    """
    n = m.shape[0]
    diag = m.diagonal()
    refused: list[Ints] = []
    singles = np.flatnonzero(sizes == 1)
    bad_singles = singles[np.abs(1.0 - diag[starts[singles]]) >= 1.0 - GAIN_TOLERANCE]
    refused.extend(np.array([starts[b]], dtype=np.int64) for b in bad_singles)
    large = np.flatnonzero(sizes > DENSE_MAX)
    cuts = sorted({0, n} | {int(starts[b]) for b in large} | {int(starts[b] + sizes[b]) for b in large})
    segments: list[_Segment] = []
    for start, stop in itertools.pairwise(cuts):
        first = int(np.searchsorted(starts, start))
        last = int(np.searchsorted(starts, stop))
        block = m if (start, stop) == (0, n) else sp.csc_array(m[:, start:stop][start:stop])
        local_starts = starts[first:last] - start
        local_sizes = sizes[first:last]
        solver: TriangularBlocks | LoopSolver
        if last - first == 1 and local_sizes[0] > DENSE_MAX:
            try:
                solver = LoopSolver(block)
                finite = solver.gain_below_one()
            except RuntimeError:  # SuperLU: the block is exactly singular, a gain of exactly 1
                finite = False
            if not finite:
                refused.append(np.arange(start, stop, dtype=np.int64))
                continue
        else:
            loops = np.flatnonzero(local_sizes > 1).astype(np.int64)
            stacks = block_stacks(block, local_starts, local_sizes, loops)
            gains = dense_loop_gains(stacks)
            bad = [b for b, gain in gains.items() if gain >= 1.0 - GAIN_TOLERANCE]
            refused.extend(np.arange(local_starts[b], local_starts[b] + local_sizes[b]) + start for b in bad)
            if bad or len(bad_singles):
                continue
            solver = TriangularBlocks(block, local_starts, local_sizes, stacks)
        before = sp.csr_array(m[start:stop, :start]) if start > 0 else None
        after = sp.csr_array(m[stop:, start:stop].T) if stop < n else None
        segments.append(_Segment(start, stop, solver, before, after))
    return segments, refused


def _solve(
    solver: TriangularBlocks | LoopSolver, rhs: Floats, *, transposed: bool, overwrite: bool = False
) -> Floats:
    """The segment's solution; ``overwrite``: ``rhs`` is the caller's working memory and may be written over."""
    if isinstance(solver, LoopSolver):
        return solver.solve(rhs, transposed=transposed)
    return solver.solve_transposed(rhs) if transposed else solver.solve(rhs, overwrite=overwrite)


def _method(solver: TriangularBlocks | LoopSolver) -> str:
    if isinstance(solver, LoopSolver):
        return solver.method
    return "block-triangular" if solver.loops else "triangular"
