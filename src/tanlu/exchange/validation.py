"""Checking PACT and Catena-X JSON against the schemas Tanlu ships, with every violation named by its JSON path.

The schemas live in ``tanlu/exchange/schemas/`` (their source and licence are in the README there) and are read
from the package, never from the network.  ``format`` keywords are checked here with Tanlu's own checkers, so the
result does not depend on which optional packages ``jsonschema`` finds installed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any, cast
from urllib.parse import urlsplit

from jsonschema import Draft4Validator, Draft202012Validator, FormatChecker, ValidationError
from jsonschema.protocols import Validator

PACT_SCHEMAS = {"3": "pact-v3.0-productfootprint.schema.json", "2": "pact-v2.3-productfootprint.schema.json"}
CATENAX_SCHEMAS = {"9.0.0": "io.catenax.pcf-9.0.0-schema.json", "10.0.0": "io.catenax.pcf-10.0.0-schema.json"}

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_URN = re.compile(r"^[uU][rR][nN]:[A-Za-z0-9][A-Za-z0-9-]{0,30}[A-Za-z0-9]:\S+$")
_DECIMAL = re.compile(r"^[+-]?\d+(\.\d+)?$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")


@dataclass(frozen=True)
class Violation:
    """One thing wrong in a document: where (a JSON path such as ``$.pcf.declaredUnitAmount``) and what."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _checker() -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("uuid")
    def is_uuid(value: object) -> bool:
        return not isinstance(value, str) or bool(_UUID.match(value))

    @checker.checks("date-time")
    def is_date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not _DATE_TIME.match(value):
            return False
        try:
            datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        except ValueError:
            return False
        return True

    @checker.checks("urn")
    def is_urn(value: object) -> bool:
        return not isinstance(value, str) or bool(_URN.match(value))

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if any(ch.isspace() for ch in value):
            return False
        scheme = urlsplit(value).scheme
        return bool(scheme) and bool(_SCHEME.match(scheme))

    @checker.checks("decimal")
    def is_decimal(value: object) -> bool:
        return not isinstance(value, str) or bool(_DECIMAL.match(value))

    return checker


FORMATS = _checker()


@cache
def shipped_schema(name: str) -> dict[str, Any]:
    """A schema file shipped in ``tanlu/exchange/schemas/``."""
    text = resources.files("tanlu.exchange").joinpath("schemas", name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator(name: str) -> Validator:
    schema = shipped_schema(name)
    cls = Draft4Validator if "draft-04" in str(schema.get("$schema", "")) else Draft202012Validator
    validator: Validator = cls(schema, format_checker=FORMATS)
    return validator


def check(document: object, schema_name: str, *, at: str = "$") -> list[Violation]:
    """Every violation of the shipped schema ``schema_name`` in ``document``; paths start at ``at``."""
    found: dict[tuple[str, str], Violation] = {}
    for error in _validator(schema_name).iter_errors(cast(Any, document)):
        for violation in _describe(error, at):
            found.setdefault((violation.path, violation.reason), violation)
    return sorted(found.values(), key=lambda v: (_path_key(v.path), v.reason))


def _describe(error: ValidationError, at: str) -> Iterator[Violation]:
    path = at + error.json_path[1:]
    if error.validator == "required" and isinstance(error.instance, dict):
        for name in cast(list[str], error.validator_value):
            if name not in error.instance:
                yield Violation(_join(path, name), "required property is missing")
        return
    message = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    if message:
        yield Violation(path, str(message))
    elif error.validator == "format":
        yield Violation(path, f"{_short(error.instance)} is not a valid {error.validator_value}")
    elif error.validator == "pattern":
        yield Violation(
            path, f"{_short(error.instance)} does not have the expected form {error.validator_value}"
        )
    elif error.validator == "enum":
        yield Violation(
            path,
            f"{_short(error.instance)} is not one of {', '.join(map(str, cast(list[object], error.validator_value)))}",
        )
    else:
        yield Violation(path, error.message if len(error.message) < 300 else error.message[:297] + "...")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name) else f"{path}[{json.dumps(name)}]"


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _path_key(path: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"[.\[\]]+", path) if part]


def pact_major(document: object) -> str | None:
    """``"3"`` or ``"2"``: which PACT version a footprint says it follows (``specVersion``), else ``None``."""
    if not isinstance(document, dict):
        return None
    spec = document.get("specVersion")
    if isinstance(spec, str):
        major = spec.split(".", 1)[0]
        if major in PACT_SCHEMAS:
            return major
    pcf = document.get("pcf")
    if isinstance(pcf, dict):  # no usable specVersion: tell by the names of the amounts
        if "declaredUnitOfMeasurement" in pcf or "pcfExcludingBiogenicUptake" in pcf:
            return "3"
        if "declaredUnit" in pcf or "pCfExcludingBiogenic" in pcf:
            return "2"
    return None


def check_pact(document: object, *, at: str = "$") -> tuple[str | None, list[Violation]]:
    """The PACT major version of one footprint and every violation of that version's schema."""
    major = pact_major(document)
    if not isinstance(document, dict):
        return None, [Violation(at, "a ProductFootprint must be a JSON object")]
    if major is None and "specVersion" not in document and "pcf" not in document:
        return None, [Violation(at, "not a PACT ProductFootprint: it has neither specVersion nor pcf")]
    if major is None:
        return None, [Violation(f"{at}.specVersion", "not a PACT version this tool knows (2.x or 3.x)")]
    return major, check(document, PACT_SCHEMAS[major], at=at)
