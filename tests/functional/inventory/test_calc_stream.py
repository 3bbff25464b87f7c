"""``tanlu inventory calc`` reads its file in batches: a file over read_table's 1,000,000-row cap is calculated,
and a bad row deep in a large file is named with its line."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from tanlu.cli.inventory import inventory


def write(path: Path, rows: int, bad_at: int | None = None) -> None:
    frame = pl.DataFrame({"i": range(rows)}).select(
        pl.format("Plant {}", pl.col("i") % 7).alias("site"),
        pl.format("2023-{}-01", (pl.col("i") % 12 + 1).cast(pl.String).str.zfill(2)).alias("period_start"),
        pl.format("2023-{}-28", (pl.col("i") % 12 + 1).cast(pl.String).str.zfill(2)).alias("period_end"),
        pl.lit("natural_gas").alias("activity"),
        (pl.col("i") + 1).cast(pl.String).alias("amount"),
        pl.lit("m3").alias("unit"),
    )
    if bad_at is not None:
        frame = frame.with_columns(
            pl.when(pl.int_range(pl.len()) == bad_at - 2)
            .then(pl.lit("1,5"))
            .otherwise("amount")
            .alias("amount")
        )
    frame.write_csv(path)


def test_more_rows_than_read_table_allows(tmp_path: Path) -> None:
    path = tmp_path / "meters.csv"
    write(path, 1_000_100)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(inventory, ["calc", str(path), "--no-rows", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    one = tmp_path / "one.csv"
    one.write_text(
        "site,period_start,period_end,activity,amount,unit\nA,2023-01-01,2023-01-31,natural_gas,1e9,m3\n"
    )
    per_m3 = json.loads(CliRunner().invoke(inventory, ["calc", str(one), "--no-rows"]).stdout)["scope1"] / 1e9
    assert data["scope1"] == pytest.approx(sum(range(1, 1_000_101)) * per_m3, rel=1e-6)


def test_a_bad_row_deep_in_a_large_file_is_cited_by_its_line(tmp_path: Path) -> None:
    path = tmp_path / "meters.csv"
    write(path, 300_000, bad_at=250_001)
    result = CliRunner().invoke(inventory, ["calc", str(path), "--no-rows"])
    assert result.exit_code != 0
    assert "row 250001" in str(result.exception) or "row 250001" in result.output
