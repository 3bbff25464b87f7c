"""``python -m tanlu`` is the ``tanlu`` command."""

from tanlu.cli import main

main()
