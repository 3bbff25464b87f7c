"""The shipped PACT schema files are what the data models generate (run ``python -m tanlu.exchange.schema_files``)."""

from __future__ import annotations

from tanlu.exchange.schema_files import SCHEMA_DIR, generated, render


def test_shipped_pact_schemas_are_current() -> None:
    for name, schema in generated().items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == render(schema), name


def test_optional_properties_never_accept_null() -> None:
    text = "".join(render(schema) for schema in generated().values())
    assert '"null"' not in text
    assert '"default"' not in text
