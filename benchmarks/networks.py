"""Synthetic supply networks for the engine's benchmarks, shaped like the ones measured in network-engine.md.

    from networks import synthetic_network
    net = synthetic_network(100_000, seed=1, local_loops=True)

Each part consumes 5–10 upstream parts: 70% near neighbours in the bill of materials (one of the 50 parts just
upstream of it), 30% shared hubs (purchased items such as electricity, steel, transport, which consume nothing).
Ids are shuffled so that the matrix is never already triangular. Optionally 0.1% of the parts send scrap back to
one of their direct inputs (a local loop), and optionally the most downstream 1% of the parts return scrap to the
most upstream 1% (one giant loop through the network).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

NEAR_WINDOW = 50
SCRAP_RETURN = 0.05


@dataclass(frozen=True)
class SyntheticNetwork:
    """``q[i, j]``: quantity of node i per unit of node j; ``e``: direct kg CO2e per unit; ``purchased``: hub nodes."""

    q: sp.csr_array
    e: npt.NDArray[np.float64]
    purchased: npt.NDArray[np.int64]


def synthetic_network(
    parts: int, *, seed: int = 1, local_loops: bool = False, giant_loop: bool = False
) -> SyntheticNetwork:
    """A network of ``parts`` nodes (hubs included: 0.5% of them, at least 5)."""
    rng = np.random.default_rng(seed)
    hubs = max(5, parts // 200)
    inputs = rng.integers(5, 11, parts)
    inputs[:hubs] = 0
    consumer = np.repeat(np.arange(parts), inputs)
    lines = len(consumer)
    near = rng.random(lines) < 0.7
    supplier = np.where(
        near, consumer - rng.integers(1, NEAR_WINDOW + 1, lines), rng.integers(0, hubs, lines)
    )
    supplier = np.where(supplier >= 0, supplier, rng.integers(0, hubs, lines))
    quantity = np.where(near, rng.uniform(0.02, 0.18, lines), rng.uniform(0.1, 5.0, lines))
    extra_from: list[npt.NDArray[np.int64]] = []
    extra_to: list[npt.NDArray[np.int64]] = []
    if local_loops:
        looped = rng.choice(np.flatnonzero(near & (supplier >= hubs)), max(1, parts // 1000), replace=False)
        extra_from.append(consumer[looped])  # the consumer's scrap goes back into its near input
        extra_to.append(supplier[looped])
    if giant_loop:
        span = max(1, parts // 100)
        extra_from.append(np.arange(parts - span, parts))
        extra_to.append(rng.integers(hubs, hubs + span, span))
    if extra_from:
        back_from, back_to = np.concatenate(extra_from), np.concatenate(extra_to)
        supplier = np.concatenate([supplier, back_from])
        consumer = np.concatenate([consumer, back_to])
        quantity = np.concatenate([quantity, np.full(len(back_from), SCRAP_RETURN)])
    shuffle = rng.permutation(parts)
    q = sp.csr_array((quantity, (shuffle[supplier], shuffle[consumer])), shape=(parts, parts))
    q.sum_duplicates()
    e = np.where(np.arange(parts) < hubs, rng.uniform(0.1, 10.0, parts), rng.uniform(0.0, 2.0, parts))[
        np.argsort(shuffle)
    ]
    return SyntheticNetwork(q, e, np.sort(shuffle[:hubs]).astype(np.int64))
