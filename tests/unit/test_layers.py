"""The direction of the package's dependencies, read from every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "baxt"

SIBLINGS = ("projections", "graphql", "workers")
WIRING = ("bootstrap", "cli", "devtools")
IO_LIBRARIES = ("psycopg", "psycopg_pool", "httpx", "dramatiq", "starlette", "strawberry")


def _imports(part: str) -> dict[str, set[str]]:
    """Each module of `baxt/<part>` and the absolute module names it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((PACKAGE / part).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[str(path.relative_to(PACKAGE))] = names
    return found


def _offending(part: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{module} imports {name}"
        for module, names in _imports(part).items()
        for name in sorted(names)
        if any(name == f or name.startswith(f"{f}.") for f in forbidden)
    ]


def test_the_domain_imports_nothing_of_ours_but_itself_and_no_io_library() -> None:
    ours = tuple(
        f"baxt.{p.name}" for p in PACKAGE.iterdir() if p.name not in ("domain", "__pycache__")
    )
    assert _offending("domain", ours + IO_LIBRARIES) == []


@pytest.mark.parametrize("part", SIBLINGS)
def test_projections_graphql_and_workers_never_import_each_other(part: str) -> None:
    others = tuple(f"baxt.{other}" for other in SIBLINGS if other != part)
    assert _offending(part, others) == []


@pytest.mark.parametrize("part", ["domain", "application", *SIBLINGS, "http", "hsds"])
def test_no_part_imports_the_wiring_of_the_processes(part: str) -> None:
    assert _offending(part, tuple(f"baxt.{w}" for w in WIRING)) == []


def test_the_checks_see_the_imports_they_look_for() -> None:
    assert "baxt.domain.case.events" in _imports("projections")["projections/dispatch.py"]


@pytest.mark.parametrize("part", ["application", "graphql", "projections", "workers"])
def test_only_the_http_side_and_the_wiring_import_the_http_side(part: str) -> None:
    assert _offending(part, ("baxt.http", "baxt.hsds")) == []
