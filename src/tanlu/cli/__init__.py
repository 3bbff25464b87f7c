"""The ``tanlu`` command.

Each command group lives in a module of its own (``tanlu inventory …`` in :mod:`tanlu.cli.inventory`, and so on) and
is registered in :data:`GROUPS` and imported only when it runs, so ``tanlu pcf calc`` does not pay for loading the
survey, exchange and CBAM modules (about a second of start-up).  Errors a user can fix are printed as one line ``Error: …`` with a non-zero exit
status; ``--debug`` shows the traceback instead. Output piped into a reader that stops early (``| head``) ends the
command quietly.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from tanlu import __version__
from tanlu.cli import commands
from tanlu.errors import InputError, TanluError


class TanluGroup(click.Group):
    """The root group: turns any error into one clear line unless ``--debug`` is given.

    The command groups of :data:`GROUPS` are found by name and imported on first use (click's documented lazy
    group pattern); listing them (``tanlu --help``, the CLI reference) imports them all.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *GROUPS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in GROUPS and cmd_name not in self.commands:
            import importlib  # noqa: PLC0415 - imported on first use, as the group itself

            _prefer_huge_pages()
            self.add_command(getattr(importlib.import_module(f"tanlu.cli.{cmd_name}"), cmd_name))
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            _discard_standard_output()
            raise click.exceptions.Exit(0) from None
        except Exception as error:
            if ctx.params.get("debug") or os.environ.get("TANLU_CLI_DEBUG"):
                raise
            raise click.ClickException(describe(error)) from None


def _prefer_huge_pages() -> None:
    """Let polars' allocator back its memory with transparent huge pages (``POLARS_THP=1``) unless the user chose.

    A whole-network command allocates gigabytes of column buffers once; in 4 KiB pages each first touch is a page
    fault, about a million of them for ``tanlu pcf calc`` at 1M parts, which took a third of its CPU time on a
    virtual machine. With huge pages there are six times fewer. Polars reads the setting when it is first
    imported, which the command groups do; ``tanlu serve`` and ``tanlu worker`` keep the default, their memory
    being many small allocations that live long.
    """
    os.environ.setdefault("POLARS_THP", "1")


def _discard_standard_output() -> None:
    """The reader of our output has gone (``tanlu inventory factors | head -1``): that is not an error.

    What is still buffered would fail again when Python flushes it at exit, so standard output now leads nowhere.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no file descriptor (output captured in memory): nothing is left to flush
        pass


def describe(error: BaseException) -> str:
    """The message a user sees for ``error``: ours verbatim, others with their type so they can be searched.

    An :class:`InputError` whose column is an option (``--out``) is about the command line, not a table, and is
    described as such.
    """
    if isinstance(error, InputError) and (error.column or "").startswith("-"):
        value = f" (value {error.issue.value!r})" if error.issue.value else ""
        return f"option {error.column}: {error.issue.reason}{value}"
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


GROUPS = ("inventory", "survey", "pcf", "pact", "catenax", "cbam")
