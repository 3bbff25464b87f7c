"""Field types shared by the PACT v2.3 and v3.0 data models, and the JSON Schema generator both use.

Values keep the exact text they arrived with (dates, decimals, identifiers stay strings), so a footprint that is
imported and exported again is the same JSON.  Each type carries its JSON Schema (pattern and ``format``); the shipped
schema files in ``schemas/`` are generated from the models (``python -m tanlu.exchange.schema_files``), and the
``format`` keywords are checked by :mod:`tanlu.exchange.validation`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

DECIMAL = r"^[+-]?\d+(\.\d+)?$"
POSITIVE_OR_ZERO = r"^[+]?\d+(\.\d+)?$"
NEGATIVE_OR_ZERO = r"^(-\d+(\.\d+)?|[+]?0+(\.0+)?)$"
POSITIVE_NON_ZERO = r"^[+]?(\d*[1-9]\d*(\.\d+)?|0+\.\d*[1-9]\d*)$"
SPEC_VERSION = r"^\d+\.\d+\.\d+(-\d{8})?$"
GWP_REPORT = r"^AR\d+$"

Decimal = Annotated[str, Field(pattern=DECIMAL, json_schema_extra={"format": "decimal"})]
PositiveOrZero = Annotated[str, Field(pattern=POSITIVE_OR_ZERO, json_schema_extra={"format": "decimal"})]
NegativeOrZero = Annotated[str, Field(pattern=NEGATIVE_OR_ZERO, json_schema_extra={"format": "decimal"})]
PositiveNonZero = Annotated[str, Field(pattern=POSITIVE_NON_ZERO, json_schema_extra={"format": "decimal"})]
LooseDecimal = Annotated[str, Field(json_schema_extra={"format": "decimal"})]  # v2.3: format only, no pattern
DateTime = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
Uuid = Annotated[str, Field(json_schema_extra={"format": "uuid"})]
Uri = Annotated[str, Field(json_schema_extra={"format": "uri"})]
Urn = Annotated[str, Field(pattern=r"^([uU][rR][nN]):", json_schema_extra={"format": "urn"})]
NonEmpty = Annotated[str, Field(min_length=1)]
SpecVersion = Annotated[str, Field(pattern=SPEC_VERSION)]
GwpReport = Annotated[str, Field(pattern=GWP_REPORT)]


#: a JSON array with at least one member and no member twice (``uniqueItems``, checked by the schema)
UNIQUE = Field(min_length=1, json_schema_extra={"uniqueItems": True})
Urns = Annotated[list[Urn], UNIQUE]
Uuids = Annotated[list[Uuid], UNIQUE]
GwpReports = Annotated[list[GwpReport], UNIQUE]
Names = Annotated[list[NonEmpty], UNIQUE]
Texts = Annotated[list[str], UNIQUE]

GEOGRAPHY_FIELDS = ("geographyRegionOrSubregion", "geographyCountry", "geographyCountrySubdivision")
AT_MOST_ONE_GEOGRAPHY: dict[str, Any] = {
    "allOf": [
        {
            "not": {
                "anyOf": [
                    {"required": [first, second]}
                    for index, first in enumerate(GEOGRAPHY_FIELDS)
                    for second in GEOGRAPHY_FIELDS[index + 1 :]
                ]
            },
            "x-message": "give at most one of " + ", ".join(GEOGRAPHY_FIELDS),
        }
    ]
}

Region = Literal[
    "Africa", "Americas", "Asia", "Europe", "Oceania", "Australia and New Zealand", "Central Asia", "Eastern Asia",
    "Eastern Europe", "Latin America and the Caribbean", "Melanesia", "Micronesia", "Northern Africa",
    "Northern America", "Northern Europe", "Polynesia", "South-eastern Asia", "Southern Asia", "Southern Europe",
    "Sub-Saharan Africa", "Western Asia", "Western Europe",
]  # fmt: skip


class PactModel(BaseModel):
    """Base of every PACT object: camelCase on the wire, unknown properties kept (PACT allows them), immutable."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="allow", frozen=True, strict=True
    )

    def to_json(self) -> dict[str, Any]:
        """The object as PACT JSON: only the properties it was given, under their PACT names."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


class PactJsonSchema(GenerateJsonSchema):
    """JSON Schema as PACT writes it: optional properties are absent (never ``null``), no defaults, no titles."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def field_title_should_be_set(self, schema: CoreSchema | Any) -> bool:
        return False


def schema_document(model: type[BaseModel], schema_id: str, title: str) -> dict[str, Any]:
    """The standalone JSON Schema (2020-12) of ``model``, its sub-objects under ``$defs``."""
    body = model.model_json_schema(by_alias=True, schema_generator=PactJsonSchema, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        **body,
        "title": title,
    }
