"""Writes the PACT schema files shipped in ``schemas/`` from the data models (``python -m tanlu.exchange.schema_files``).

The models are the one source; a unit test fails when a shipped file differs from what this writes.  The Catena-X
schema files are not generated: they are the official SAMM-generated files, copied unchanged (see the README there).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tanlu.exchange import pact_v2, pact_v3
from tanlu.exchange.pact_types import schema_document
from tanlu.exchange.validation import PACT_SCHEMAS

SCHEMA_DIR = Path(__file__).with_name("schemas")


def generated() -> dict[str, dict[str, Any]]:
    """File name -> schema document, for every PACT schema Tanlu ships."""
    return {
        PACT_SCHEMAS["3"]: schema_document(
            pact_v3.ProductFootprint,
            "urn:tanlu:schema:pact:3.0:ProductFootprint",
            "PACT v3.0 ProductFootprint",
        ),
        PACT_SCHEMAS["2"]: schema_document(
            pact_v2.ProductFootprint,
            "urn:tanlu:schema:pact:2.3:ProductFootprint",
            "PACT v2.3 ProductFootprint",
        ),
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    for name, schema in generated().items():
        (SCHEMA_DIR / name).write_text(render(schema), encoding="utf-8")


if __name__ == "__main__":
    main()
