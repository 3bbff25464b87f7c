"""Benchmark: the supply-network engine beside bw2calc on the same generated networks, in one run.

    .venv/bin/python benchmarks/bench_network.py [--skip-bw2calc] [--million-only]

Cases (networks from benchmarks/networks.py, seed 1): 10,000 and 100,000 parts, ours and bw2calc's (with PARDISO
when pypardiso is installed); 100,000 with 0.1% local loops; 100,000 with one giant loop (ours and bw2calc's);
one purchased item's footprint changed in the 100,000-part network (update of every affected product); and
1,000,000 parts with 0.1% local loops (ours only), run in a child process so that its peak memory is its own.

"ours" = ``Network.build`` (components, order, factors) + ``solve_adjoint`` (every product). "bw2calc" = its
``LCA`` object from a datapackage of the same arrays, ``lci()`` (load matrices, factorise, solve one demand), then
every product at once by one solve of ``Aᵀ f = (C B)ᵀ`` with bw2calc's own matrices and solver — the all-product
approach; one LCA per product would be n solves.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from networks import SyntheticNetwork, synthetic_network

from tanlu.carbon.network import Network


def ours(net: SyntheticNetwork) -> tuple[float, float, np.ndarray, Network]:
    started = time.perf_counter()
    network = Network.build(net.q)
    built = time.perf_counter()
    f = network.solve_adjoint(net.e)
    return built - started, time.perf_counter() - built, f, network


def bw2calc_all_products(net: SyntheticNetwork) -> tuple[float, np.ndarray, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import bw2calc  # noqa: PLC0415 — optional (extra 'crosscheck'), imported with its warning silenced
        import bw_processing as bwp  # noqa: PLC0415 — same

        n = net.q.shape[0]
        a = sp.coo_array(sp.eye_array(n) - net.q)
        ids = np.arange(n, dtype=np.int64) + 1_000
        indices = np.empty(a.nnz, dtype=bwp.INDICES_DTYPE)
        indices["row"], indices["col"] = ids[a.row], ids[a.col]
        package = bwp.create_datapackage()
        package.add_persistent_vector(
            matrix="technosphere_matrix",
            indices_array=indices,
            data_array=a.data,
            flip_array=np.zeros(a.nnz, bool),
        )
        bio = np.empty(n, dtype=bwp.INDICES_DTYPE)
        bio["row"], bio["col"] = 1, ids
        package.add_persistent_vector(matrix="biosphere_matrix", indices_array=bio, data_array=net.e)
        cf = np.empty(1, dtype=bwp.INDICES_DTYPE)
        cf["row"], cf["col"] = 1, 1
        package.add_persistent_vector(
            matrix="characterization_matrix", indices_array=cf, data_array=np.ones(1)
        )
        started = time.perf_counter()
        lca = bw2calc.LCA({int(ids[0]): 1.0}, data_objs=[package])
        lca.lci()
        lca.lcia()
        characterised = np.asarray((lca.characterization_matrix @ lca.biosphere_matrix).sum(axis=0)).ravel()
        technosphere_t = sp.csr_matrix(lca.technosphere_matrix.T)
        if bw2calc.PYPARDISO:
            import pypardiso  # noqa: PLC0415 — only present when bw2calc found it

            solver = "PARDISO"
            by_column = pypardiso.spsolve(technosphere_t, characterised)
        else:
            from scipy.sparse.linalg import spsolve  # noqa: PLC0415 — the fallback bw2calc itself uses

            solver = "SuperLU"
            by_column = spsolve(technosphere_t.tocsc(), characterised)
        seconds = time.perf_counter() - started
        column = np.array([lca.dicts.activity[int(i)] for i in ids])
    return seconds, by_column[column], solver


def row(name: str, **values: object) -> None:
    print(json.dumps({"case": name, **values}), flush=True)


def million() -> None:
    net = synthetic_network(1_000_000, seed=1, local_loops=True)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    build, solve, _f, network = ours(net)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    row(
        "1,000,000 parts, 0.1% local loops",
        lines=int(net.q.nnz),
        build_s=round(build, 3),
        solve_s=round(solve, 3),
        total_s=round(build + solve, 3),
        residual=network.last_report.residual,
        method=network.last_report.method,
        peak_rss_gib=round(peak / 2**20, 2),
        rss_before_engine_gib=round(before / 2**20, 2),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-bw2calc", action="store_true")
    parser.add_argument("--million-only", action="store_true")
    args = parser.parse_args()
    if args.million_only:
        million()
        return
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, Python {platform.python_version()}")
    cases = [
        ("10,000 parts", 10_000, {}),
        ("100,000 parts", 100_000, {}),
        ("100,000 parts, 0.1% local loops", 100_000, {"local_loops": True}),
        ("100,000 parts, one giant loop", 100_000, {"giant_loop": True}),
    ]
    for name, parts, options in cases:
        net = synthetic_network(parts, seed=1, **options)
        build, solve, f, network = ours(net)
        result: dict[str, object] = {
            "lines": int(net.q.nnz),
            "method": network.last_report.method,
            "largest_component": network.largest_component,
            "ours_build_s": round(build, 4),
            "ours_solve_s": round(solve, 4),
            "ours_total_s": round(build + solve, 4),
            "residual": network.last_report.residual,
        }
        if not args.skip_bw2calc:
            seconds, theirs, solver = bw2calc_all_products(net)
            result |= {
                "bw2calc_s": round(seconds, 3),
                "bw2calc_solver": solver,
                "speedup": round(seconds / (build + solve), 1),
                "max_rel_difference": float(np.abs(f - theirs).max() / np.abs(theirs).max()),
            }
        row(name, **result)
        if parts == 100_000 and not options:
            times, affected = [], []
            rng = np.random.default_rng(7)  # 100 random purchased items, each changed by a random factor
            for item in rng.choice(net.purchased, size=100):
                e_new = net.e.copy()
                e_new[item] *= rng.uniform(0.5, 2.0)
                started = time.perf_counter()
                updated = network.update_adjoint(f, e_new, [int(item)])
                times.append(time.perf_counter() - started)
                affected.append(int(np.count_nonzero(updated != f)))
            row(
                "100,000 parts: one purchased item's footprint changed",
                items_tried=len(times),
                median_ms=round(1000 * float(np.median(times)), 1),
                p99_ms=round(1000 * float(np.quantile(times, 0.99)), 1),
                max_ms=round(1000 * max(times), 1),
                products_moved_median=int(np.median(affected)),
                residual=network.last_report.residual,
            )
    subprocess.run([sys.executable, str(Path(__file__)), "--million-only"], check=True)  # noqa: S603 — this script itself


if __name__ == "__main__":
    main()
