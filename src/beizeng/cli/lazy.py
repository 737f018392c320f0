"""A root command group that imports a feature's commands only when that feature is invoked.

Importing every feature's ``commands.py`` pulls in matplotlib, Ibis, DuckDB, FastAPI,
python-docx … and cost ~7 s before any command ran, even for ``beizeng --help``. The root
group therefore knows each feature group only by ``"module:attribute"`` and its short help;
the root help and shell completion list the groups from that table without importing them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:  # typer's vendored click, only for the overridden signatures
    from typer._click import Command, Context, HelpFormatter
    from typer._click.shell_completion import CompletionItem

# Feature group name → (``"module:attribute"`` of its ``typer.Typer``, the group's own help).
LazyTable = dict[str, tuple[str, str]]


def load_group(target: str, name: str) -> TyperGroup:
    """Import ``"module:attribute"`` and turn that ``typer.Typer`` into the click group ``name``.

    ``get_group`` (not ``get_command``) so that the group does not grow its own
    ``--install-completion`` options: the result matches what ``add_typer`` produced.
    """
    sub_app: typer.Typer = resolve(target)
    group = typer.main.get_group(sub_app)
    group.name = name
    return group


def resolve(target: str) -> Any:
    """The attribute named by ``"module:attribute"``, importing the module."""
    module_name, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


class LazyGroup(TyperGroup):
    """The root group; subclasses set ``lazy`` (in the order the groups are listed).

    ``wiring`` names the function that subscribes the features' hook listeners
    (``beizeng.assembly.wire``); it runs once, before the first real command, for the same
    reason the groups are lazy: it imports the features.
    """

    lazy: LazyTable = {}
    wiring: str | None = None

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._listing = False
        # Light placeholders keep listing order, ``--help`` and "did you mean …" working.
        for name, (_, short_help) in self.lazy.items():
            self.commands[name] = TyperCommand(name=name, help=short_help)

    @contextmanager
    def _only_listing(self) -> Iterator[None]:
        self._listing = True
        try:
            yield
        finally:
            self._listing = False

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """The real group when invoked; the placeholder while only listing names and help."""
        if cmd_name in self.lazy and not self._listing:
            command = self.commands[cmd_name]
            if not isinstance(command, TyperGroup):
                command = load_group(self.lazy[cmd_name][0], cmd_name)
                self.commands[cmd_name] = command
            if self.wiring is not None:
                resolve(self.wiring)()
            return command
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        with self._only_listing():
            super().format_help(ctx, formatter)

    def shell_complete(self, ctx: Context, incomplete: str) -> list[CompletionItem]:
        with self._only_listing():
            return super().shell_complete(ctx, incomplete)
