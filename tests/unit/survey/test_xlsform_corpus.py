"""Every XLSForm of a public corpus imports: pyxform's examples, Kobo's and ODK's documentation forms...

Set ``TANLU_XLSFORM_CORPUS`` to a directory of ``.xls``/``.xlsx`` (or pyxform Markdown ``.md``) forms (searched recursively) that pyxform
accepts, e.g. pyxform's ``tests/`` folder, to run it; CI sets nothing and the test is skipped. The forms are
read beside Tanlu, never copied into the repository. A form may be refused only with an
:class:`~tanlu.errors.InputError` (a clear, placed message), never with a traceback; the test reports every
refusal with its message, so a list of forms pyxform refuses can be passed in ``TANLU_XLSFORM_EXPECTED_REFUSED``
(file names separated by commas).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tanlu.errors import InputError
from tanlu.survey.xlsform import read_xlsform, write_xlsform

CORPUS = os.environ.get("TANLU_XLSFORM_CORPUS", "")
EXPECTED_REFUSED = {name.strip() for name in os.environ.get("TANLU_XLSFORM_EXPECTED_REFUSED", "").split(",")}


def corpus_forms() -> list[Path]:
    if not CORPUS:
        return []
    return sorted(
        p for p in Path(CORPUS).rglob("*") if p.suffix.lower() in {".xls", ".xlsx", ".md"} and p.is_file()
    )


@pytest.mark.skipif(not CORPUS, reason="TANLU_XLSFORM_CORPUS is not set: no public XLSForm corpus to import")
def test_every_form_of_the_corpus_imports() -> None:
    forms = corpus_forms()
    assert forms, f"no .xls, .xlsx or .md form under {CORPUS}"
    refused: dict[str, str] = {}
    for path in forms:
        try:
            form = read_xlsform(path)
            assert read_xlsform(write_xlsform(form)) == form, f"{path.name}: the export does not read back"
        except InputError as error:
            refused[path.name] = str(error)
    unexpected = {name: reason for name, reason in refused.items() if name not in EXPECTED_REFUSED}
    imported = len(forms) - len(refused)
    print(f"\n{imported} of {len(forms)} corpus forms import")  # noqa: T201 - the figure docs/surveys.md quotes
    assert not unexpected, "\n".join(f"{name}: {reason}" for name, reason in sorted(unexpected.items()))
