"""Target years within the bounds of every year (issue #11, item 12): 99999 is refused, not saved."""

from __future__ import annotations

from typing import Any

import pytest

from tanlu.web.inventory.models import Target

TARGET = {
    "form": "target",
    "name": "S1+2 -42%",
    "kind": "absolute",
    "coverage": "s12",
    "basis": "market",
    "reduction_percent": 42,
}


@pytest.mark.parametrize(("base_year", "target_year"), [(2023, 99999), (2023, 2101), (1899, 2030), (0, 2030)])
def test_years_out_of_bounds_are_refused_with_the_field(
    tenant: Any, base_year: int, target_year: int
) -> None:
    response = tenant.client.post(
        "/inventory/targets/", {**TARGET, "base_year": base_year, "target_year": target_year}
    )
    assert response.status_code == 200
    assert "Enter a year from 1900 to 2100." in response.content.decode()
    assert not Target.objects.exists()


def test_years_within_the_bounds_are_saved(tenant: Any) -> None:
    response = tenant.client.post("/inventory/targets/", {**TARGET, "base_year": 2023, "target_year": 2100})
    assert response.status_code == 302
    assert Target.objects.get().target_year == 2100
