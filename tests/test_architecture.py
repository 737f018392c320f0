"""The architecture rules import-linter cannot state generically (CONVENTIONS rules 1 and 7).

``pyproject.toml`` holds the layers contracts (within each feature and across the features);
these tests add what a contract cannot express without listing every pair of features:

- a feature uses another feature's *service*, never its repository (consolidation issue,
  point 4): every SQL statement of a feature stays behind its own use cases;
- no import cycle between the top-level packages, through any modules;
- no late import of ``beizeng`` (inside a function, a class, a ``try`` …) to dodge a cycle;
  only ``if TYPE_CHECKING:`` blocks at module level, which never run, may hold one.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import grimp

ROOT = "beizeng"
SOURCE = Path(__file__).resolve().parents[1] / "src" / ROOT


@cache
def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(ROOT)


def _feature(module: str) -> str:
    """The feature a module belongs to: ``beizeng.X``, or ``beizeng.tools.Y`` for one tool."""
    parts = module.split(".")
    if len(parts) > 3 and parts[1] == "tools":
        return ".".join(parts[:3])
    return ".".join(parts[:2])


def _is_repository(module: str) -> bool:
    return module.rsplit(".", 1)[-1] == "repository"


def test_the_rules_know_what_a_feature_is() -> None:
    assert _feature("beizeng.demand.pages") == "beizeng.demand"
    assert _feature("beizeng.tools.guarantee.service") == "beizeng.tools.guarantee"
    assert _feature("beizeng.tools.demo") == "beizeng.tools"
    assert _is_repository("beizeng.tools.guarantee.repository")
    assert not _is_repository("beizeng.ledger.scan")


def _cross_feature_repository_imports(graph: grimp.ImportGraph) -> list[str]:
    found = []
    for importer in sorted(graph.modules):
        if not importer.startswith(f"{ROOT}."):
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if _is_repository(imported) and _feature(imported) != _feature(importer):
                details = graph.get_import_details(importer=importer, imported=imported)
                lines = ", ".join(str(d["line_number"]) for d in details)
                found.append(f"{importer} (line {lines}) -> {imported}")
    return found


def test_no_feature_imports_another_feature_repository() -> None:
    found = _cross_feature_repository_imports(_graph())
    assert not found, "call the other feature's service instead:\n" + "\n".join(found)


def test_the_repository_check_catches_one() -> None:
    graph = grimp.ImportGraph()
    graph.add_import(importer="beizeng.matching.service", imported="beizeng.demand.repository")
    graph.add_import(importer="beizeng.tools.demo", imported="beizeng.tools.guarantee.repository")
    graph.add_import(importer="beizeng.demand.service", imported="beizeng.demand.repository")
    found = _cross_feature_repository_imports(graph)
    assert [f.split(" ")[0] for f in found] == ["beizeng.matching.service", "beizeng.tools.demo"]


def _package_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of top-level packages (Tarjan, over every module's imports)."""
    edges: dict[str, set[str]] = {}
    for importer in graph.modules:
        if not importer.startswith(f"{ROOT}."):
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            a, b = importer.split(".")[1], imported.split(".")
            if imported.startswith(f"{ROOT}.") and b[1] != a:
                edges.setdefault(a, set()).add(b[1])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return groups


def test_no_import_cycle_between_top_level_packages() -> None:
    cycles = _package_cycles(_graph())
    assert not cycles, f"packages importing each other (through any modules): {cycles}"


def test_the_cycle_check_catches_one_through_other_modules() -> None:
    graph = grimp.ImportGraph()
    graph.add_import(importer="beizeng.account.demo", imported="beizeng.enterprise.service")
    graph.add_import(importer="beizeng.enterprise.service", imported="beizeng.account.service")
    graph.add_import(importer="beizeng.demand.service", imported="beizeng.account.service")
    assert _package_cycles(graph) == [["account", "enterprise"]]


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports_beizeng(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] == ROOT for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] == ROOT
    return False


def late_imports(source: str) -> list[int]:
    """Lines of ``beizeng`` imports that are not module-level statements (a module-level
    ``if TYPE_CHECKING:`` block counts as module level: it never runs)."""
    tree = ast.parse(source)
    allowed: set[int] = set()
    for statement in tree.body:
        if isinstance(statement, ast.If) and _is_type_checking(statement):
            allowed.update(id(node) for node in ast.walk(statement))
        elif isinstance(statement, ast.Import | ast.ImportFrom):
            allowed.add(id(statement))
    return sorted(
        node.lineno  # type: ignore[attr-defined]
        for node in ast.walk(tree)
        if _imports_beizeng(node) and id(node) not in allowed
    )


def test_the_late_import_check_tells_them_apart() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from beizeng import db\n"
        "if TYPE_CHECKING:\n"
        "    from beizeng.kit.demorun import DemoRun\n"
        "def f() -> None:\n"
        "    from beizeng.ledger.scan import LedgerScan\n"
        "    import json\n"
        "try:\n"
        "    import beizeng.cli\n"
        "except ImportError:\n"
        "    pass\n"
        "class C:\n"
        "    from . import rules\n"
    )
    assert late_imports(source) == [6, 9, 13]


def test_no_late_import_of_beizeng() -> None:
    found = [
        f"{path.relative_to(SOURCE)}: line {line}"
        for path in sorted(SOURCE.rglob("*.py"))
        for line in late_imports(path.read_text(encoding="utf-8"))
    ]
    assert not found, "import at the top of the module (or fix the cycle):\n" + "\n".join(found)
