"""Forms that ship with Tanlu, starting with the AIAG Carbon Performance Survey, wave 2.

Source: AIAG Supply Chain Sustainability, *碳表现调查报告 / Carbon Performance Survey*, as of 30 March 2023
(bilingual report of wave 2 results). Every question and option is transcribed from it, in Chinese and
English; obvious typos in the English were corrected ("Caron" -> "Carbon", "companys" -> "company's",
"Public / Gove Affairs" -> "Public / Government Affairs"). The questions were given stable snake_case names.

Types are the ones the printed results prove. Four questions the report prints as single choice have
shares that add up to more than 100% over the same 245 respondents (``function`` 102.46%,
``supplier_disclosure_requirement`` 102.85% although it says "please pick one", ``carbon_accounting_approach``
106.94%, ``green_energy_relocation`` 101.63%), so some respondents gave several answers: they are
``select_multiple`` here, which is the only way the printed figures can be reproduced. Free-text
follow-ups ("if so, please specify", "others (please specify)") are shown only after the answer that asks
for them, through ``relevant``; the report prints answers only for ``pcf_disclosure_sample``.

The committed source is one UTF-8 CSV per sheet in ``data/aiag_carbon_survey_wave2/`` (reviewable diffs); the
``.xlsx`` XLSForm next to it is generated from them by ``python -m tanlu.survey.builtin`` and is what
:func:`builtin_form` reads. A test keeps the two in step.
"""

from __future__ import annotations

import datetime
import functools
import io
import sys
from importlib import resources
from pathlib import Path

import xlsxwriter

from tanlu.errors import NotFound
from tanlu.survey.form import Form
from tanlu.survey.xlsform import form_from_sheets, read_xlsform
from tanlu.tabular import Table, read_workbook_sheets

__all__ = ["BUILTIN_FORMS", "build_builtin_xlsx", "builtin_form", "builtin_source_sheets"]

#: built-in form name -> file stem under ``tanlu/survey/data/``
BUILTIN_FORMS = {"aiag_wave2": "aiag_carbon_survey_wave2"}
_SHEETS = ("survey", "choices", "settings")


def _stem(name: str) -> str:
    try:
        return BUILTIN_FORMS[name]
    except KeyError:
        raise NotFound(f"no built-in form {name!r}; there are {', '.join(sorted(BUILTIN_FORMS))}") from None


@functools.cache
def builtin_form(name: str = "aiag_wave2") -> Form:
    """The built-in form ``name``, read from its committed ``.xlsx`` XLSForm."""
    stem = _stem(name)
    data = resources.files("tanlu.survey").joinpath("data", f"{stem}.xlsx").read_bytes()
    return read_xlsform(data, filename=f"{stem}.xlsx")


def builtin_source_sheets(name: str = "aiag_wave2") -> dict[str, Table]:
    """The committed CSV source of a built-in form, one table per sheet."""
    stem = _stem(name)
    folder = resources.files("tanlu.survey").joinpath("data", stem)
    sheets: dict[str, Table] = {}
    for sheet in _SHEETS:
        data = folder.joinpath(f"{sheet}.csv").read_bytes()
        sheets.update(read_workbook_sheets(data, filename=f"{sheet}.csv", header_detection=False))
    return sheets


def build_builtin_xlsx(name: str = "aiag_wave2") -> bytes:
    """Copy the CSV source cell by cell into an ``.xlsx`` XLSForm (deterministic: fixed creation date)."""
    sheets = builtin_source_sheets(name)
    form_from_sheets(sheets, filename=f"{_stem(name)}.csv")  # refuse to build a broken form
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    workbook.set_properties({"title": name, "created": datetime.datetime(2023, 3, 30)})
    bold = workbook.add_format({"bold": True})
    for sheet in _SHEETS:
        table = sheets[sheet]
        worksheet = workbook.add_worksheet(sheet)
        for column, header in enumerate(table.headers):
            worksheet.write_string(0, column, header, bold)
        for number, row in enumerate(table.rows, start=1):
            for column, text in enumerate(row):
                if text:
                    worksheet.write_string(number, column, text)
        worksheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Regenerate every built-in ``.xlsx`` from its CSV source: ``python -m tanlu.survey.builtin``."""
    del argv
    folder = Path(__file__).with_name("data")
    for name, stem in BUILTIN_FORMS.items():
        (folder / f"{stem}.xlsx").write_bytes(build_builtin_xlsx(name))
        sys.stdout.write(f"wrote {folder / f'{stem}.xlsx'}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
