from __future__ import annotations

from pathlib import Path

import pytest

from tanlu.errors import RowsRejected
from tanlu.exchange.settings import read_settings


def test_folder_settings_apply_per_product(tmp_path: Path) -> None:
    (tmp_path / "settings.csv").write_text(
        "key,value,product_id\ncompany_name,Acme,\ncountry,DE,\ncountry,CN,BC-100\n", encoding="utf-8"
    )
    settings = read_settings(tmp_path)
    assert settings.for_product("BC-100") == {"company_name": "Acme", "country": "CN"}
    assert settings.for_product("other") == {"company_name": "Acme", "country": "DE"}
    assert settings.for_product("other", {"country": "FR", "comment": ""}) == {
        "company_name": "Acme",
        "country": "FR",
    }


def test_no_settings_sheet_is_no_settings(tmp_path: Path) -> None:
    assert read_settings(tmp_path).for_product("x") == {}


def test_unknown_key_is_rejected_with_its_row(tmp_path: Path) -> None:
    (tmp_path / "settings.csv").write_text(
        "key,value\ncompany_name,Acme\ncompnay_ids,urn:x:y\n", encoding="utf-8"
    )
    with pytest.raises(RowsRejected, match=r"row 3, column 'key': not a setting.*'compnay_ids'"):
        read_settings(tmp_path)
