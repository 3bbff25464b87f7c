"""An audit event's detail in the reader's language (#12 item 8).

Details are stored as the code writes them, in English words around names and numbers ("ledger.csv: 16 rows",
"a@b.cn as editor", "SURVEY-1 public=True"): stored text never changes with the reader. Here each known
shape becomes a gettext message with its values kept, as :mod:`tanlu.web.inventory.reasons` does for the
import's reasons; a detail of another shape (a name, a note someone typed) is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tanlu.web.accounts.models import Role


def _role(value: str) -> str:
    return str(Role(value).label) if value in Role.values else value


def _rows(found: re.Match[str]) -> str:
    n = int(found.group("n"))
    return ngettext("%(file)s: %(n)s row", "%(file)s: %(n)s rows", n) % {"file": found.group("file"), "n": n}


def _footprints(found: re.Match[str]) -> str:
    n = int(found.group("n"))
    return ngettext("%(file)s: %(n)s footprint", "%(file)s: %(n)s footprints", n) % {
        "file": found.group("file"),
        "n": n,
    }


def _as_role(found: re.Match[str]) -> str:
    text = _("%(email)s as %(role)s") % {"email": found.group("email"), "role": _role(found.group("role"))}
    if found.group("already"):
        text += _(" (already a member)")
    if found.group("by"):
        text += _(" (by %(name)s)") % {"name": found.group("by")}
    return text


def _role_change(found: re.Match[str]) -> str:
    return _("%(email)s: %(old)s → %(new)s") % {
        "email": found.group("email"),
        "old": _role(found.group("old")),
        "new": _role(found.group("new")),
    }


def _public(found: re.Match[str]) -> str:
    values = {"survey": found.group("survey")}
    if found.group("on") == "True":
        return _("%(survey)s: public link on") % values
    return _("%(survey)s: public link off") % values


def _count(singular: str, plural: str) -> Callable[[re.Match[str]], str]:
    def said(found: re.Match[str]) -> str:
        n = int(found.group("n"))
        return ngettext(singular, plural, n) % {"survey": found.group("survey"), "n": n}

    return said


def _goods(found: re.Match[str]) -> str:
    n = int(found.group("n"))
    return ngettext(
        "%(file)s: %(installation)s, %(n)s good", "%(file)s: %(installation)s, %(n)s goods", n
    ) % {"file": found.group("file"), "installation": found.group("installation"), "n": n}


_AS_ROLE = (
    r"(?P<email>\S+) as (?P<role>owner|editor|viewer)(?P<already> \(already a member\))?"
    r"(?: \(by (?P<by>.+)\))?"
)
_SURVEY_COUNT = r"(?P<survey>.+): (?P<n>\d+)"
#: action → (pattern of the whole detail, how to say it)
_SHAPES: dict[str, tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = {
    action: (re.compile(pattern), say)
    for action, pattern, say in (
        ("inventory.import", r"(?P<file>.+): (?P<n>\d+) rows", _rows),
        ("products.import", r"(?P<file>.+): (?P<n>\d+) rows", _rows),
        ("exchange.import", r"(?P<file>.+): (?P<n>\d+)", _footprints),
        ("invitation.sent", _AS_ROLE, _as_role),
        ("invitation.accepted", _AS_ROLE, _as_role),
        ("member.role_changed", r"(?P<email>.+): (?P<old>\w+) → (?P<new>\w+)", _role_change),
        ("survey.settings", r"(?P<survey>.+) public=(?P<on>True|False)", _public),
        (
            "survey.invitations_sent",
            _SURVEY_COUNT,
            _count("%(survey)s: %(n)s invitation sent", "%(survey)s: %(n)s invitations sent"),
        ),
        (
            "survey.reminders_sent",
            _SURVEY_COUNT,
            _count("%(survey)s: %(n)s reminder sent", "%(survey)s: %(n)s reminders sent"),
        ),
        (
            "survey.participants_imported",
            _SURVEY_COUNT,
            _count("%(survey)s: %(n)s participant imported", "%(survey)s: %(n)s participants imported"),
        ),
        (
            "survey.suppliers_invited",
            _SURVEY_COUNT,
            _count("%(survey)s: %(n)s supplier invited", "%(survey)s: %(n)s suppliers invited"),
        ),
        ("cbam.import", r"(?P<file>.+): (?P<installation>.+), (?P<n>\d+) goods", _goods),
    )
}
_DEMO = " (demo)"
_DUE = re.compile(r"(?P<head>.*)\bdue (?P<date>\d{4}-\d{2}-\d{2})(?P<tail>.*)")


def localize(action: str, detail: str) -> str:
    """``detail`` of an event of ``action`` in the active language; a detail of no known shape as it is."""
    demo = detail.endswith(_DEMO)
    text = detail[: -len(_DEMO)] if demo else detail
    shape = _SHAPES.get(action)
    found = shape[0].fullmatch(text) if shape else None
    if shape is not None and found is not None:
        text = shape[1](found)
    elif action.startswith("footprint_request.") and (due := _DUE.fullmatch(text)):
        text = due.group("head") + _("due %(date)s") % {"date": due.group("date")} + due.group("tail")
    return text + (_(" (demo)") if demo else "")
