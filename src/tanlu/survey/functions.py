"""XPath values and the XLSForm functions Tanlu evaluates, apart from the parser (:mod:`.expressions`).

Values follow XPath 1.0 as ODK and KoboToolbox evaluate them: every answer is text (a select_multiple answer
is its choice names separated by spaces; an unanswered question is ``""``); numbers are floats; text that is
not a number is NaN. Functions take their arguments already evaluated (``if()`` is the parser's, as it must
not evaluate the branch it does not take).

``regex(text, pattern)`` is Python's :func:`re.search` (JavaRosa's ``find``): the pattern may match anywhere
unless it is anchored with ``^…$``, as in ODK. Functions that depend on the device or on repeats
(``pulldata``, ``instance``, ``position``, ``indexed-repeat``, ``uuid``...) are not here: an expression that
uses one is kept but not evaluated.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from collections.abc import Callable
from typing import TypeAlias

__all__ = ["ARITY", "FUNCTIONS", "Value", "compile_pattern", "to_boolean", "to_number", "to_text"]

Value: TypeAlias = str | float | bool

_MANY = 1_000


def to_number(value: Value) -> float:
    """XPath ``number()``: booleans are 1/0, text that is not a plain decimal number is NaN."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    text = value.strip()
    if re.fullmatch(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", text):
        return float(text)
    return math.nan


def to_text(value: Value) -> str:
    """XPath ``string()``: integers without ``.0``, booleans as ``true``/``false``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return str(int(value)) if value.is_integer() else repr(value)
    return value


def to_boolean(value: Value) -> bool:
    """XPath ``boolean()``: non-zero numbers and non-empty text are true."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return value != ""


#: Java's Unicode classes (what ODK's regex() takes) that Python's re lacks, as Python classes
_JAVA_CLASSES = {
    r"\p{L}": r"[^\W\d_]",
    r"\p{IsAlphabetic}": r"[^\W\d_]",
    r"\p{Alpha}": r"[A-Za-z]",
    r"\p{Lu}": r"[A-Z]",
    r"\p{Ll}": r"[a-z]",
    r"\p{N}": r"\d",
    r"\p{Nd}": r"\d",
    r"\p{Digit}": r"[0-9]",
    r"\p{Alnum}": r"[A-Za-z0-9]",
    r"\p{Punct}": r"[!-/:-@\[-`{-~]",
    r"\p{Space}": r"\s",
    r"\p{Han}": r"[\u3400-\u9fff\uf900-\ufaff]",
    r"\p{IsHan}": r"[\u3400-\u9fff\uf900-\ufaff]",
}


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The compiled ``regex()`` pattern; :class:`re.error` for an invalid one (the import refuses it).

    ODK evaluates patterns with Java; the Unicode classes Java has and Python's re lacks (``\\p{L}``,
    ``\\p{Han}``...) are rewritten to Python classes first, so a pattern written for ODK keeps working."""
    for java, python in _JAVA_CLASSES.items():
        pattern = pattern.replace(java, python)
    return re.compile(pattern)


def _round(args: list[Value]) -> float:
    number = to_number(args[0])
    digits = int(to_number(args[1])) if len(args) > 1 else 0
    if math.isnan(number) or math.isinf(number):
        return number
    scale = 10.0**digits
    return math.floor(number * scale + 0.5) / scale  # XPath rounds halves up, not to even


def _int(args: list[Value]) -> float:
    number = to_number(args[0])
    return number if math.isnan(number) or math.isinf(number) else float(math.trunc(number))


def _substr(args: list[Value]) -> str:
    text = to_text(args[0])
    start = max(int(to_number(args[1])), 0)
    end = int(to_number(args[2])) if len(args) > 2 else len(text)
    return text[start:end]


def _selected_at(args: list[Value]) -> str:
    names = to_text(args[0]).split()
    index = to_number(args[1])
    return names[int(index)] if not math.isnan(index) and 0 <= int(index) < len(names) else ""


def _extreme(pick: Callable[[list[float]], float]) -> Callable[[list[Value]], Value]:
    def apply(args: list[Value]) -> Value:
        numbers = [to_number(arg) for arg in args]
        return math.nan if not numbers or any(math.isnan(n) for n in numbers) else pick(numbers)

    return apply


def _safe(function: Callable[[float], float]) -> Callable[[list[Value]], Value]:
    def apply(args: list[Value]) -> Value:
        try:
            return function(to_number(args[0]))
        except (ValueError, OverflowError):
            return math.nan

    return apply


def _pow(args: list[Value]) -> Value:
    try:
        return math.pow(to_number(args[0]), to_number(args[1]))
    except (ValueError, OverflowError):
        return math.nan


FUNCTIONS: dict[str, Callable[[list[Value]], Value]] = {
    "selected": lambda a: to_text(a[1]).strip() in to_text(a[0]).split(),
    "count-selected": lambda a: float(len(to_text(a[0]).split())),
    "selected-at": _selected_at,
    "string-length": lambda a: float(len(to_text(a[0]))),
    "not": lambda a: not to_boolean(a[0]),
    "true": lambda a: True,
    "false": lambda a: False,
    "boolean": lambda a: to_boolean(a[0]),
    "boolean-from-string": lambda a: to_text(a[0]).strip() in {"true", "1"},
    "contains": lambda a: to_text(a[1]) in to_text(a[0]),
    "starts-with": lambda a: to_text(a[0]).startswith(to_text(a[1])),
    "ends-with": lambda a: to_text(a[0]).endswith(to_text(a[1])),
    "number": lambda a: to_number(a[0]),
    "string": lambda a: to_text(a[0]),
    "concat": lambda a: "".join(to_text(arg) for arg in a),
    "coalesce": lambda a: to_text(a[0]) or to_text(a[1]),
    "once": lambda a: a[0],
    "normalize-space": lambda a: " ".join(to_text(a[0]).split()),
    "substr": _substr,
    "regex": lambda a: compile_pattern(to_text(a[1])).search(to_text(a[0])) is not None,
    "round": _round,
    "int": _int,
    "floor": _safe(lambda n: float(math.floor(n))),
    "ceiling": _safe(lambda n: float(math.ceil(n))),
    "abs": lambda a: abs(to_number(a[0])),
    "sqrt": _safe(math.sqrt),
    "pow": _pow,
    "max": _extreme(max),
    "min": _extreme(min),
    "today": lambda a: datetime.date.today().isoformat(),
}

#: function name -> (minimum, maximum) number of arguments; ``if`` is evaluated by the parser's tree walk
ARITY: dict[str, tuple[int, int]] = {
    "selected": (2, 2),
    "count-selected": (1, 1),
    "selected-at": (2, 2),
    "string-length": (1, 1),
    "not": (1, 1),
    "true": (0, 0),
    "false": (0, 0),
    "boolean": (1, 1),
    "boolean-from-string": (1, 1),
    "if": (3, 3),
    "contains": (2, 2),
    "starts-with": (2, 2),
    "ends-with": (2, 2),
    "number": (1, 1),
    "string": (1, 1),
    "concat": (0, _MANY),
    "coalesce": (2, 2),
    "once": (1, 1),
    "normalize-space": (1, 1),
    "substr": (2, 3),
    "regex": (2, 2),
    "round": (1, 2),
    "int": (1, 1),
    "floor": (1, 1),
    "ceiling": (1, 1),
    "abs": (1, 1),
    "sqrt": (1, 1),
    "pow": (2, 2),
    "max": (1, _MANY),
    "min": (1, _MANY),
    "today": (0, 0),
}
