"""Console plumbing every command uses: consoles, progress bars, error reporting, typed options.

Below the features; the root Typer app (``beizeng.cli.app``) assembles the command groups.
"""
