"""The tokens of an XLSForm expression (:mod:`tanlu.survey.expressions` parses them): numbers, quoted text,
``${name}`` references, names, operators and punctuation, each with its 1-based column for the error message."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tanlu.errors import ExpressionError

__all__ = ["Token", "Unevaluable", "tokenize"]


class Unevaluable(ExpressionError):
    """Valid XLSForm that Tanlu does not evaluate: a function it does not know, an XPath path (``/data/q``,
    ``../q``), ``jr:choice-name``. The import keeps such an expression without applying it; a plain syntax
    error (``${a} =``) is an :class:`ExpressionError` and refuses the form."""


@dataclass(frozen=True)
class Token:
    kind: str  # number, string, ref, name, op, dot, lparen, rparen, comma, end
    text: str
    position: int  # 1-based column in the expression


_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<ref>\$\{\s*(?P<refname>[A-Za-z_][A-Za-z0-9_.\-]*)\s*\})
  | (?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_\-]*)
  | (?P<op>!=|<=|>=|=|<|>|\+|-|\*)
  | (?P<dot>\.)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<comma>,)
    """,
    re.VERBOSE,
)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            snippet = text[position : position + 10]
            if text.startswith("${", position):
                raise ExpressionError(f"malformed reference at column {position + 1}: {snippet!r}")
            if text[position] in "'\"":
                raise ExpressionError(f"unterminated string starting at column {position + 1}")
            raise Unevaluable(f"unexpected character {text[position]!r} at column {position + 1}")
        kind = match.lastgroup or ""
        if kind == "refname":  # pragma: no cover - the outer group always closes last
            kind = "ref"
        if kind != "space":
            value = match.group("refname") if kind == "ref" else match.group(0)
            tokens.append(Token(kind, value, position + 1))
        position = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens
