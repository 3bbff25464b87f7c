"""The whole ``tanlu pcf calc`` from CSV files to the results file, on a generated supply network.

    .venv/bin/python benchmarks/bench_pcf_cli.py --parts 1000000

The network comes from the engine's generator (``benchmarks/networks.py``: 5–10 inputs per part, 70% near
neighbours, 30% shared hubs, 0.1% local scrap loops). Hubs become purchased items with the generator's direct
emissions as their footprint; every other part is a product with one electricity activity row carrying its direct
emissions, and 2,000 products share two plants whose site totals are allocated by mass and by machine hours.
Writing the CSV files is not timed; the command runs in a fresh process and its wall time and peak memory
(``ru_maxrss`` of the child) are reported, and a sample of results is checked against a direct solve.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl
import scipy.sparse as sp
from networks import synthetic_network

ELECTRICITY = "electricity_cn_east_2023"


def write_model(folder: Path, parts: int, seed: int) -> np.ndarray:
    """Write the model's CSV files; return the expected footprint of every node (direct solve, no site totals)."""
    net = synthetic_network(parts, seed=seed, local_loops=True)
    is_hub = np.zeros(parts, dtype=bool)
    is_hub[net.purchased] = True
    ids = np.array([f"N{i}" for i in range(parts)], dtype=object)
    products = np.flatnonzero(~is_hub)
    pl.DataFrame(
        {"product_id": ids[products], "name": ids[products], "unit": "piece", "mass_kg": 1.0, "price": 1.0}
    ).write_csv(folder / "products.csv", float_precision=12)
    pl.DataFrame(
        {"item_id": ids[net.purchased], "name": ids[net.purchased], "unit": "kg",
         "kgco2e_per_unit": net.e[net.purchased], "primary_data_share": 0.0, "source": "generated"}
    ).write_csv(folder / "purchased.csv", float_precision=12)  # fmt: skip
    q = net.q.tocoo()
    pl.DataFrame({"product_id": ids[q.col], "input_id": ids[q.row], "quantity": q.data}).write_csv(
        folder / "inputs.csv", float_precision=12
    )
    pl.DataFrame(
        {"product_id": ids[products], "activity": ELECTRICITY, "amount": net.e[products] * 2, "unit": "kWh"}
    ).write_csv(folder / "activities.csv", float_precision=12)
    shared = products[:2000]
    pl.DataFrame({"site": ["PLANT-A", "PLANT-B"], "allocation": ["mass", "hours"]}).write_csv(
        folder / "sites.csv", float_precision=12
    )
    pl.DataFrame(
        {"site": ["PLANT-A", "PLANT-A", "PLANT-B"], "activity": ["natural_gas", ELECTRICITY, ELECTRICITY],
         "amount": [50_000.0, 2_000_000.0, 1_500_000.0], "unit": ["GJ", "kWh", "kWh"]}
    ).write_csv(folder / "site_activities.csv", float_precision=12)  # fmt: skip
    pl.DataFrame(
        {"site": ["PLANT-A"] * 1000 + ["PLANT-B"] * 1000, "product_id": ids[shared], "quantity": 1000.0,
         "hours": np.linspace(1, 50, 2000)}
    ).write_csv(folder / "production.csv", float_precision=12)  # fmt: skip
    return net.e


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--parts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory) / "model"
        folder.mkdir()
        started = time.perf_counter()
        write_model(folder, arguments.parts, arguments.seed)
        sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
        print(
            f"generated in {time.perf_counter() - started:.1f} s: {sum(sizes.values()) / 2**20:.0f} MiB of CSV"
        )
        lines = sum(1 for _ in (folder / "inputs.csv").open(encoding="utf-8")) - 1
        print(f"{arguments.parts:,} parts, {lines:,} BOM lines")
        out = Path(directory) / "results.csv"
        command = [sys.executable, "-m", "tanlu", "pcf", "calc", str(folder), "--out", str(out)]
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        subprocess.run(command, check=True)  # noqa: S603 - our own command with fixed arguments
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak, cpu = usage.ru_maxrss / 2**20, usage.ru_utime + usage.ru_stime
        results = pl.read_csv(out)
        print(
            f"tanlu pcf calc: {seconds:.2f} s wall, {cpu:.2f} s CPU ({usage.ru_utime:.2f} user + "
            f"{usage.ru_stime:.2f} system), peak RSS {peak:.2f} GiB, {results.height:,} products written; "
            f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
        )
        check(folder, results)


def _per_unit(activity: str, unit: str) -> float:
    from tanlu.carbon.factors import load_bundled  # noqa: PLC0415
    from tanlu.carbon.gwp import load_gwp_set  # noqa: PLC0415
    from tanlu.carbon.inventory import resolve  # noqa: PLC0415

    resolution = resolve(
        load_bundled(), load_gwp_set("AR6"), combo=0, activity=activity, unit=unit, instrument="", supplier=""
    )
    return float(resolution.market.co2e_per_unit + resolution.market.biogenic_per_unit)


def check(folder: Path, results: pl.DataFrame) -> None:
    """Compare every product with a direct solve built here from the CSV files: own electricity, the two plants'
    totals allocated by hand (mass: equal shares; hours: hours / Σ hours), purchased footprints."""
    products = pl.read_csv(folder / "products.csv").get_column("product_id")
    purchased = pl.read_csv(folder / "purchased.csv")
    ids = pl.concat([products, purchased.get_column("item_id")])
    index = pl.DataFrame({"id": ids, "node": np.arange(len(ids))})
    inputs = pl.read_csv(folder / "inputs.csv")
    rows = (
        inputs.join(index, left_on="input_id", right_on="id", maintain_order="left")
        .get_column("node")
        .to_numpy()
    )
    cols = (
        inputs.join(index, left_on="product_id", right_on="id", maintain_order="left")
        .get_column("node")
        .to_numpy()
    )
    n = len(ids)
    q = sp.csr_array((inputs.get_column("quantity").to_numpy(), (rows, cols)), shape=(n, n))
    electricity, gas = _per_unit(ELECTRICITY, "kWh"), _per_unit("natural_gas", "GJ")
    direct = np.zeros(n)
    direct[: len(products)] = (
        pl.read_csv(folder / "activities.csv").get_column("amount").to_numpy() * electricity
    )
    direct[len(products) :] = purchased.get_column("kgco2e_per_unit").to_numpy()
    production = pl.read_csv(folder / "production.csv")
    node = (
        production.join(index, left_on="product_id", right_on="id", maintain_order="left")
        .get_column("node")
        .to_numpy()
    )
    plant_a = 50_000 * gas + 2_000_000 * electricity
    plant_b = 1_500_000 * electricity
    hours = production.get_column("hours").to_numpy()
    is_a = (production.get_column("site") == "PLANT-A").to_numpy()
    direct[node[is_a]] += plant_a / 1000 / 1000
    direct[node[~is_a]] += plant_b * hours[~is_a] / hours[~is_a].sum() / 1000
    from tanlu.carbon.network import Network  # noqa: PLC0415

    f = Network.build(q).solve_adjoint(direct)[: len(products)]
    got = results.get_column("pcf_kgco2e_per_unit").to_numpy()
    worst = float(np.max(np.abs(got - f) / np.maximum(np.abs(f), 1e-12)))
    print(f"all {len(products):,} products against a direct solve: worst relative difference {worst:.1e}")


if __name__ == "__main__":
    main()
