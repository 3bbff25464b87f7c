"""Footprint versions the PACT way, as pure functions on PACT JSON (nothing is stored here).

v3.0: a footprint never changes.  Any change makes a new footprint with a new ``id`` whose ``precedingPfIds`` lists
the ids of every earlier version; the earlier one is published once more with ``status: Deprecated`` and is then
frozen.  A Deprecated footprint cannot be superseded again.

v2.3: a *minor* change (anything outside ``pcf``: names, identifiers, descriptions, validity, extensions) keeps the
``id``, increments ``version`` and sets ``updated``.  A *major* change (any change to ``pcf``, the footprint itself)
makes a new footprint with a new ``id`` and ``precedingPfIds``; the earlier one becomes Deprecated, which is itself a
minor change of it (``version`` + 1, ``updated``, ``statusComment``).
"""

from __future__ import annotations

import copy
import json
import uuid
from datetime import datetime
from typing import Any, Literal

from tanlu.errors import InputError
from tanlu.exchange.mapping import timestamp

Change = Literal["none", "minor", "major"]

#: properties that record the history rather than the content
_HISTORY = frozenset({"id", "precedingPfIds", "version", "created", "updated", "status", "statusComment"})


def _content(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key not in _HISTORY}


def _preceding(previous: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys([previous["id"], *previous.get("precedingPfIds", [])]))


def _deprecated(previous: dict[str, Any], comment: str | None) -> dict[str, Any]:
    if previous.get("status") == "Deprecated":
        raise InputError(
            "footprint is already Deprecated and never changes again; supersede its successor",
            column="status",
            value=str(previous.get("id")),
        )
    old = copy.deepcopy(previous)
    old["status"] = "Deprecated"
    if comment is not None:
        old["statusComment"] = comment
    return old


def supersede_v3(
    previous: dict[str, Any], current: dict[str, Any], *, new_id: str, created: datetime
) -> list[dict[str, Any]]:
    """What to publish when ``current`` (a new calculation) follows ``previous`` (v3.0).

    ``[previous]`` unchanged when nothing but the history differs; otherwise ``[previous as Deprecated, successor]``
    where the successor is ``current`` under ``new_id`` with ``precedingPfIds`` = previous id + its predecessors.
    """
    if _content(previous) == _content(current):
        return [previous]
    if new_id == previous["id"] or new_id in previous.get("precedingPfIds", []):
        raise InputError("a changed v3 footprint needs an id it has never had", column="id", value=new_id)
    old = _deprecated(previous, None)
    old.pop("statusComment", None)  # not a v3 property
    successor = copy.deepcopy(current)
    successor.update(
        id=new_id, created=timestamp(created), status="Active", precedingPfIds=_preceding(previous)
    )
    return [old, _ordered(successor)]


def change_v2(previous: dict[str, Any], current: dict[str, Any]) -> Change:
    """How v2.3 classifies going from ``previous`` to ``current``: no change, a minor or a major change."""
    if previous.get("pcf") != current.get("pcf"):
        return "major"
    return "none" if _content(previous) == _content(current) else "minor"


def revise_v2(
    previous: dict[str, Any],
    current: dict[str, Any],
    *,
    new_id: str,
    now: datetime,
    status_comment: str = "Superseded by a recalculated footprint",
) -> list[dict[str, Any]]:
    """What to publish when ``current`` follows ``previous`` (v2.3): see the module docstring for the rules."""
    kind = change_v2(previous, current)
    if kind == "none":
        return [previous]
    if previous.get("status") == "Deprecated":
        raise InputError(
            "a Deprecated footprint is not changed again", column="status", value=str(previous["id"])
        )
    if kind == "minor":
        revised = copy.deepcopy(current)
        revised.update(
            id=previous["id"], version=int(previous["version"]) + 1, created=previous["created"],
            updated=timestamp(now), status=previous["status"],
        )  # fmt: skip
        revised.pop("precedingPfIds", None)
        if "precedingPfIds" in previous:
            revised["precedingPfIds"] = previous["precedingPfIds"]
        return [_ordered(revised)]
    if new_id == previous["id"]:
        raise InputError("a major change needs a new footprint id", column="id", value=new_id)
    old = _deprecated(previous, status_comment)
    old.update(version=int(previous["version"]) + 1, updated=timestamp(now))
    successor = copy.deepcopy(current)
    successor.pop("updated", None)
    successor.update(
        id=new_id, version=1, created=timestamp(now), status="Active", precedingPfIds=_preceding(previous)
    )
    return [_ordered(old), _ordered(successor)]


def successor_id(previous: dict[str, Any], current: dict[str, Any]) -> str:
    """``current``'s id, unless the previous footprint or one before it had it (a change of settings only, on the
    same model): then an id derived from the previous id and the new content, so the same change gives the same id."""
    used = {previous["id"], *previous.get("precedingPfIds", [])}
    if current["id"] not in used:
        return str(current["id"])
    content = json.dumps(_content(current), sort_keys=True, ensure_ascii=False)
    return str(uuid.uuid5(uuid.UUID(str(previous["id"])), content))


def follow(previous: dict[str, Any], current: dict[str, Any], *, now: datetime) -> list[dict[str, Any]]:
    """What to publish after ``previous`` when ``current`` is the new calculation, by the rules of their version."""
    majors = {str(document.get("specVersion", "")).split(".", 1)[0] for document in (previous, current)}
    if len(majors) != 1 or not majors <= {"2", "3"}:
        raise InputError("the previous footprint must follow the same PACT version", column="specVersion")
    new_id = successor_id(previous, current)
    if majors == {"3"}:
        return supersede_v3(previous, current, new_id=new_id, created=now)
    return revise_v2(previous, current, new_id=new_id, now=now)


_ORDER = ("id", "specVersion", "precedingPfIds", "version", "created", "updated", "status", "statusComment")


def _ordered(document: dict[str, Any]) -> dict[str, Any]:
    """History properties first, in the order the specifications list them, then the rest as they were."""
    head = {key: document[key] for key in _ORDER if key in document}
    return {**head, **{key: value for key, value in document.items() if key not in head}}
