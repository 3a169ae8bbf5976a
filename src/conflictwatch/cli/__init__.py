"""Command-line interface: a thin layer over :mod:`conflictwatch.workflow`, one module per subcommand."""
