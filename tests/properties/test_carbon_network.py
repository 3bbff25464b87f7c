"""Properties of the supply-network engine on random small networks with loops, against a dense numpy solve.

Every path of the engine is drawn: all small blocks (triangular and dense loop inverses), and — with the size
limits lowered — loops solved by SuperLU and by preconditioned GMRES.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from tanlu.carbon import network as network_module
from tanlu.carbon import network_loops
from tanlu.carbon.network import Network

Floats = npt.NDArray[np.float64]
PATHS = ("blocks", "splu", "gmres")


@st.composite
def networks(draw: st.DrawFn) -> tuple[sp.csr_array, Floats, str]:
    """A random ``Q`` with gain below 1 (each column of ``|Q|`` sums to at most 0.9), an ``e`` and a path."""
    n = draw(st.integers(1, 14))
    count = draw(st.integers(0, 3 * n))
    cells = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.floats(-1.0, 1.0))
    lines = draw(st.lists(cells, min_size=count, max_size=count))
    q = np.zeros((n, n))
    for i, j, value in lines:
        q[i, j] += value
    sums = np.abs(q).sum(axis=0)
    q = q * np.where(sums > 0.9, 0.9 / np.maximum(sums, 1e-300), 1.0)
    e = np.array(draw(st.lists(st.floats(-100.0, 100.0), min_size=n, max_size=n)))
    return sp.csr_array(q), e, draw(st.sampled_from(PATHS))


@contextmanager
def path(name: str) -> Iterator[None]:
    """Route loops of two nodes or more through the chosen solver by lowering the size limits."""
    dense_max = 1 if name != "blocks" else network_module.DENSE_MAX
    splu_max = 1 if name == "gmres" else network_loops.SPLU_MAX
    with (
        mock.patch.object(network_module, "DENSE_MAX", dense_max),
        mock.patch.object(network_loops, "SPLU_MAX", splu_max),
    ):
        yield


def dense(q: sp.csr_array) -> Floats:
    return np.eye(q.shape[0]) - q.toarray()


@settings(max_examples=150, deadline=None)
@given(networks())
def test_equals_a_dense_solve_with_a_tiny_residual(case: tuple[sp.csr_array, Floats, str]) -> None:
    q, e, name = case
    with path(name):
        net = Network.build(q)
        f = net.solve_adjoint(e)
    expected = np.linalg.solve(dense(q).T, e)
    scale = max(1.0, float(np.abs(expected).max()))
    assert np.abs(f - expected).max() <= 1e-10 * scale
    assert np.abs(dense(q).T @ f - e).max() <= 1e-10 * max(1.0, float(np.abs(e).max()))
    assert net.last_report.residual <= 1e-10
    x = net.solve_forward(e)
    assert np.abs(x - np.linalg.solve(dense(q), e)).max() <= 1e-10 * max(1.0, float(np.abs(x).max()))


@settings(max_examples=100, deadline=None)
@given(networks(), st.floats(-10, 10), st.floats(-10, 10))
def test_linear_in_e(case: tuple[sp.csr_array, Floats, str], a: float, b: float) -> None:
    q, e1, name = case
    e2 = np.roll(e1, 1) + 1.0
    with path(name):
        net = Network.build(q)
        combined = net.solve_adjoint(a * e1 + b * e2)
        separate = a * net.solve_adjoint(e1) + b * net.solve_adjoint(e2)
        columns = net.solve_adjoint(np.column_stack([e1, e2]))
    scale = max(1.0, float(np.abs(separate).max()))
    assert np.abs(combined - separate).max() <= 1e-10 * scale
    assert np.abs(columns[:, 0] - net.solve_adjoint(e1)).max() <= 1e-10 * scale


@settings(max_examples=100, deadline=None)
@given(networks(), st.lists(st.floats(0.0, 5.0), min_size=14, max_size=14))
def test_forward_and_adjoint_are_dual(case: tuple[sp.csr_array, Floats, str], demand: list[float]) -> None:
    # eᵀ x = fᵀ d: the emissions of the amounts a demand needs equal the demand times the footprints.
    q, e, name = case
    d = np.array(demand[: q.shape[0]])
    with path(name):
        net = Network.build(q)
        x, f = net.solve_forward(d), net.solve_adjoint(e)
    scale = max(1.0, float(np.abs(e).sum() * np.abs(x).max()))
    assert abs(float(e @ x) - float(f @ d)) <= 1e-10 * scale


@settings(max_examples=100, deadline=None)
@given(networks(), st.data())
def test_update_adjoint_equals_a_full_solve(
    case: tuple[sp.csr_array, Floats, str], data: st.DataObject
) -> None:
    q, e, name = case
    n = q.shape[0]
    changed = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True))
    e_new = e.copy()
    e_new[changed] = data.draw(st.lists(st.floats(-50, 50), min_size=len(changed), max_size=len(changed)))
    with path(name):
        net = Network.build(q)
        f = net.solve_adjoint(e)
        updated = net.update_adjoint(f, e_new, changed)
        full = net.solve_adjoint(e_new)
    assert np.abs(updated - full).max() <= 1e-12 * max(1.0, float(np.abs(full).max()))
    untouched = np.setdiff1d(np.arange(n), net.downstream(changed))
    np.testing.assert_array_equal(updated[untouched], f[untouched])
