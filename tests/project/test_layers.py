"""The apps form layers: each imports only from the layers below it, and no module imports itself back.

Every import counts, at the top of a module or inside a function. The layers, from the bottom:
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "r2p_letters"

# Bottom first. An app may import from its own layer and the ones before it, never from one after it.
LAYERS = ["lib", "accounts", "organizations", "printing", "letters", "signatures", "council", "webhooks", "api"]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, name: str, *, is_package: bool = False) -> set[str]:
    """The r2p_letters modules the module ``name`` imports, anywhere in ``source`` (relative imports resolved)."""
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}  # `from pkg import module`
    return {module for module in found if module.split(".")[0] == "r2p_letters"}


def project_modules() -> dict[str, set[str]]:
    paths = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    names = {module_name(p) for p in paths}
    graph = {}
    for path in paths:
        name = module_name(path)
        imports = imported_modules(path.read_text(), name, is_package=path.name == "__init__.py")
        graph[name] = {m for m in imports if m in names and m != name}
    return graph


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_it_knows_every_app():
    apps = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert apps == set(LAYERS), "a new app needs its place in LAYERS"


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{importer} imports {imported}"
        for importer, imports in graph.items()
        if layer(importer) is not None
        for imported in imports
        if layer(imported) is not None and layer(imported) > layer(importer)
    )


def test_no_app_imports_from_an_app_above_it():
    assert upward_imports(project_modules()) == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_module_imports_itself_back_through_others():
    assert cycles(project_modules()) == []


@pytest.mark.parametrize(
    "graph, expected",
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, expected):
    assert cycles(graph) == expected


def test_the_layer_check_sees_imports_inside_functions_and_relative_ones():
    source = "from .models import Letter\n\ndef f():\n    from r2p_letters.signatures.services import x\n"
    imports = imported_modules(source, "r2p_letters.letters.services")
    assert {"r2p_letters.letters.models", "r2p_letters.signatures.services"} <= imports
    graph = {"r2p_letters.letters.services": imports}
    assert "r2p_letters.letters.services imports r2p_letters.signatures.services" in upward_imports(graph)
