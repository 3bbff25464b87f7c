"""The domain core imports no Django, database or HTTP code; only the adapters do (architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tanlu"
CORE = [
    "carbon",
    "survey",
    "exchange",
    "tabular*.py",
    "cells.py",
    "charts",
    "decimals.py",
    "xlsx_package.py",
    "errors.py",
    "config.py",
]
FORBIDDEN = (
    "django",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "psycopg",
    "gunicorn",
    "whitenoise",
    "tanlu.web",
    "tanlu.cli",
    "requests",
    "httpx",
    "urllib.request",
)


def _modules(entry: str) -> list[Path]:
    """A package's modules, or the top-level modules an entry names (a pattern names a family, ``tabular*.py``)."""
    path = SRC / entry
    return sorted(path.rglob("*.py")) if path.is_dir() else sorted(SRC.glob(entry))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("entry", CORE)
def test_core_imports_no_framework(entry: str) -> None:
    modules = _modules(entry)
    assert modules, f"{entry} is missing"
    for module in modules:
        for name in _imports(module):
            assert not name.startswith(FORBIDDEN), f"{module.relative_to(SRC)} imports {name}"
