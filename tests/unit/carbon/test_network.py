"""The supply-network engine on small networks whose footprints are known in closed form.

Conventions as in the engine: ``Q[i, j]`` is the quantity of node i per declared unit of node j, ``Aᵀ f = e``.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from tanlu.carbon import network as network_module
from tanlu.carbon import network_loops
from tanlu.carbon.network import Network, NoFiniteSolution
from tanlu.errors import InputError


def technosphere(n: int, lines: list[tuple[int, int, float]]) -> sp.csr_array:
    """``Q`` from (input, consumer, quantity per unit of the consumer) lines."""
    if not lines:
        return sp.csr_array((n, n))
    rows, cols, values = zip(*lines, strict=True)
    return sp.csr_array((values, (rows, cols)), shape=(n, n))


def ring(n: int, quantity: float) -> sp.csr_array:
    """Node k consumes ``quantity`` of node k − 1, node 0 of node n − 1: one loop of gain ``quantity**n``."""
    return technosphere(n, [((k - 1) % n, k, quantity) for k in range(n)])


def test_chain() -> None:
    # 0: purchased aluminium (1 kg CO2e/kg); 1: casting, 3 kg aluminium + 0.5 own; 2: assembly, 2 castings + 0.1.
    net = Network.build(technosphere(3, [(0, 1, 3.0), (1, 2, 2.0)]))
    f = net.solve_adjoint(np.array([1.0, 0.5, 0.1]))
    np.testing.assert_allclose(f, [1.0, 3.5, 7.1], rtol=1e-14)
    assert net.last_report.method == "triangular"
    assert net.last_report.components == 3
    assert net.last_report.largest_component == 1
    assert net.last_report.residual < 1e-14
    # Forward: one assembly needs 2 castings and 6 kg aluminium.
    np.testing.assert_allclose(net.solve_forward(np.array([0.0, 0.0, 1.0])), [6.0, 2.0, 1.0], rtol=1e-14)


def test_diamond() -> None:
    # 3 consumes 1 of node 1 and 2 of node 2; both consume node 0 (1 and 0.5 per unit).
    net = Network.build(technosphere(4, [(1, 3, 1.0), (2, 3, 2.0), (0, 1, 1.0), (0, 2, 0.5)]))
    e = np.array([2.0, 0.3, 0.7, 0.05])
    f = net.solve_adjoint(e)
    np.testing.assert_allclose(f, [2.0, 2.3, 1.7, 0.05 + 2.3 + 2 * 1.7], rtol=1e-14)
    x = net.solve_forward(np.array([0.0, 0.0, 0.0, 1.0]))
    np.testing.assert_allclose(x, [1.0 + 2 * 0.5, 1.0, 2.0, 1.0], rtol=1e-14)


def test_scrap_remelting_loop_is_the_geometric_series() -> None:
    # A casting (0) needs 1.25 kg of ingot (1); the ingot needs 0.2 kg of returned casting scrap per kg (as a
    # consumption of the casting, the remelt loop) and emits 1.5 per kg of its own. Gain ab = 0.25.
    a, b = 1.25, 0.2
    net = Network.build(technosphere(2, [(1, 0, a), (0, 1, b)]))
    e = np.array([0.4, 1.5])
    f = net.solve_adjoint(e)
    series = sum((a * b) ** k for k in range(200))
    np.testing.assert_allclose(f[0], (e[0] + a * e[1]) * series, rtol=1e-14)
    np.testing.assert_allclose(f[0], (e[0] + a * e[1]) / (1 - a * b), rtol=1e-14)
    np.testing.assert_allclose(f[1], (e[1] + b * e[0]) / (1 - a * b), rtol=1e-14)
    assert net.last_report.method == "block-triangular"
    assert net.last_report.largest_component == 2


def test_self_consumption() -> None:
    # A furnace that burns 10% of its own output: f = e / (1 − 0.1).
    net = Network.build(technosphere(1, [(0, 0, 0.1)]))
    np.testing.assert_allclose(net.solve_adjoint(np.array([9.0])), [10.0], rtol=1e-15)


def test_co_product_loop_fed_from_outside() -> None:
    # 1 and 2 trade co-products (0.3 and 0.4 per unit), both buy node 0; 3 consumes 1 of each.
    q = technosphere(4, [(2, 1, 0.3), (1, 2, 0.4), (0, 1, 1.0), (0, 2, 2.0), (1, 3, 1.0), (2, 3, 1.0)])
    e = np.array([1.0, 0.1, 0.2, 0.0])
    f = Network.build(q).solve_adjoint(e)
    g = 1 - 0.3 * 0.4
    f1 = (0.1 + 1.0 + 0.3 * (0.2 + 2.0)) / g
    f2 = (0.2 + 2.0 + 0.4 * (0.1 + 1.0)) / g
    np.testing.assert_allclose(f, [1.0, f1, f2, f1 + f2], rtol=1e-14)


@pytest.mark.parametrize(
    ("lines", "loop"),
    [
        ([(1, 0, 2.0), (0, 1, 0.5)], [0, 1]),  # gain exactly 1
        ([(1, 0, 2.0), (0, 1, 1.0)], [0, 1]),  # gain 2
        ([(1, 1, 1.0), (0, 1, 1.0)], [1]),  # a part that needs one unit of itself per unit
    ],
)
def test_loop_with_gain_one_or_more_is_refused(lines: list[tuple[int, int, float]], loop: list[int]) -> None:
    with pytest.raises(NoFiniteSolution) as caught:
        Network.build(technosphere(3, lines), labels=["casting", "ingot", "bolt"])
    assert caught.value.components == [loop]
    assert isinstance(caught.value, InputError)
    assert "no finite solution" in str(caught.value)
    assert "casting" in str(caught.value) or loop == [1]
    assert "ingot" in str(caught.value)


def test_every_refused_loop_is_named() -> None:
    q = technosphere(5, [(1, 0, 1.0), (0, 1, 1.0), (3, 2, 4.0), (2, 3, 0.5), (4, 4, 0.5)])
    with pytest.raises(NoFiniteSolution) as caught:
        Network.build(q)
    assert sorted(caught.value.components) == [[0, 1], [2, 3]]


def test_empty_network() -> None:
    net = Network.build(sp.csr_array((0, 0)))
    assert net.n == 0
    assert net.solve_adjoint(np.zeros(0)).shape == (0,)
    assert net.solve_forward(np.zeros((0, 3))).shape == (0, 3)
    assert net.downstream([]).shape == (0,)


def test_network_without_lines_returns_e() -> None:
    e = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(Network.build(technosphere(3, [])).solve_adjoint(e), e)


def test_many_right_hand_sides_at_once() -> None:
    net = Network.build(technosphere(3, [(0, 1, 3.0), (1, 2, 2.0), (2, 0, 0.01)]))
    e = np.random.default_rng(0).random((3, 5))
    f = net.solve_adjoint(e)
    assert f.shape == (3, 5)
    for k in range(5):
        np.testing.assert_allclose(f[:, k], net.solve_adjoint(e[:, k]), rtol=1e-14)
    assert net.solve_forward(e).shape == (3, 5)


def test_wrong_shapes_and_values() -> None:
    with pytest.raises(ValueError, match="square"):
        Network.build(sp.csr_array((2, 3)))
    with pytest.raises(TypeError):
        Network.build(np.eye(2))  # type: ignore[arg-type]
    with pytest.raises(InputError, match="finite"):
        Network.build(technosphere(2, [(0, 1, float("nan"))]))
    net = Network.build(technosphere(2, [(0, 1, 1.0)]))
    with pytest.raises(ValueError, match="shape"):
        net.solve_adjoint(np.zeros(3))
    with pytest.raises(IndexError):
        net.downstream([2])


def test_downstream_sets() -> None:
    # 0 → 1 → 3, 2 → 3, 3 ⇄ 4 (a loop), 5 alone.
    net = Network.build(technosphere(6, [(0, 1, 1.0), (1, 3, 1.0), (2, 3, 1.0), (3, 4, 0.5), (4, 3, 0.5)]))
    assert net.downstream([0]).tolist() == [0, 1, 3, 4]
    assert net.downstream([2]).tolist() == [2, 3, 4]
    assert net.downstream([4]).tolist() == [3, 4]
    assert net.downstream([5, 1]).tolist() == [1, 3, 4, 5]


def test_update_adjoint_equals_a_full_solve() -> None:
    q = technosphere(6, [(0, 1, 1.0), (1, 3, 1.0), (2, 3, 1.0), (3, 4, 0.5), (4, 3, 0.5), (0, 5, 2.0)])
    net = Network.build(q)
    e = np.array([1.0, 0.2, 0.3, 0.4, 0.5, 0.6])
    f = net.solve_adjoint(e)
    e_new = e.copy()
    e_new[2] = 7.0
    updated = net.update_adjoint(f, e_new, [2])
    np.testing.assert_allclose(updated, net.solve_adjoint(e_new), rtol=1e-12)
    untouched = np.setdiff1d(np.arange(6), net.downstream([2]))
    np.testing.assert_array_equal(updated[untouched], f[untouched])


@pytest.mark.parametrize("splu_max", [network_loops.SPLU_MAX, 100])
def test_large_loop(monkeypatch: pytest.MonkeyPatch, splu_max: int) -> None:
    # A ring of 400 nodes is larger than a dense block: SuperLU, or GMRES when SuperLU's limit is lowered.
    monkeypatch.setattr(network_loops, "SPLU_MAX", splu_max)
    n, quantity = 400, 0.999
    q = ring(n, quantity).tolil()
    q[0, n // 2] = 0.3  # a chord, so the depth-first order has a back edge that is not the ring's
    net = Network.build(sp.csr_array(q))
    e = np.random.default_rng(1).random(n)
    f = net.solve_adjoint(e)
    dense = np.linalg.solve(np.eye(n) - q.toarray().T, e)
    np.testing.assert_allclose(f, dense, rtol=1e-10)
    assert net.last_report.method == ("splu" if splu_max > n else "gmres")
    assert net.last_report.largest_component == n
    np.testing.assert_allclose(net.solve_forward(e), np.linalg.solve(np.eye(n) - q.toarray(), e), rtol=1e-10)


@pytest.mark.parametrize("splu_max", [network_loops.SPLU_MAX, 100])
def test_large_loop_with_gain_one_is_refused(monkeypatch: pytest.MonkeyPatch, splu_max: int) -> None:
    monkeypatch.setattr(network_loops, "SPLU_MAX", splu_max)
    with pytest.raises(NoFiniteSolution) as caught:
        Network.build(ring(300, 1.0))
    assert caught.value.components == [list(range(300))]
    assert "and 290 more" in str(caught.value)


def test_large_loop_with_credits_uses_eigenvalues(monkeypatch: pytest.MonkeyPatch) -> None:
    # Negative entries (co-product credits): the gain is the spectral radius, |-1.01|**30 > 1 is refused.
    monkeypatch.setattr(network_module, "DENSE_MAX", 8)
    with pytest.raises(NoFiniteSolution):
        Network.build(ring(30, -1.01))
    f = Network.build(ring(30, -0.9)).solve_adjoint(np.ones(30))
    np.testing.assert_allclose(f, np.full(30, 1 / 1.9), rtol=1e-10)
    # Mixed signs with a gain below 1: finite, and solved like any loop.
    q = technosphere(30, [((k - 1) % 30, k, 1.1 if k % 2 else -0.5) for k in range(30)])
    f = Network.build(q).solve_adjoint(np.ones(30))
    np.testing.assert_allclose(f, np.linalg.solve(np.eye(30) - q.toarray().T, np.ones(30)), rtol=1e-10)


def test_many_small_loops_among_singletons(monkeypatch: pytest.MonkeyPatch) -> None:
    # Loops of 2, 3 and 5 nodes in a chain with blocks above the dense limit too: all pieces chained.
    monkeypatch.setattr(network_module, "DENSE_MAX", 4)
    rng = np.random.default_rng(5)
    n = 60
    lines = [(k - 1, k, 0.5) for k in range(1, n)]
    lines += [(11, 10, 0.3), (22, 20, 0.2), (35, 30, 0.1), (40, 45, 0.4)]
    lines += [(int(i), int(j), 0.05) for i, j in rng.integers(0, n, (30, 2)) if i < j]
    q = technosphere(n, lines)
    e = rng.random(n)
    f = Network.build(q).solve_adjoint(e)
    np.testing.assert_allclose(f, np.linalg.solve(np.eye(n) - q.toarray().T, e), rtol=1e-12)
