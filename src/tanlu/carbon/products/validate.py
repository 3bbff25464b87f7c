"""Every check of a product model, run over all sheets before anything is used.

A model with any bad row raises one :class:`~tanlu.errors.RowsRejected` naming file, sheet, row, column,
value and reason of every problem (reasons in English, stable patterns the web app translates). The checks:
required cells, numbers and ranges, duplicate ids, references (unknown product, input, site, activity — with
a did-you-mean), units (a declared unit for every product and purchased item; input units convertible to the
input's declared unit; activity units convertible to the factor's), allocation keys present where the site's
method needs them, distributions with valid parameters. Loops with a gain ≥ 1 are found when the network is
built (:mod:`.build`), and reported the same way.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import polars as pl

from tanlu.carbon.factor_file import parse_factor_table
from tanlu.carbon.factors import FactorSet, load_bundled
from tanlu.carbon.headers import map_headers
from tanlu.carbon.products import columns as col
from tanlu.carbon.products.activity_rows import check_activity_rows
from tanlu.carbon.products.build import build_network
from tanlu.carbon.products.columns import Collector
from tanlu.carbon.products.distributions import check_distribution
from tanlu.carbon.products.edges import Edges, IdIndex, Nodes, bom_edges
from tanlu.carbon.products.model import ProductModel, RawSheet
from tanlu.carbon.products.quantities import check_declared_unit
from tanlu.carbon.products.sheets import COLUMN_ALIASES, SPECS, STAGE_WORDS
from tanlu.carbon.products.sites import check_sites, idle_sites
from tanlu.errors import InputError, RowIssue, RowsRejected
from tanlu.tabular import decimal_from_text

__all__ = ["validate_model"]

_DQR = ("dqr_technological", "dqr_geographical", "dqr_temporal")


def _empty(sheet: str) -> pl.DataFrame:
    return pl.DataFrame(schema={"row": pl.Int64, **dict.fromkeys(SPECS[sheet].columns, pl.String)})


def _factor_set(raw: RawSheet | None, base: FactorSet, collector: Collector) -> FactorSet:
    if raw is None or raw.table is None or not raw.table.rows:
        return base
    table = raw.table
    try:
        added = parse_factor_table(table.headers, table.rows, table.row_numbers, file=raw.file)
        return base.with_factors(added, label="model")
    except RowsRejected as error:
        collector.extra.extend(
            RowIssue(i.row, i.column, i.value, i.reason, raw.file, "factors") for i in error.issues
        )
    except InputError as error:
        collector.extra.append(
            RowIssue(error.row, error.column, error.issue.value, error.issue.reason, raw.file, "factors")
        )
    return base


def _factor_uncertainty(raw: RawSheet | None, collector: Collector) -> pl.DataFrame:
    """Lognormal GSD per activity from the factor sheet's optional ``uncertainty``/``gsd`` column."""
    spread: dict[str, float] = {}
    if raw is not None and raw.table is not None:
        table = raw.table
        try:
            mapping = map_headers(
                table.headers,
                required=(),
                optional=("activity", "uncertainty", "gsd"),
                aliases=COLUMN_ALIASES,
            )
        except InputError:
            mapping = {}
        column = "uncertainty" if "uncertainty" in mapping else "gsd"
        if "activity" in mapping and column in mapping:
            for cells, row in zip(table.rows, table.row_numbers, strict=True):
                text = cells[mapping[column]].strip()
                if not text:
                    continue
                try:
                    value = decimal_from_text(text, file=raw.file, row=row, column=column)
                except InputError as error:
                    collector.extra.append(
                        RowIssue(row, column, text, error.issue.reason, raw.file, "factors")
                    )
                    continue
                if value < 1:
                    reason = "a geometric standard deviation is at least 1"
                    collector.extra.append(RowIssue(row, column, text, reason, raw.file, "factors"))
                    continue
                activity = cells[mapping["activity"]].strip()
                spread[activity] = max(value, spread.get(activity, 1.0))
    return pl.DataFrame(
        {"activity": list(spread), "gsd": list(spread.values())},
        schema={"activity": pl.String, "gsd": pl.Float64},
    )


def _units(frame: pl.DataFrame, column: str) -> list[pl.DataFrame]:
    units = col.text(frame, column)
    reasons = {unit: check_declared_unit(unit) for unit in units.unique().to_list()}
    bad = {unit: reason for unit, reason in reasons.items() if reason}
    if not bad:
        return []
    mask = units.is_in(list(bad))
    return [
        col.issues_where(frame, mask, column, units.replace_strict(bad, default="", return_dtype=pl.String))
    ]


