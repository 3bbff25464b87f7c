from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

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


def test_workbook_settings_sheet(tmp_path: Path) -> None:
    path = tmp_path / "model.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("products").write_row(0, 0, ["product_id", "name"])
    sheet = workbook.add_worksheet("settings")
    for row, cells in enumerate(
        [["Key", "Value", "Product_ID"], ["company_name", "Acme", ""], ["country", "CN", "P1"]]
    ):
        sheet.write_row(row, 0, cells)
    workbook.close()
    assert read_settings(path).for_product("P1") == {"company_name": "Acme", "country": "CN"}


def test_workbook_without_settings_sheet(tmp_path: Path) -> None:
    path = tmp_path / "model.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("products").write_row(0, 0, ["product_id", "name"])
    workbook.close()
    assert read_settings(path).for_product("P1") == {}


def test_settings_sheet_needs_key_and_value(tmp_path: Path) -> None:
    (tmp_path / "settings.csv").write_text("name,value\ncompany_name,Acme\n", encoding="utf-8")
    with pytest.raises(RowsRejected, match="column 'key': the settings sheet needs this column"):
        read_settings(tmp_path)
