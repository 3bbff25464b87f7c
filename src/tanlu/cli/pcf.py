"""``tanlu pcf``: product carbon footprints. ``calc`` and ``explain`` work on files alone; ``import`` and ``report``
(:mod:`tanlu.cli.pcf_store`) work on an organization's stored model and runs."""

from __future__ import annotations

import click

from tanlu.cli import pcf_store

__all__ = ["pcf"]

pcf = click.Group(
    "pcf", help="Product carbon footprints: cradle-to-gate, per declared unit, from a product model."
)

for _command in pcf_store.COMMANDS:
    pcf.add_command(_command)
