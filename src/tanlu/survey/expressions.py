"""A safe evaluator for the XLSForm expressions used in ``relevant``, ``constraint`` and ``required``.

A tokenizer (:mod:`.expression_tokens`) and a recursive-descent parser turn the text into a small tree of frozen
nodes; evaluation walks the tree. Nothing is ever passed to ``eval``/``exec``. The grammar, loosest binding first::

    expr     := and ('or' and)*
    and      := equality ('and' equality)*
    equality := relation (('=' | '!=') relation)*
    relation := sum (('<' | '<=' | '>' | '>=') sum)*
    sum      := product (('+' | '-') product)*
    product  := unary (('*' | 'div' | 'mod') unary)*
    unary    := '-' unary | primary
    primary  := number | 'text' | "text" | ${name} | '.' | '(' expr ')'
              | function '(' [expr (',' expr)*] ')'

Functions: ``if(condition, then, else)`` and those of :mod:`.functions` (``selected``, ``count-selected``,
``concat``, ``coalesce``, ``regex``, ``round``, ``substr``...). An unknown function or an XPath path raises
:class:`Unevaluable`, any other mistake :class:`ExpressionError`.

Values (:mod:`.functions`) follow XPath 1.0 as ODK and KoboToolbox evaluate them. ``=`` and ``!=`` compare as
numbers when either side is a number, as booleans when either is a boolean, else as text; ``<``/``>`` always
compare numbers; text that is not a number is NaN, and every comparison with NaN is false.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TypeAlias

from tanlu.errors import ExpressionError
from tanlu.survey.expression_tokens import Token, Unevaluable, tokenize
from tanlu.survey.functions import ARITY, FUNCTIONS, Value, to_boolean, to_number, to_text

__all__ = [
    "Binary",
    "Call",
    "Current",
    "Expression",
    "ExpressionError",
    "Literal",
    "Node",
    "Ref",
    "Unary",
    "Unevaluable",
    "Value",
    "parse_expression",
    "to_boolean",
    "to_number",
    "to_text",
]


_MAX_LENGTH = 4_000
_MAX_DEPTH = 50
_MAX_TREE_DEPTH = 200


# -------------------------------------------------------------------------------------------------- tree


@dataclass(frozen=True)
class Literal:
    value: Value


@dataclass(frozen=True)
class Ref:
    name: str
    position: int


@dataclass(frozen=True)
class Current:
    position: int


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Node, ...]
    position: int


Node: TypeAlias = Literal | Ref | Current | Unary | Binary | Call

_LEVELS: tuple[frozenset[str], ...] = (
    frozenset({"or"}),
    frozenset({"and"}),
    frozenset({"=", "!="}),
    frozenset({"<", "<=", ">", ">="}),
    frozenset({"+", "-"}),
    frozenset({"*", "div", "mod"}),
)


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def fail(self, what: str) -> ExpressionError:
        token = self.token
        found = "the end of the expression" if token.kind == "end" else repr(token.text)
        return ExpressionError(f"{what} at column {token.position}, found {found}")

    def operator_at(self, level: int) -> str | None:
        token = self.token
        if token.kind in {"op", "name"} and token.text in _LEVELS[level]:
            return token.text  # "and", "or", "div", "mod" are never function names
        return None

    def parse(self) -> Node:
        node = self.binary(0)
        if self.token.kind != "end":
            raise self.fail("expected an operator or the end")
        return node

    def binary(self, level: int) -> Node:
        if level == len(_LEVELS):
            return self.unary()
        node = self.binary(level + 1)
        while (op := self.operator_at(level)) is not None:
            self.advance()
            node = Binary(op, node, self.binary(level + 1))
        return node

    def unary(self) -> Node:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise self.fail("expression nested too deeply")
        try:
            if self.token.kind == "op" and self.token.text == "-":
                self.advance()
                return Unary("-", self.unary())
            return self.primary()
        finally:
            self.depth -= 1

    def primary(self) -> Node:
        token = self.token
        if token.kind == "number":
            self.advance()
            return Literal(float(token.text))
        if token.kind == "string":
            self.advance()
            return Literal(token.text[1:-1])
        if token.kind == "ref":
            self.advance()
            return Ref(token.text, token.position)
        if token.kind == "dot":
            self.advance()
            return Current(token.position)
        if token.kind == "lparen":
            self.advance()
            node = self.binary(0)
            if self.token.kind != "rparen":
                raise self.fail("expected ')'")
            self.advance()
            return node
        if token.kind == "name":
            return self.call()
        raise self.fail("expected a value")

    def call(self) -> Node:
        token = self.advance()
        if self.token.kind != "lparen":
            raise ExpressionError(
                f"unknown name {token.text!r} at column {token.position}: refer to questions as ${{name}}"
            )
        if token.text not in ARITY:
            raise Unevaluable(f"unknown function {token.text!r} at column {token.position}")
        self.advance()
        args: list[Node] = []
        if self.token.kind != "rparen":
            args.append(self.binary(0))
            while self.token.kind == "comma":
                self.advance()
                args.append(self.binary(0))
        if self.token.kind != "rparen":
            raise self.fail("expected ',' or ')'")
        self.advance()
        low, high = ARITY[token.text]
        if not low <= len(args) <= high:
            expected = str(low) if low == high else f"{low} to {high}"
            raise ExpressionError(
                f"{token.text}() at column {token.position} takes {expected} argument(s), not {len(args)}"
            )
        return Call(token.text, tuple(args), token.position)


# -------------------------------------------------------------------------------------------------- values


def _compare(op: str, left: Value, right: Value) -> bool:
    if op in {"=", "!="}:
        equal: bool
        if isinstance(left, bool) or isinstance(right, bool):
            equal = to_boolean(left) == to_boolean(right)
        elif isinstance(left, float) or isinstance(right, float):
            equal = to_number(left) == to_number(right)
        else:
            equal = left == right
        return equal if op == "=" else not equal
    a, b = to_number(left), to_number(right)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _arithmetic(op: str, left: Value, right: Value) -> float:
    a, b = to_number(left), to_number(right)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if math.isnan(a) or math.isnan(b) or b == 0:
        if op == "mod" or math.isnan(a) or math.isnan(b) or a == 0:
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b if op == "div" else math.fmod(a, b)


# -------------------------------------------------------------------------------------------------- API


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its text, its tree and the question names it refers to."""

    text: str
    tree: Node

    @cached_property
    def references(self) -> frozenset[str]:
        """The question names it refers to (worked out once: skip logic asks for them on every response)."""
        found: set[str] = set()
        stack: list[Node] = [self.tree]
        while stack:
            node = stack.pop()
            if isinstance(node, Ref):
                found.add(node.name)
            stack.extend(_children(node))
        return frozenset(found)

    @property
    def patterns(self) -> list[str]:
        """The literal patterns of its ``regex()`` calls (the import compiles them, to refuse a bad one)."""
        found: list[str] = []
        stack: list[Node] = [self.tree]
        while stack:
            node = stack.pop()
            if isinstance(node, Call) and node.function == "regex" and isinstance(node.args[1], Literal):
                found.append(to_text(node.args[1].value))
            stack.extend(_children(node))
        return found

    def check_references(self, known: Iterable[str]) -> None:
        """Raise :class:`ExpressionError` for the first reference to a name not in ``known``."""
        names = set(known)
        unknown = sorted(self.references - names)
        if unknown:
            raise ExpressionError(f"refers to unknown question ${{{unknown[0]}}}")

    def evaluate(self, answers: Mapping[str, str], current: str = "") -> Value:
        """The value of the expression given every answer as text and ``current`` (``.``)."""
        return _evaluate(self.tree, answers, current)

    def holds(self, answers: Mapping[str, str], current: str = "") -> bool:
        """The expression's value as a boolean (what ``relevant``, ``constraint``, ``required`` use)."""
        return to_boolean(self.evaluate(answers, current))


