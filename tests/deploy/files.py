"""Readers of the deployment files: systemd units, the env example, commands in the docs."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DOC = ROOT / "docs" / "deployment.md"
ENV_EXAMPLE = DEPLOY / "beizeng.env.example"

_SHELL_OPERATORS = {";", "&&", "||", "|", "&", "(", ")"}
_WORD = re.compile(r"[a-z][a-z-]*")


@dataclass(frozen=True)
class Unit:
    path: Path
    entries: tuple[tuple[str, str, str], ...]
    """(section, key, value) in file order; systemd keys may repeat (ReadWritePaths=, ExecStart…)."""

    def values(self, key: str, section: str | None = None) -> list[str]:
        return [v for s, k, v in self.entries if k == key and section in (None, s)]

    def value(self, key: str) -> str:
        found = self.values(key)
        assert len(found) == 1, f"{self.path.name}: {key}= appears {len(found)} times"
        return found[0]


def read_unit(path: Path) -> Unit:
    entries: list[tuple[str, str, str]] = []
    section = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not a key=value line: {raw!r}"
        entries.append((section, key.strip(), value.strip()))
    return Unit(path, tuple(entries))


def units(suffix: str) -> list[Unit]:
    return [read_unit(p) for p in sorted(DEPLOY.glob(f"*{suffix}"))]


def read_env(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """KEY=VALUE lines as systemd's EnvironmentFile= reads them (no quotes are used)."""
    values: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def _shell_words(script: str) -> list[str]:
    lexer = shlex.shlex(script, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    return list(lexer)


def beizeng_invocations(words: list[str]) -> list[list[str]]:
    """The arguments after every ``…/beizeng`` word, up to the next shell operator."""
    found = []
    for i, word in enumerate(words):
        if word == "beizeng" or word.endswith("/bin/beizeng"):
            args = []
            for arg in words[i + 1 :]:
                if arg in _SHELL_OPERATORS:
                    break
                args.append(arg)
            found.append(args)
    return found


def exec_invocations(value: str) -> list[list[str]]:
    """beizeng invocations of one Exec*= value; ``sh -c '…'`` scripts are looked into.

    systemd's own escapes are undone first: ``$$`` is a literal ``$`` and ``%%`` a ``%``.
    """
    value = value.lstrip("-@:+!").replace("$$", "$").replace("%%", "%")
    words = shlex.split(value)
    if Path(words[0]).name in {"sh", "bash"} and len(words) > 2 and "c" in words[1]:
        words = _shell_words(words[2])
    return beizeng_invocations(words)


def doc_invocations(text: str) -> list[list[str]]:
    """beizeng invocations in the shell blocks and in the inline code of a Markdown page."""
    found: list[list[str]] = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            if line.strip():
                found.extend(beizeng_invocations(_shell_words(line)))
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    for span in re.findall(r"`(beizeng [^`]+)`", prose):
        found.extend(beizeng_invocations(_shell_words(span)))
    return found


def command_candidates(args: list[str]) -> list[str]:
    """The leading plain words of an invocation: the command path, perhaps with arguments."""
    words = []
    for arg in args:
        if not _WORD.fullmatch(arg):
            break
        words.append(arg)
    return words


def fenced_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)
