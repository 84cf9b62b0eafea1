"""`python -m supportcenter.checks.import_cycles [package ...]`: exit 0 when no module of
these packages (default: every app) takes part in an import cycle; else print each cycle.

The imports are read by grimp (pinned in requirements-dev.txt) from the source, including
the imports inside functions: moving an import into a function hides a cycle from Python,
not from this check. Imports under `if TYPE_CHECKING:` never run, so they do not count.

Importing `pkg.mod` also runs `pkg/__init__.py`: a module outside `pkg` that imports
`pkg.mod` imports `pkg` too, and this check counts it (a package whose `__init__`
re-exports its modules is then part of what its importers load).
"""

import sys
from collections.abc import Iterable
from pathlib import Path

import grimp

APPS = ("accounts", "notifications", "cases", "customers", "supportcenter", "bench")


def _ancestors(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def import_edges(graph, modules: Iterable[str]) -> dict[str, set[str]]:
    """Who imports whom among `modules`, with the packages an import runs on the way."""
    modules = set(modules)
    edges: dict[str, set[str]] = {module: set() for module in modules}
    for importer in modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            if imported not in modules:
                continue
            edges[importer].add(imported)
            own = set(_ancestors(importer)) | {importer}
            edges[importer].update(
                package
                for package in _ancestors(imported)
                if package in modules and package not in own
            )
        edges[importer].discard(importer)
    return edges


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, without recursion: the groups of modules that import each
    other (directly or not), largest first; modules in no cycle are left out."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
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
    return sorted(groups, key=lambda group: (-len(group), group))


def shortest_cycle(edges: dict[str, set[str]], group: list[str]) -> list[str]:
    """One cycle through the group's first module, as few imports as possible."""
    start, members = group[0], set(group)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(edges[node] & members):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    return group


def import_groups(*packages: str) -> list[list[str]]:
    """The groups of modules of `packages` that import each other, largest first."""
    graph = grimp.build_graph(*packages, exclude_type_checking_imports=True, cache_dir=None)
    return strongly_connected(import_edges(graph, graph.modules))


def find_cycles(*packages: str) -> list[list[str]]:
    """The import cycles among the modules of `packages`: one per group of modules that
    import each other, written as a cycle (its first module repeated last)."""
    graph = grimp.build_graph(*packages, exclude_type_checking_imports=True, cache_dir=None)
    edges = import_edges(graph, graph.modules)
    return [shortest_cycle(edges, group) for group in strongly_connected(edges)]


def main(argv: list[str]) -> int:
    root = str(Path(__file__).resolve().parents[2])  # the repository: its apps importable
    if root not in sys.path:
        sys.path.insert(0, root)
    packages = argv or list(APPS)
    cycles = find_cycles(*packages)
    for cycle in cycles:
        print("Import cycle: " + " → ".join(cycle), file=sys.stderr)
    if cycles:
        print(
            f"{len(cycles)} import cycle(s) in {', '.join(packages)}: move what both sides "
            "need into a module of its own (a function-level import only hides a cycle).",
            file=sys.stderr,
        )
        return 1
    print(f"No import cycle in {', '.join(packages)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
