"""Numbers in explanations read as people write them, the same in English and Chinese: no ``3.671e-05``."""

from __future__ import annotations

import re

import pytest

from tanlu.carbon import explain
from tanlu.carbon.explain import explain_row, format_number
from tanlu.carbon.factors import FactorSet
from tanlu.carbon.inventory import calculate_inventory

from .conftest import MakeActivities, activity_row


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12000, "12,000"),
        (2.16, "2.16"),
        (0.0012345, "0.001234"),
        (0.001, "0.001"),
        (3.671e-05, "3.671×10⁻⁵"),
        (1e-05, "1×10⁻⁵"),
        (-2.5e-07, "-2.5×10⁻⁷"),
        (9.99996e-05, "1×10⁻⁴"),  # rounds up to the next power
        (0.000501, "0.000501"),
        (1.23456e17, "1.235×10¹⁷"),
        (0.0, "0"),
        (999_999, "999,999"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


def test_conversions_in_row_sentences_have_no_e_notation(
    make_activities: MakeActivities, bundled: FactorSet
) -> None:
    rows = [activity_row("natural_gas", "1", "m³"), activity_row("diesel", "1", "L")]
    inventory = calculate_inventory(make_activities(rows), bundled, "AR6")
    for lang in ("en", "zh"):
        for row in (2, 3):
            text = explain_row(inventory, row, lang=lang)  # type: ignore[arg-type]
            assert not re.search(r"\de[-+]?\d", text), text
    english = explain_row(inventory, 2)
    assert "×10⁻" in english  # 1 m³ of gas is a few ×10⁻⁵ TJ
    assert re.search(r"1 m³ = [\d.]+×10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+ TJ", english), english


def test_the_web_apps_imports_are_public() -> None:
    assert "explain_resolution" in explain.__all__
    assert "SCOPE_NAMES" in explain.__all__
