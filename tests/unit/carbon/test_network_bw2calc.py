"""Cross-check of the network engine against an independent LCA engine, Brightway's bw2calc.

The same arrays go to both: bw2calc gets a datapackage (technosphere ``A = I − Q``, one biosphere flow carrying
``e``, characterisation factor 1) and computes one LCA per product, the demand-driven way; our engine computes all
products in one adjoint solve. Every product's footprint must agree to 1e-6 relative. bw2calc comes with the
test-only extra ``crosscheck`` (``pip install -e '.[crosscheck]'``, done by ``make test``); without it this module
is skipped with that reason, except in CI, where it must run.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import numpy as np
import numpy.typing as npt
import pytest
import scipy.sparse as sp

from tanlu.carbon import network as network_module
from tanlu.carbon import network_loops
from tanlu.carbon.network import Network

try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bw2calc warns at import that the optional PARDISO solver is missing
        import bw2calc
        import bw_processing as bwp
except ImportError:
    if os.environ.get("CI") == "true":
        raise
    pytest.skip(
        "bw2calc is not installed: pip install -e '.[crosscheck]' (make test does)", allow_module_level=True
    )

Floats = npt.NDArray[np.float64]
ID_OFFSET = 1_000  # bw2calc ids of the nodes; the one biosphere flow is id 1
FLOW = 1


def supply_network(n: int, seed: int, *, loops: int, credits: bool = False) -> tuple[sp.csr_array, Floats]:
    """A random supply network: a chain-like BOM (inputs from the 20 parts upstream or from 5 hubs) plus
    ``loops`` scrap returns downstream → upstream; with ``credits`` some quantities are negative (co-products)."""
    rng = np.random.default_rng(seed)
    hubs = 5
    rows: list[int] = []
    cols: list[int] = []
    for j in range(hubs, n):
        for _ in range(rng.integers(2, 7)):
            rows.append(
                int(rng.integers(0, hubs)) if rng.random() < 0.3 else int(rng.integers(max(0, j - 20), j))
            )
            cols.append(j)
    values = list(rng.uniform(0.01, 0.2, len(rows)))
    for _ in range(loops):
        j = int(rng.integers(hubs, n - 1))
        rows.append(int(rng.integers(j + 1, min(n, j + 40))))
        cols.append(j)
        values.append(float(rng.uniform(0.01, 0.1)))
    data = np.array(values)
    if credits:
        data[rng.random(len(data)) < 0.1] *= -1
    shuffle = rng.permutation(n)
    q = sp.csr_array((data, (shuffle[rows], shuffle[cols])), shape=(n, n))
    return q, rng.uniform(0.0, 3.0, n)


def bw2calc_footprints(q: sp.csr_array, e: Floats) -> Floats:
    """Every node's footprint from bw2calc: one LCA per node (demand of one unit), characterised score."""
    n = q.shape[0]
    a = sp.coo_array(sp.eye_array(n) - q)
    ids = np.arange(n) + ID_OFFSET
    package = bwp.create_datapackage()
    package.add_persistent_vector(
        matrix="technosphere_matrix",
        indices_array=np.array(list(zip(ids[a.row], ids[a.col], strict=True)), dtype=bwp.INDICES_DTYPE),
        data_array=a.data,
        flip_array=np.zeros(a.nnz, dtype=bool),
    )
    package.add_persistent_vector(
        matrix="biosphere_matrix",
        indices_array=np.array([(FLOW, node) for node in ids], dtype=bwp.INDICES_DTYPE),
        data_array=e,
    )
    package.add_persistent_vector(
        matrix="characterization_matrix",
        indices_array=np.array([(FLOW, FLOW)], dtype=bwp.INDICES_DTYPE),
        data_array=np.array([1.0]),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its dependencies' deprecation notices are not ours to fix
        lca = bw2calc.LCA({int(ids[0]): 1.0}, data_objs=[package])
        lca.lci()
        lca.lcia()
        scores = []
        for node in ids:
            lca.redo_lcia({int(node): 1.0})
            scores.append(float(lca.score))
    return np.array(scores)


@contextmanager
def solved_by(strategy: str) -> Iterator[None]:
    """Force loops through SuperLU or GMRES (instead of dense blocks) by lowering the engine's size limits."""
    limits = {
        "blocks": (network_module.DENSE_MAX, network_loops.SPLU_MAX),
        "splu": (2, 10**9),
        "gmres": (2, 2),
    }
    dense_max, splu_max = limits[strategy]
    with (
        mock.patch.object(network_module, "DENSE_MAX", dense_max),
        mock.patch.object(network_loops, "SPLU_MAX", splu_max),
    ):
        yield


@pytest.mark.parametrize(
    ("n", "seed", "loops", "credits", "strategy"),
    [
        (40, 1, 0, False, "blocks"),
        (150, 2, 3, False, "blocks"),
        (200, 3, 12, False, "splu"),
        (200, 4, 12, False, "gmres"),
        (120, 5, 6, True, "blocks"),
        (300, 6, 40, False, "gmres"),
    ],
)
def test_every_footprint_agrees_with_bw2calc(
    n: int, seed: int, loops: int, credits: bool, strategy: str
) -> None:
    q, e = supply_network(n, seed, loops=loops, credits=credits)
    with solved_by(strategy):
        net = Network.build(q)
        ours = net.solve_adjoint(e)
    if loops:
        assert net.last_report.largest_component > 1
    theirs = bw2calc_footprints(q, e)
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-9 * float(np.abs(theirs).max()))