def _quality(
    frame: pl.DataFrame, file: str, *, share_required: bool
) -> tuple[dict[str, pl.Series], list[pl.DataFrame]]:
    found: list[pl.DataFrame] = []
    values: dict[str, pl.Series] = {}
    values["primary_data_share"], issues = col.number(
        frame, "primary_data_share", file=file, required=share_required, minimum=0, maximum=100
    )
    found += issues
    for name in _DQR:
        values[name], issues = col.number(frame, name, file=file, minimum=1, maximum=3)
        found += issues
    return values, found


def _products(raw: pl.DataFrame, file: str, collector: Collector) -> pl.DataFrame:
    ids = col.text(raw, "product_id")
    found = [col.issues_where(raw, ids == "", "product_id", "a product id is required")]
    found.append(col.duplicates(raw.with_columns(ids), "product_id"))
    found += _units(raw, "unit")
    mass, issues = col.number(raw, "mass_kg", file=file, minimum=0, below="a mass cannot be negative")
    found += issues
    price, issues = col.number(raw, "price", file=file, minimum=0, below="a price cannot be negative")
    found += issues
    collector.add("products", found)
    name = col.text(raw, "name")
    name_en = col.text(raw, "name_en")
    name_zh = col.text(raw, "name_zh")
    return pl.DataFrame(
        [
            raw.get_column("row"),
            ids,
            pl.Series(
                "name",
                pl.select(pl.coalesce(name.replace("", None), name_en.replace("", None), ids)).to_series(),
            ),
            name_en,
            name_zh,
            col.text(raw, "unit"),
            mass,
            price,
        ]
    )


def _purchased(raw: pl.DataFrame, file: str, collector: Collector, product_ids: pl.Series) -> pl.DataFrame:
    ids = col.text(raw, "item_id")
    found = [col.issues_where(raw, ids == "", "item_id", "an item id is required")]
    found.append(col.duplicates(raw.with_columns(ids), "item_id"))
    found.append(
        col.issues_where(
            raw, ids.is_in(product_ids.implode()), "item_id", "is also a product id; one id names one thing"
        )
    )
    found += _units(raw, "unit")
    footprint, issues = col.number(
        raw, "kgco2e_per_unit", file=file, required=True, minimum=0, below="a footprint cannot be negative"
    )
    found += issues
    biogenic, issues = col.number(raw, "biogenic_kgco2e_per_unit", file=file)
    found += issues
    mass, issues = col.number(raw, "mass_kg", file=file, minimum=0, below="a mass cannot be negative")
    found += issues
    quality, issues = _quality(raw, file, share_required=False)
    found += issues
    source = col.text(raw, "source")
    found.append(
        col.issues_where(
            raw,
            source == "",
            "source",
            "every purchased footprint needs its source (supplier PCF or secondary factor)",
        )
    )
    stage, issues = col.choice(raw, "stage", STAGE_WORDS, default="")
    found += issues
    found.append(
        col.issues_where(
            raw,
            stage.is_in(["energy", "process", "transport"]),
            "stage",
            "a purchased item is in stage materials, purchased or packaging",
        )
    )
    exempt, issues = col.flag(raw, "exempt")
    found += issues
    uncertainty, issues = check_distribution(raw, file, "kgco2e_per_unit", footprint)
    found += issues
    collector.add("purchased", found)
    name = col.text(raw, "name")
    return pl.DataFrame(
        [
            raw.get_column("row"),
            ids,
            name,
            col.text(raw, "name_en"),
            col.text(raw, "name_zh"),
            col.text(raw, "unit"),
            footprint,
            biogenic.fill_null(0.0),
            quality["primary_data_share"].fill_null(0.0),
            *[quality[name] for name in _DQR],
            source,
            col.text(raw, "supplier"),
            stage,
            mass,
            exempt,
            *uncertainty,
        ]
    )


