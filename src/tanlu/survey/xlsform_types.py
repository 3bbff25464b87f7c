"""The type column of an XLSForm's survey sheet: the types Tanlu asks, those it keeps without asking
(:data:`UNSUPPORTED`, with the reason) and the device metadata, with pyxform's aliases and spellings made canonical
by :func:`parse_type`."""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["ASKED", "METADATA_TYPES", "UNSUPPORTED", "parse_type"]

#: types that collect nothing from the respondent (device and timing metadata): skipped on import
METADATA_TYPES = frozenset(
    [
        "start",
        "end",
        "today",
        "deviceid",
        "imei",
        "subscriberid",
        "simserial",
        "simid",
        "phonenumber",
        "username",
        "email",
        "audit",
        "start-geopoint",
        "background-audio",
        "background-geopoint",
        "starttime",
        "endtime",
        "start time",
        "end time",
        "getstarttime",
        "getendtime",
        "gettoday",
        "getdeviceid",
        "getsubscriberid",
        "getsimid",
        "getphonenumber",
        "uri:email",
        "uri:phonenumber",
        "uri:subscriberid",
        "uri:simserial",
        "uri:deviceid",
        "uri:username",
        "xml-external",
        "csv-external",
    ]
)
_ALIASES = {
    "string": "text",
    "qstring": "text",
    "add text prompt": "text",
    "int": "integer",
    "qint": "integer",
    "add integer prompt": "integer",
    "qdecimal": "decimal",
    "add decimal prompt": "decimal",
    "qdate": "date",
    "add date prompt": "date",
    "qnote": "note",
    "add note prompt": "note",
    "qcalculate": "calculate",
    "add calculate prompt": "calculate",
}
#: type -> why Tanlu keeps the question without asking it (the key of the reason shown on import)
UNSUPPORTED = {
    **dict.fromkeys(
        [
            "geopoint",
            "geotrace",
            "geoshape",
            "gps",
            "location",
            "qgeopoint",
            "qgeotrace",
            "qgeoshape",
            "qlocation",
            "add",
            "location",
            "prompt",
        ],
        "location",
    ),
    **dict.fromkeys(
        [
            "image",
            "photo",
            "qpicture",
            "qimage",
            "add",
            "image",
            "prompt",
            "add",
            "photo",
            "prompt",
            "audio",
            "qaudio",
            "add",
            "audio",
            "prompt",
            "video",
            "qvideo",
            "add",
            "video",
            "prompt",
            "file",
            "add",
            "file",
            "prompt",
        ],
        "media",
    ),
    **dict.fromkeys(["barcode", "qbarcode", "add", "barcode", "prompt"], "barcode"),
    "time": "time",
    **dict.fromkeys(["datetime", "qdatetime", "add", "datetime", "prompt"], "datetime"),
    **dict.fromkeys(
        ["acknowledge", "qacknowledge", "add", "acknowledge", "prompt", "trigger"], "acknowledge"
    ),
    "range": "range",
    "rank": "rank",
    "hidden": "hidden",
    "osm": "other",
    **dict.fromkeys(["percentage", "numberofdaysinlastmonth", "numberofdaysinlastsixmonths"], "other"),
    **dict.fromkeys(["numberofdaysinlastyear", "cascading", "select", "cascading_select"], "other"),
    **dict.fromkeys(["select_one_external", "select_one_from_file", "select_multiple_from_file"], "external"),
}
_SELECTS = {
    "select_one": "select_one",
    "select one": "select_one",
    "select1": "select_one",
    "select one from": "select_one",
    "select one using": "select_one",
    "add select one prompt using": "select_one",
    "select_multiple": "select_multiple",
    "select all that apply": "select_multiple",
    "select all that apply from": "select_multiple",
    "select multiple from": "select_multiple",
    "select multiple using": "select_multiple",
    "add select multiple prompt using": "select_multiple",
    "select_one_external": "select_one_external",
    "select_one_from_file": "select_one_from_file",
    "select one from file": "select_one_from_file",
    "select_multiple_from_file": "select_multiple_from_file",
    "select multiple from file": "select_multiple_from_file",
    "rank": "rank",
}
_OR_OTHER = re.compile(r"\s+(?:or_other|or specify other)$", re.IGNORECASE)
_CONTROL = re.compile(
    r"(begin|end)[ _](group|repeat|lgroup|looped group|loop)(?:\s+over\s+\S+)?", re.IGNORECASE
)
ASKED = frozenset(
    {"select_one", "select_multiple", "text", "integer", "decimal", "date", "note", "calculate"}
)


def _squeezed(table: Mapping[str, str]) -> dict[str, str]:
    return {key.replace(" ", ""): value for key, value in table.items()}


_SQUEEZED_ALIASES = _squeezed(_ALIASES)
_SQUEEZED_TYPES = _squeezed({kind: kind for kind in [*METADATA_TYPES, *UNSUPPORTED, *ASKED]})


def parse_type(raw: str) -> tuple[str, str | None, bool]:
    """``'select_one yes_no or_other'`` -> ``('select_one', 'yes_no', True)``; ``'begin group'`` ->
    ``('begin_group', None, False)``; aliases (``int``, ``select1``, ``add text prompt``, ``phone number``...)
    made canonical; spaces inside a type name do not matter, as in pyxform."""
    text = " ".join(raw.strip().split())
    other = bool(_OR_OTHER.search(text))
    text = _OR_OTHER.sub("", text)
    lowered = text.lower()
    for prefix in sorted(_SELECTS, key=len, reverse=True):
        if lowered.startswith(prefix + " "):
            return _SELECTS[prefix], text[len(prefix) :].strip(), other
    control = _CONTROL.fullmatch(lowered)
    if control:
        kind = "group" if control.group(2) == "group" else "repeat"
        return f"{control.group(1)}_{kind}", None, False
    squeezed = lowered.replace(" ", "")
    if squeezed in _SQUEEZED_ALIASES or squeezed in _SQUEEZED_TYPES:
        return _SQUEEZED_ALIASES.get(squeezed) or _SQUEEZED_TYPES[squeezed], None, other
    first, _, rest = lowered.partition(" ")
    if first in UNSUPPORTED and rest:  # ``osm building_tags``: a type Tanlu keeps, with its list
        return first, text[len(first) :].strip(), False
    return lowered, None, other
