"""The Chinese catalogue is complete, compiled, and covers every message in the code and templates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

WEB = Path(__file__).resolve().parents[2] / "src" / "tanlu" / "web"
PO = WEB / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _translations(entries: polib.POFile | polib.MOFile) -> dict[tuple[str, str], str]:
    return {(e.msgctxt or "", e.msgid): e.msgstr or e.msgstr_plural.get(0, "") for e in entries if e.msgid}


def test_every_message_is_translated() -> None:
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [], f"untranslated: {untranslated}"
    assert fuzzy == [], f"fuzzy: {fuzzy}"
    for entry in catalogue:
        assert entry.msgid_plural == "" or entry.msgstr_plural.get(0), entry.msgid


def test_compiled_catalogue_matches_the_source() -> None:
    assert _translations(polib.mofile(str(MO))) == _translations(polib.pofile(str(PO))), "run `make messages`"


def test_catalogue_lists_every_message_of_code_and_templates(tmp_path: Path) -> None:
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("gettext (xgettext) is required in CI")
        pytest.skip(
            "gettext is not installed (apt-get install gettext): the catalogue cannot be re-extracted"
        )
    copy = tmp_path / "web"
    shutil.copytree(WEB, copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
    env = {**os.environ, "TANLU_DEBUG": "true", "TANLU_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--no-obsolete",
            "--settings",
            "tanlu.web.settings",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = {(e.msgctxt or "", e.msgid) for e in polib.pofile(str(copy / PO.relative_to(WEB)))}
    committed = {(e.msgctxt or "", e.msgid) for e in polib.pofile(str(PO)) if not e.obsolete}
    assert extracted - committed == set(), "new messages: run `make messages` and translate them"
    assert committed - extracted == set(), "messages no longer used: run `make messages`"


def test_numbers_follow_the_locale_with_grouped_digits() -> None:
    from django.template import engines  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    template = engines["django"].from_string('{{ value|floatformat:"1g" }}')
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert template.render({"value": 37797.04}) == "37,797.0", language
