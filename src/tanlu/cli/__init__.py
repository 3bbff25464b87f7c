"""The ``tanlu`` command.

Each command group lives in a module of its own (``tanlu inventory …`` in :mod:`tanlu.cli.inventory`, and so on) and
is registered in :data:`GROUPS`.  Errors a user can fix are printed as one line ``Error: …`` with a non-zero exit
status; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import os
from typing import Any

import click

from tanlu import __version__
from tanlu.cli import commands
from tanlu.errors import TanluError


class TanluGroup(click.Group):
    """The root group: turns any error into one clear line unless ``--debug`` is given."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort, click.ClickException):
            raise
        except Exception as error:
            if ctx.params.get("debug") or os.environ.get("TANLU_CLI_DEBUG"):
                raise
            raise click.ClickException(describe(error)) from None


def describe(error: BaseException) -> str:
    """The message a user sees for ``error``: ours verbatim, others with their type so they can be searched."""
    if isinstance(error, TanluError):
        return str(error)
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415 - Django is loaded lazily
    from django.db import Error as DatabaseError  # noqa: PLC0415

    if isinstance(error, ImproperlyConfigured):
        return f"configuration: {error}"
    if isinstance(error, DatabaseError):
        return f"database: {error}".strip()
    if isinstance(error, OSError):
        return f"{error.strerror or error}: {error.filename}" if error.filename else str(error)
    return f"{type(error).__name__}: {error}"


@click.group(
    cls=TanluGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(__version__, "--version", prog_name="tanlu", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Tanlu (碳路): carbon surveys, inventories and product footprints for automotive supply chains.

    Every command uses DATABASE_URL when it is set and the embedded SQLite database in TANLU_DATA_DIR otherwise.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


for command in commands.COMMANDS:
    main.add_command(command)


def _register_groups() -> None:
    import importlib  # noqa: PLC0415
    import importlib.util  # noqa: PLC0415

    for name in GROUPS:
        if importlib.util.find_spec(f"tanlu.cli.{name}") is not None:
            main.add_command(getattr(importlib.import_module(f"tanlu.cli.{name}"), name))


GROUPS = ["inventory", "survey", "pcf", "pact", "catenax"]
_register_groups()
