"""``python -m learning`` is the same as the ``learning`` command."""

from learning.cli import main

main()
