"""The validated product model: one typed frame per sheet, the factor set it resolves against, its fingerprint."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from tanlu.carbon.factors import FactorSet
from tanlu.tabular import Table

__all__ = ["ProductModel", "RawSheet"]

#: cells of a text column hashed at a time
_HASH_SLICE = 1 << 20


@dataclass(frozen=True)
class RawSheet:
    """One sheet as read, before the checks: ``frame`` has ``row`` (Int64) and the canonical columns found
    (String, every cell stripped of surrounding whitespace and never null — the checks rely on it and do not strip
    again); the factor sheet keeps its ``table`` for the factor file reader."""

    sheet: str
    file: str
    frame: pl.DataFrame
    table: Table | None = None


@dataclass(frozen=True)
class ProductModel:
    """A product model that passed every check (see ``docs/formats.md``, "Product model").

    ``tables`` holds one frame per sheet of :data:`~tanlu.carbon.products.sheets.SHEETS` except ``factors``
    (whose rows are in ``factors``), each with ``row`` (the row to cite) and the sheet's columns, typed:
    numbers as Float64 (null where an optional cell was empty), text as String. ``sources`` names the file
    of each sheet, for messages.
    """

    tables: Mapping[str, pl.DataFrame]
    factors: FactorSet
    source: str
    sources: Mapping[str, str]
    #: the built network (:func:`tanlu.carbon.products.build.build_network`), kept once it is made
    cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False, hash=False)

    def fingerprint(self) -> str:
        """sha256 of the normalised tables (every column, in order) and the factor set's version."""
        return self._fingerprint

    @functools.cached_property
    def _fingerprint(self) -> str:
        digest = hashlib.sha256(self.factors.version.encode())
        for sheet in sorted(self.tables):
            frame = self.tables[sheet].drop("row", strict=False)
            digest.update(b"\0" + sheet.encode() + b"\0")
            for name in frame.columns:
                digest.update(name.encode() + b"\0")
                _hash_column(digest, frame.get_column(name))
        return digest.hexdigest()

    def table(self, sheet: str) -> pl.DataFrame:
        """The frame of one sheet."""
        return self.tables[sheet]


def _hash_column(digest: hashlib._Hash, series: pl.Series) -> None:
    """Feed a column's values to ``digest`` as bytes that do not depend on the polars version: nulls (one byte
    each), then lengths (little-endian u32) and UTF-8 text, or little-endian floats. Each part goes to the hash
    straight from its array, never copied into one string of bytes (a BOM of millions of lines is ~600 MB), and
    text a slice of cells at a time: the hash runs beside the network build, whose peak it would add to."""
    nulls = series.null_count()
    digest.update(series.is_null().to_numpy().view(np.uint8).data if nulls else bytes(series.len()))
    if series.dtype == pl.String:
        text = series.fill_null("") if nulls else series
        starts = range(0, text.len(), _HASH_SLICE)
        for start in starts:
            lengths = text.slice(start, _HASH_SLICE).str.len_bytes().cast(pl.UInt32).to_numpy()
            digest.update(np.ascontiguousarray(lengths, dtype="<u4").data)
        for start in starts:
            digest.update(text.slice(start, _HASH_SLICE).str.join("").cast(pl.Binary).item())
        return
    digest.update(np.ascontiguousarray(series.cast(pl.Float64).fill_null(0.0).to_numpy(), dtype="<f8").data)
