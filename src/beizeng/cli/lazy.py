"""A command group that imports a feature's commands only when that feature is invoked.

Importing every feature's ``commands.py`` pulls in matplotlib, Ibis, DuckDB, FastAPI,
python-docx … and cost ~7 s before any command ran, even for ``beizeng --help``. The root
group therefore knows each feature group (and each single command such as ``doctor``) only by
``"module:attribute"`` and its short help; the root help and shell completion list them from
that table without importing them. A group whose own subgroup comes from another feature
(``ref workdays``, the holiday feature's) is assembled the same way, one level down, so the
lower feature's commands never import the higher one: the table is a lookup done by
``importlib`` when the command runs, written at the assembly point (``cli/app.py``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo, TyperInfo

if TYPE_CHECKING:  # typer's vendored click, only for the overridden signatures
    from typer._click import Command, Context, HelpFormatter
    from typer._click.shell_completion import CompletionItem

# Feature group name → (``"module:attribute"`` of its ``typer.Typer``, the group's own help).
LazyTable = dict[str, tuple[str, str]]


def load_group(target: str, name: str, cls: type[TyperGroup] | None = None) -> TyperGroup:
    """Import ``"module:attribute"`` and turn that ``typer.Typer`` into the click group ``name``.

    ``get_group`` (not ``get_command``) so that the group does not grow its own
    ``--install-completion`` options: the result matches what ``add_typer`` produced. ``cls``
    (a ``LazyGroup``) makes the group load its own lazy subgroups.
    """
    sub_app: typer.Typer = resolve(target)
    if cls is None:
        group = typer.main.get_group(sub_app)
    else:
        group = typer.main.get_group_from_info(
            TyperInfo(sub_app, cls=cls),
            pretty_exceptions_short=sub_app.pretty_exceptions_short,
            rich_markup_mode=sub_app.rich_markup_mode,
            suggest_commands=sub_app.suggest_commands,
        )
    group.name = name
    return group


def load_command(target: str, name: str, *, rich_markup_mode: Any) -> TyperCommand:
    """Import ``"module:function"`` and make that Typer-annotated function the command ``name``
    (what ``app.command(name)(function)`` on the root app would have registered)."""
    command = typer.main.get_command_from_info(
        CommandInfo(name=name, callback=resolve(target)),
        pretty_exceptions_short=True,
        rich_markup_mode=rich_markup_mode,
    )
    assert isinstance(command, TyperCommand)
    return command


def resolve(target: str) -> Any:
    """The attribute named by ``"module:attribute"``, importing the module."""
    module_name, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


class LazyGroup(TyperGroup):
    """A group whose subcommands load when invoked; subclasses set the tables.

    ``commands_lazy`` holds single commands and ``lazy`` groups, listed in that order after the
    eagerly registered commands; ``nested`` gives a lazy group its own ``LazyGroup`` class.

    ``wiring`` names the function that subscribes the features' hook listeners
    (``beizeng.assembly.wire``); it runs once, before the first real command, for the same
    reason the groups are lazy: it imports the features.
    """

    lazy: LazyTable = {}
    commands_lazy: LazyTable = {}
    nested: dict[str, type[LazyGroup]] = {}
    wiring: str | None = None

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._listing = False
        # Light placeholders keep listing order, ``--help`` and "did you mean …" working.
        for name, (_, short_help) in (self.commands_lazy | self.lazy).items():
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
            command: Command = self.commands[cmd_name]
            if not isinstance(command, TyperGroup):
                command = load_group(self.lazy[cmd_name][0], cmd_name, self.nested.get(cmd_name))
                self.commands[cmd_name] = command
            return self._wired(command)
        if cmd_name in self.commands_lazy and not self._listing:
            command = self.commands[cmd_name]
            if command.callback is None:
                command = load_command(
                    self.commands_lazy[cmd_name][0],
                    cmd_name,
                    rich_markup_mode=self.rich_markup_mode,
                )
                self.commands[cmd_name] = command
            return self._wired(command)
        return super().get_command(ctx, cmd_name)

    def _wired(self, command: Command) -> Command:
        if self.wiring is not None:
            resolve(self.wiring)()
        return command

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        with self._only_listing():
            super().format_help(ctx, formatter)

    def shell_complete(self, ctx: Context, incomplete: str) -> list[CompletionItem]:
        with self._only_listing():
            return super().shell_complete(ctx, incomplete)
