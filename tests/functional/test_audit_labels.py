"""Every action the code writes to the audit log has a label in the reader's language (the log page shows the
label, never a key such as ``inventory.import``)."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from tanlu.web.accounts.models import AUDIT_ACTIONS

WEB = Path(__file__).parents[2] / "src" / "tanlu" / "web"
#: the literal action keys of an ``audit(…)`` or ``both_audit(…)`` call, up to its closing line
CALL = re.compile(r"\baudit\((?P<arguments>[^()]*(?:\([^()]*\)[^()]*)*)\)", re.S)
KEY = re.compile(r'"([a-z_]+\.[a-z_]+)"')


def _written_actions() -> set[str]:
    found: set[str] = set()
    for path in WEB.rglob("*.py"):
        for call in CALL.finditer(path.read_text(encoding="utf-8")):
            found.update(KEY.findall(call.group("arguments")))
    return found


def test_every_audited_action_has_a_chinese_and_english_label() -> None:
    written = _written_actions()
    assert {
        "inventory.import",
        "exchange.export",
        "supplier_target.removed",
    } <= written  # the scan finds them
    assert sorted(written - AUDIT_ACTIONS.keys()) == []
    with translation.override("zh-hans"):
        untranslated = [
            key for key in written if str(AUDIT_ACTIONS[key]) == key or str(AUDIT_ACTIONS[key]).isascii()
        ]
    assert untranslated == []