def parse_expression(text: str) -> Expression:
    """Parse ``text`` or raise :class:`ExpressionError` with the column where it went wrong."""
    if not isinstance(text, str):
        raise ExpressionError("an expression must be text")
    if len(text) > _MAX_LENGTH:
        raise ExpressionError(f"expression longer than {_MAX_LENGTH} characters")
    if not text.strip():
        raise ExpressionError("empty expression")
    tree = _Parser(text).parse()
    if _tree_depth(tree) > _MAX_TREE_DEPTH:
        raise ExpressionError(f"expression too complex (more than {_MAX_TREE_DEPTH} levels of operations)")
    return Expression(text, tree)


def _evaluate(node: Node, answers: Mapping[str, str], current: str) -> Value:
    value: Value
    if isinstance(node, Literal):
        value = node.value
    elif isinstance(node, Ref):
        value = answers.get(node.name, "")
    elif isinstance(node, Current):
        value = current
    elif isinstance(node, Unary):
        value = -to_number(_evaluate(node.operand, answers, current))
    elif isinstance(node, Binary):
        value = _evaluate_binary(node, answers, current)
    elif node.function == "if":
        condition = to_boolean(_evaluate(node.args[0], answers, current))
        value = _evaluate(node.args[1] if condition else node.args[2], answers, current)
    else:
        value = FUNCTIONS[node.function]([_evaluate(arg, answers, current) for arg in node.args])
    return value


def _evaluate_binary(node: Binary, answers: Mapping[str, str], current: str) -> Value:
    left = _evaluate(node.left, answers, current)
    if node.op == "or":
        return to_boolean(left) or to_boolean(_evaluate(node.right, answers, current))
    if node.op == "and":
        return to_boolean(left) and to_boolean(_evaluate(node.right, answers, current))
    right = _evaluate(node.right, answers, current)
    if node.op in {"=", "!=", "<", "<=", ">", ">="}:
        return _compare(node.op, left, right)
    return _arithmetic(node.op, left, right)


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def _tree_depth(root: Node) -> int:
    deepest = 0
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in _children(node))
    return deepest
