"""Tanlu's carbon accounting core (no Django, no database, no HTTP).

Modules, from the ground up:

* :mod:`~tanlu.carbon.units` — one pint registry, aliases people write, fuel and currency bridges;
* :mod:`~tanlu.carbon.gwp` — GWP-100 sets AR4, AR5, AR6 as data;
* :mod:`~tanlu.carbon.factors` — the bundled, versioned factor library with provenance;
* :mod:`~tanlu.carbon.factor_file` — an organization's own factor file;
* :mod:`~tanlu.carbon.activities` — reading and validating activity data;
* :mod:`~tanlu.carbon.inventory` — Scope 1, 2 (location/market) and 3, vectorised with polars;
* :mod:`~tanlu.carbon.explain` — sentences (English/Chinese) and drill-down behind every number;
* :mod:`~tanlu.carbon.report` — JSON-ready data and XLSX workbooks.
"""
