"""What the questions of a form depend on, and the cycle that would make a form unanswerable: the checks of
an XLSForm import (:mod:`tanlu.survey.xlsform`) on top of the expression parser."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tanlu.survey.expressions import parse_expression
from tanlu.survey.form import Form, Group, Question

__all__ = ["dependency_graph", "find_cycle"]


def dependency_graph(form: Form) -> dict[str, frozenset[str]]:
    """What each question and group depends on: its enclosing group and the questions its ``relevant``
    and ``required`` expressions refer to (a calculated value: what its calculation refers to) (a ``constraint`` may refer to its own question, so it is left
    out). A cycle here makes the form unanswerable; :func:`find_cycle` finds it.
    """
    graph: dict[str, set[str]] = {}
    parents: dict[str, str] = {}
    for group in form.groups():
        for child in group.children:
            parents[child.name] = group.name
    nodes: list[Question | Group] = [*form.groups(), *form.questions()]
    for calculated in form.calculations():
        graph[calculated.name] = set(parse_expression(calculated.calculation).references)
    for node in nodes:
        depends = graph.setdefault(node.name, set())
        if node.name in parents:
            depends.add(parents[node.name])
        texts = [node.relevant]
        if isinstance(node, Question) and node.required not in {"", "yes"}:
            texts.append(node.required)
        for text in texts:
            if text:
                depends.update(parse_expression(text).references)
    return {name: frozenset(depends) for name, depends in graph.items()}


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A cycle in ``graph`` (``name -> names it depends on``) as ``[a, b, ..., a]``, else ``None``."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    path: list[str] = []
    edges = {name: sorted(set(targets)) for name, targets in graph.items()}

    for root in edges:
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        path.append(root)
        while stack:
            name, index = stack[-1]
            targets = edges.get(name, [])
            if index == len(targets):
                stack.pop()
                path.pop()
                state[name] = 2
                continue
            stack[-1] = (name, index + 1)
            target = targets[index]
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if not state.get(target):
                state[target] = 1
                path.append(target)
                stack.append((target, 0))
    return None
