"""The shipped Chinese catalogue covers every string of the survey templates (issue 13, item 15).

The strings are read from the templates themselves ({% translate %} and {% blocktranslate %}, with ``{{ x }}``
written ``%(x)s`` as makemessages does), and looked up in the committed ``django.po`` and, at run time, through
Django's gettext with the compiled ``django.mo``: nothing is patched into the catalogue here.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

WEB = Path(__file__).resolve().parents[3] / "src" / "tanlu" / "web"
PO = WEB / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
TEMPLATES = sorted((WEB / "templates" / "surveys").rglob("*.html"))

_TRANSLATE = re.compile(
    r"""{%\s*translate\s+(?P<q>["'])(?P<text>.*?)(?P=q)(?:\s+context\s+["'][^"']*["'])?\s*(?:as\s+\w+\s*)?%}"""
)
_BLOCK = re.compile(
    r"{%\s*blocktranslate(?P<args>[^%]*)%}(?P<body>.*?)(?:{%\s*plural\s*%}.*?)?{%\s*endblocktranslate\s*%}",
    re.S,
)
_VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def _messages() -> dict[str, str]:
    """msgid -> the template it is in."""
    found: dict[str, str] = {}
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for match in _TRANSLATE.finditer(text):
            found.setdefault(match["text"].replace("%", "%%"), path.name)  # as makemessages writes it
        for match in _BLOCK.finditer(text):
            if "context" in match["args"]:
                continue
            body = match["body"].replace("%", "%%")
            if "trimmed" in match["args"]:
                body = " ".join(body.split())
            found.setdefault(_VARIABLE.sub(r"%(\1)s", body), path.name)
    return found


def test_the_templates_have_messages_to_check() -> None:
    messages = _messages()
    assert len(messages) > 150, "the extraction reads the survey templates"
    assert "Save and continue later" in messages
    assert "Page %(number)s of %(count)s" in messages


def test_every_survey_template_string_is_in_the_shipped_catalogue() -> None:
    catalogue = {entry.msgid: entry for entry in polib.pofile(str(PO)) if not entry.obsolete}
    missing = {
        msgid: template
        for msgid, template in _messages().items()
        if (
            msgid not in catalogue
            or not (catalogue[msgid].msgstr or catalogue[msgid].msgstr_plural.get(0))
            or catalogue[msgid].fuzzy
        )
    }
    assert missing == {}, f"not translated in the shipped catalogue: {missing}"


@pytest.mark.parametrize(
    ("msgid", "chinese"),
    [
        ("Save and continue later", "保存，稍后继续"),
        ("Next", "下一页"),
        ("Table of counts", "人数表"),
        ("Table of shares", "占比表"),
    ],
)
def test_the_compiled_catalogue_gives_the_chinese_the_respondent_sees(msgid: str, chinese: str) -> None:
    with translation.override("zh-hans"):
        assert translation.gettext(msgid) == chinese


def test_every_catalogued_survey_string_reads_chinese_at_run_time() -> None:
    untouched = []
    with translation.override("zh-hans"):
        for msgid in _messages():
            if not re.search(r"[A-Za-z]{3}", msgid):
                continue
            if translation.gettext(msgid) == msgid:  # the tags look up "100%%" as written here
                untouched.append(msgid)
    assert untouched == [], f"shown in English in the Chinese UI: {untouched}"