def _inputs(
    raw: pl.DataFrame,
    file: str,
    collector: Collector,
    products: pl.DataFrame,
    purchased: pl.DataFrame,
    *,
    index: IdIndex,
) -> tuple[pl.DataFrame, Edges]:
    quantity, found = col.number(
        raw, "quantity", file=file, required=True, minimum=0, below="negative quantity"
    )
    scrap, issues = col.number(raw, "scrap", file=file, minimum=0, maximum=0.99)
    found += issues
    yields, issues = col.number(raw, "yield", file=file, minimum=0.01, maximum=1)
    found += issues
    frame = pl.DataFrame(
        [
            raw.get_column("row"),
            col.text(raw, "product_id"),
            col.text(raw, "input_id"),
            quantity,
            col.text(raw, "unit"),
            scrap.fill_null(0.0),
            yields.fill_null(1.0),
        ]
    )
    edges = bom_edges(frame, products, purchased, index=index)
    found += col.reference(
        raw, "product_id", products.get_column("product_id"), "product", matched=pl.Series(edges.j >= 0)
    )
    found += col.reference(
        raw, "input_id", index.ids, "input (a product or purchased item)", matched=pl.Series(edges.i >= 0)
    )
    found.append(col.issues_where(raw, edges.unit_reason.is_not_null(), "unit", edges.unit_reason))
    collector.add("inputs", found)
    return frame, edges


def validate_model(
    sheets: dict[str, RawSheet], issues: list[RowIssue], *, factors: FactorSet | None, source: str
) -> ProductModel:
    """Check every sheet; return the typed model or raise :class:`RowsRejected` with every problem.

    ``sheets`` is emptied once every check has read it: the cells as read (the text of every number of a large
    BOM, a few hundred MB) are let go before the network build needs the memory."""
    sources = {name: raw.file for name, raw in sheets.items()}
    collector = Collector(sources, issues)
    factor_set = _factor_set(sheets.get("factors"), factors or load_bundled(), collector)

    def frame(sheet: str) -> pl.DataFrame:
        raw = sheets.get(sheet)
        return raw.frame if raw is not None else _empty(sheet)

    def file(sheet: str) -> str:
        return sources.get(sheet, source)

    if "products" not in sheets and not any(issue.sheet == "products" for issue in issues):
        collector.extra.append(
            RowIssue(None, None, None, "the model has no products sheet", source, "products")
        )
    products = _products(frame("products"), file("products"), collector)
    purchased = _purchased(
        frame("purchased"), file("purchased"), collector, products.get_column("product_id")
    )
    # products are the first nodes: a row's product index is its node, which the build reuses
    index = IdIndex(pl.concat([products.get_column("product_id"), purchased.get_column("item_id")]))

    def product_nodes(sheet: str) -> Nodes:
        nodes = index.find(col.text(frame(sheet), "product_id"))
        nodes[nodes >= products.height] = -1
        return nodes

    inputs, edges = _inputs(frame("inputs"), file("inputs"), collector, products, purchased, index=index)
    sites, production = check_sites(
        frame("sites"),
        frame("production"),
        sites_file=file("sites"),
        production_file=file("production"),
        collector=collector,
        products=products,
        product_nodes=product_nodes("production"),
    )
    activity_nodes = product_nodes("activities")
    activities = check_activity_rows(
        frame("activities"),
        "activities",
        file("activities"),
        factor_set,
        collector,
        known=products.get_column("product_id"),
        known_found=pl.Series(activity_nodes >= 0),
    )
    site_activities = check_activity_rows(
        frame("site_activities"),
        "site_activities",
        file("site_activities"),
        factor_set,
        collector,
        known=sites.get_column("site"),
    )
    collector.add("sites", idle_sites(frame("sites"), sites, production, site_activities))
    spread = _factor_uncertainty(sheets.get("factors"), collector)
    sheets.clear()
    collector.raise_if_any(source)
    tables = {
        "products": products,
        "inputs": inputs,
        "activities": activities,
        "sites": sites,
        "site_activities": site_activities,
        "production": production,
        "purchased": purchased,
        "factor_uncertainty": spread,
    }
    model = ProductModel(tables, factor_set, source, sources)
    model.cache["edges"] = edges
    model.cache["index"] = index
    model.cache["activity_nodes"] = activity_nodes
    # The fingerprint (sha256 of every table, ~1 s for millions of BOM lines) is hashed beside the network build
    # (a loop with gain ≥ 1 is a bad row too): hashlib and polars release the GIL, scipy works on the other core.
    with ThreadPoolExecutor(max_workers=1) as pool:
        hashed = pool.submit(model.fingerprint)
        build_network(model)
        hashed.result()
    return model
