"""Runs of small strongly connected components: ``M = L · Bd`` with ``L`` unit lower triangular.

``M`` is the adjoint matrix ``Aᵀ`` in block-triangular order (inputs before the products that consume them), so it
is block lower triangular with small diagonal blocks: 1 × 1 for a part in no loop, a few nodes for a local loop
(scrap remelted in-house, a co-product fed back). Writing ``M = N + Bd`` with ``Bd`` the block diagonal and ``N`` the
strictly block-lower rest, ``M = (I + N Bd⁻¹) Bd``. Because ``Bd⁻¹`` mixes columns only inside a block and ``N`` has
entries only below its block, ``L = I + N Bd⁻¹`` is unit lower triangular *entry by entry*: one call of scipy's
compiled triangular solve does the whole network, and the loops cost one small dense inverse each (their
fill-in is confined to their own columns). No LU of the whole matrix is ever formed — that is what makes a
million-part network a second's work instead of minutes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.linalg import spsolve_triangular

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

DENSE_MAX = 256
"""Largest loop (nodes) solved by a dense inverse; larger ones get a solver of their own (network_loops)."""
_SCALED_COLUMNS = 1 << 16
"""Columns of the triangular factor scaled at a time."""


def entry_columns(m: sp.csc_array) -> Ints:
    """The column of every stored entry of a CSC matrix (its ``indices`` give the rows)."""
    return np.repeat(np.arange(m.shape[1], dtype=np.int64), np.diff(m.indptr))


def block_columns(starts: Ints, sizes: Ints, blocks: Ints) -> Ints:
    """The positions (columns) of the given blocks, block after block."""
    lengths = sizes[blocks]
    offsets = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(starts[blocks], lengths) + offsets


def block_stacks(
    m: sp.csc_array, starts: Ints, sizes: Ints, blocks: Ints
) -> dict[int, tuple[Ints, npt.NDArray[np.float64]]]:
    """The dense diagonal blocks ``blocks`` of ``m``, grouped by size: ``{size: (block ids, array (count, s, s))}``.

    Grouping by size lets numpy invert or take eigenvalues of a thousand 3 × 3 loops in one call. Only the
    blocks' own columns are read.
    """
    if len(blocks) == 0:
        return {}
    columns = block_columns(starts, sizes, blocks)
    sub = sp.csc_array(m[:, columns])
    col = columns[entry_columns(sub)]
    row = sub.indices.astype(np.int64)
    block_of = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    inside = block_of[row] == block_of[col]
    e_block = block_of[col[inside]]
    e_row = row[inside] - starts[e_block]
    e_col = col[inside] - starts[e_block]
    e_val = sub.data[inside]
    stacks: dict[int, tuple[Ints, npt.NDArray[np.float64]]] = {}
    for size in np.unique(sizes[blocks]):
        ids = blocks[sizes[blocks] == size]
        slot = np.full(len(sizes), -1, dtype=np.int64)
        slot[ids] = np.arange(len(ids))
        mine = slot[e_block] >= 0
        stack = np.zeros((len(ids), int(size), int(size)))
        np.add.at(stack, (slot[e_block[mine]], e_row[mine], e_col[mine]), e_val[mine])
        stacks[int(size)] = (ids, stack)
    return stacks


def dense_loop_gains(stacks: dict[int, tuple[Ints, npt.NDArray[np.float64]]]) -> dict[int, float]:
    """Spectral radius of ``Q`` on each small loop, from its block ``B = I − Qᵀ``: ``{block id: gain}``."""
    gains: dict[int, float] = {}
    for size, (ids, stack) in stacks.items():
        q = np.eye(size)[None, :, :] - stack
        radius = np.abs(np.linalg.eigvals(q)).max(axis=1)
        gains.update(zip(ids.tolist(), radius.tolist(), strict=True))
    return gains


class TriangularBlocks:
    """``M x = b`` for a block lower triangular ``M`` whose blocks are all small, by ``M = L · Bd``.

    Construction costs a few passes over the entries; each solve is one compiled triangular solve and one sparse
    product with ``Bd⁻¹``, for any number of right-hand sides at once.
    """

    def __init__(
        self, m: sp.csc_array, starts: Ints, sizes: Ints, stacks: dict[int, tuple[Ints, Floats]]
    ) -> None:
        n = m.shape[0]
        counts = np.diff(m.indptr)
        block_of = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
        in_loop = sizes[block_of] > 1
        diag = m.diagonal()
        singles = np.flatnonzero(~in_loop)
        inv_rows: list[Ints] = [singles]
        inv_cols: list[Ints] = [singles]
        inv_vals: list[Floats] = [1.0 / diag[singles]]
        for size, (ids, stack) in stacks.items():
            inverse = np.linalg.inv(stack)
            local_row, local_col = np.indices((size, size))
            base = starts[ids][:, None, None]
            inv_rows.append((base + local_row[None, :, :]).ravel())
            inv_cols.append((base + local_col[None, :, :]).ravel())
            inv_vals.append(np.asarray(inverse, dtype=np.float64).ravel())
        rows, cols = np.concatenate(inv_rows), np.concatenate(inv_cols)
        self.block_inverse = sp.csr_array((np.concatenate(inv_vals), (rows, cols)), shape=(n, n))
        self._block_inverse_t: sp.csr_array | None = None  # made on the first forward solve
        self.loops = int(np.count_nonzero(sizes > 1))
        # Columns of parts in no loop: L[:, j] = M[:, j] / M[j, j] (the diagonal entry becomes 1); loop columns are
        # scaled by 0. The values are scaled in place, a slice of columns at a time (no array of every entry's factor).
        column_scale = np.zeros(n)
        column_scale[singles] = 1.0 / diag[singles]
        if not self.loops:
            values = m.data.copy()
            _scale_columns(values, m.indptr, counts, np.zeros(n, dtype=np.int64), column_scale)
            self.lower = _int32(sp.csc_array((values, m.indices, m.indptr), shape=(n, n)))
            return
        # Columns of a loop: L[:, K] = I_K + N[:, K] · B_K⁻¹, N[:, K] being M[:, K] without the block itself. They
        # are computed apart (few entries, read from the loop columns only) and put after the scaled loop columns'
        # entries, which are zero and then dropped: no merge of the whole matrix.
        loops = np.flatnonzero(in_loop)
        entries = block_columns(m.indptr[:-1].astype(np.int64), counts.astype(np.int64), loops)
        loop_rows, loop_cols = m.indices[entries], np.repeat(loops, counts[loops])
        coupling = block_of[loop_rows] != block_of[loop_cols]
        n_k = sp.csc_array(
            (m.data[entries[coupling]], (loop_rows[coupling], loop_cols[coupling])), shape=(n, n)
        )
        loop_inverse = sp.csc_array(
            (np.concatenate(inv_vals[1:]), (np.concatenate(inv_rows[1:]), np.concatenate(inv_cols[1:]))),
            shape=(n, n),
        )
        identity = sp.csc_array((np.ones(len(loops)), (loops, loops)), shape=(n, n))
        fresh = sp.csc_array(n_k @ loop_inverse + identity)
        fresh.sum_duplicates()
        lower = _append_columns(m, column_scale, fresh)
        lower.eliminate_zeros()  # the scaled loop columns, and entries of the loop columns that cancel exactly
        self.lower = _int32(lower)

    def solve(self, b: Floats, *, overwrite: bool = False) -> Floats:
        """``x`` with ``M x = b``; ``overwrite``: ``b`` may be written over (no copy of it is made)."""
        y = spsolve_triangular(
            self.lower, b, lower=True, unit_diagonal=True, overwrite_A=True, overwrite_b=overwrite
        )
        return np.asarray(self.block_inverse @ y, dtype=np.float64)

    def solve_transposed(self, b: Floats) -> Floats:
        """``x`` with ``Mᵀ x = b`` (the forward direction: amounts of every node for a demand)."""
        if self._block_inverse_t is None:
            self._block_inverse_t = sp.csr_array(self.block_inverse.T)
        w = np.asarray(self._block_inverse_t @ b, dtype=np.float64)
        return np.asarray(
            spsolve_triangular(self.lower.T, w, lower=False, unit_diagonal=True, overwrite_A=True),
            dtype=np.float64,
        )


def _append_columns(m: sp.csc_array, scale: Floats, fresh: sp.csc_array) -> sp.csc_array:
    """``m`` with each column's entries times ``scale`` and, after them, that column's entries of ``fresh``.

    Where ``fresh`` has entries ``scale`` is zero (the loop columns), so once the zeros are dropped the result is
    canonical without a merge or a sort. The few fresh entries are inserted into copies of ``m``'s values and row
    indices, which are then scaled in place: no array of every entry's column or factor is made.
    """
    n = m.shape[0]
    own, added = np.diff(m.indptr), np.diff(fresh.indptr)
    indptr = m.indptr.astype(np.int64) + fresh.indptr
    before = np.repeat(m.indptr[1:], added)  # the end of the column's own entries
    values = np.insert(m.data, before, fresh.data)
    rows = np.insert(m.indices, before, fresh.indices.astype(m.indices.dtype, copy=False))
    _scale_columns(values, indptr, own, added, scale)
    return sp.csc_array((values, rows, indptr), shape=(n, n))


def _scale_columns(values: Floats, indptr: Ints, own: Ints, added: Ints, scale: Floats) -> None:
    """Multiply, in place, the first ``own[j]`` entries of every column ``j`` by ``scale[j]`` and leave the
    ``added[j]`` after them as they are, :data:`_SCALED_COLUMNS` columns at a time."""
    n = scale.size
    for start in range(0, n, _SCALED_COLUMNS):
        stop = min(start + _SCALED_COLUMNS, n)
        factors = np.column_stack([scale[start:stop], np.ones(stop - start)]).ravel()
        lengths = np.column_stack([own[start:stop], added[start:stop]]).ravel()
        values[indptr[start] : indptr[stop]] *= np.repeat(factors, lengths)


def _int32(matrix: sp.csc_array) -> sp.csc_array:
    """32-bit indices, what SuperLU takes: no conversion on each solve."""
    matrix.indices = matrix.indices.astype(np.int32, copy=False)
    matrix.indptr = matrix.indptr.astype(np.int32, copy=False)
    return matrix
