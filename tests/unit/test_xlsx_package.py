"""Workbooks are judged by their workbook part and the parts they hold, never by unused ``Default`` content
types (issue #11, item 13). The fixtures reproduce the packages of real exports; see
tests/fixtures/workbooks/make_workbooks.py for what each producer writes and where that is documented."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tanlu.carbon.activities import read_activities
from tanlu.carbon.factors import load_bundled
from tanlu.errors import FileFormatError
from tanlu.survey.xlsform import read_xlsform
from tanlu.tabular import read_table

WORKBOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "workbooks"
EXPORTS = ["google-sheets.xlsx", "libreoffice.xlsx", "wps.xlsx", "excel.xlsx"]
MACROS = "macro-enabled workbooks"


def _content_types(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("[Content_Types].xml").decode()


def _replace(path: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, payload in (add or {}).items():
            target.writestr(name, payload)
    return out.getvalue()


def test_the_fixtures_hold_what_makes_each_export_different() -> None:
    assert 'Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"' in (
        _content_types(WORKBOOKS / "google-sheets.xlsx")
    )
    with zipfile.ZipFile(WORKBOOKS / "libreoffice.xlsx") as archive:
        assert b"LibreOffice" in archive.read("docProps/app.xml")
    with zipfile.ZipFile(WORKBOOKS / "excel.xlsx") as archive:
        assert "xl/printerSettings/printerSettings1.bin" in archive.namelist()
    with zipfile.ZipFile(WORKBOOKS / "excel-macros.xlsm") as archive:
        assert "xl/vbaProject.bin" in archive.namelist()


@pytest.mark.parametrize("name", EXPORTS)
def test_inventory_accepts_every_producers_workbook(name: str) -> None:
    activities = read_activities(WORKBOOKS / name, load_bundled())
    assert activities.frame.get_column("amount").to_list() == [1200.0, 250.5]
    assert activities.file == name


@pytest.mark.parametrize("name", EXPORTS)
def test_surveys_accept_every_producers_workbook(name: str) -> None:
    form = read_xlsform(WORKBOOKS / name)
    assert [question.name for question in form.questions()] == ["measures", "share"]
    assert set(form.languages) == {"en", "zh"}


def test_a_real_macro_enabled_workbook_is_refused() -> None:
    with pytest.raises(FileFormatError, match=MACROS) as caught:
        read_table(WORKBOOKS / "excel-macros.xlsm")
    assert caught.value.file == "excel-macros.xlsm"
    with pytest.raises(FileFormatError, match=MACROS):
        read_xlsform(WORKBOOKS / "excel-macros.xlsm")


def test_a_macro_enabled_workbook_part_is_refused_without_a_vba_part() -> None:
    path = WORKBOOKS / "excel.xlsx"
    types = _content_types(path).replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    with pytest.raises(FileFormatError, match=MACROS):
        read_table(_replace(path, {"[Content_Types].xml": types.encode()}), filename="renamed.xlsx")


def test_a_bin_part_of_the_macro_type_is_refused_whatever_its_name() -> None:
    """Google Sheets' default becomes real once a ``.bin`` part uses it."""
    data = _replace(WORKBOOKS / "google-sheets.xlsx", {}, add={"xl/extra/code.bin": b"\x00" * 16})
    with pytest.raises(FileFormatError, match=MACROS):
        read_table(data, filename="g.xlsx")


def test_a_workbook_part_of_another_type_is_not_a_workbook() -> None:
    path = WORKBOOKS / "google-sheets.xlsx"
    types = _content_types(path).replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/octet-stream",
    )
    with pytest.raises(FileFormatError, match="workbook part is application/octet-stream"):
        read_table(_replace(path, {"[Content_Types].xml": types.encode()}), filename="odd.xlsx")
