"""Terminal output shared by every command: consoles, progress bars, error reporting."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from beizeng.config import get_settings
from beizeng.errors import BeizengError
from beizeng.kit.clock import SystemClock
from beizeng.kit.errorlog import append_error

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

ProgressCallback = Callable[[int, int], None]


@contextmanager
def progress_bar(description: str) -> Iterator[ProgressCallback]:
    """A Rich progress bar; yields ``update(done, total)`` for a service to call."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def report_error(exc: BaseException) -> int:
    """Print a failure for a person and return the exit code; never a traceback on screen."""
    if isinstance(exc, BeizengError):
        err_console.print(f"[bold red]错误：[/]{escape(exc.message)}", markup=True, soft_wrap=True)
        return 1
    log = append_error(get_settings().resolved_home, exc, at=SystemClock().now(), context="cli")
    where = f"详细信息已记录在 {log}" if log is not None else "且无法写入错误日志"
    err_console.print(f"[bold red]内部错误：[/]{type(exc).__name__}。{where}，请联系管理员。")
    return 2
