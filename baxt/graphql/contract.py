"""The GraphQL contract against the last released one: `python -m baxt.graphql.contract`.

graphql-core finds the breaking and the dangerous changes between the released contract
(`contract/released.graphql`) and `schema.graphql`; the Unreleased section of `CHANGELOG.md`
must list each of them, in one of two forms, with graphql-core's own description:

    - DANGEROUS: <description>
    - BREAKING: <description> — deprecated since <YYYY-MM-DD>, removed after <YYYY-MM-DD>

A breaking change may ship only once its deprecation period is over (today, UTC, is after
its "removed after" date), and a field, argument, input field or enum value may go only if
the released contract already marked it `@deprecated`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

RELEASED = Path("contract/released.graphql")
CURRENT = Path("schema.graphql")
CHANGELOG = Path("CHANGELOG.md")

_DAY = r"\d{4}-\d{2}-\d{2}"
_BREAKING = re.compile(
    rf"- BREAKING: (?P<change>.+?) — deprecated since (?P<since>{_DAY}), "
    rf"removed after (?P<after>{_DAY})"
)
_DANGEROUS = re.compile(r"- DANGEROUS: (?P<change>.+)")


@dataclass(frozen=True)
class Breaking:
    change: str
    since: date
    after: date


@dataclass(frozen=True)
class Listed:
    """What the Unreleased section of the changelog lists, and the lines it could not read."""

    breaking: dict[str, Breaking] = field(default_factory=dict)
    dangerous: frozenset[str] = frozenset()
    malformed: tuple[str, ...] = ()


def unreleased(changelog: str) -> Listed:
    """The changes listed between `## [Unreleased]` and the next `## ` heading."""
    breaking: dict[str, Breaking] = {}
    dangerous: set[str] = set()
    malformed: list[str] = []
    for line in _unreleased_lines(changelog):
        if line.startswith("- BREAKING:"):
            if entry := _breaking(line):
                breaking[entry.change] = entry
            else:
                malformed.append(line)
        elif line.startswith("- DANGEROUS:"):
            if found := _DANGEROUS.fullmatch(line):
                dangerous.add(found["change"])
            else:
                malformed.append(line)
    return Listed(breaking, frozenset(dangerous), tuple(malformed))


def _unreleased_lines(changelog: str) -> Iterator[str]:
    inside = False
    for line in changelog.splitlines():
        if line.startswith("## "):
            inside = line.strip() == "## [Unreleased]"
        elif inside:
            yield line.strip()


def _breaking(line: str) -> Breaking | None:
    found = _BREAKING.fullmatch(line)
    if found is None:
        return None
    try:
        since, after = date.fromisoformat(found["since"]), date.fromisoformat(found["after"])
    except ValueError:
        return None
    return Breaking(found["change"], since, after)


def problems(
    released: GraphQLSchema, current: GraphQLSchema, listed: Listed, today: date
) -> list[str]:
    """Every way the current schema breaks the contract, each a sentence naming the change."""
    breaking = [c.description for c in find_breaking_changes(released, current)]
    dangerous = [c.description for c in find_dangerous_changes(released, current)]
    found = [f"CHANGELOG.md: cannot read {line!r}" for line in listed.malformed]
    for change in breaking:
        found.extend(_breaking_problems(change, listed.breaking.get(change), today))
    found += [
        f"dangerous change not in CHANGELOG.md: {c}" for c in dangerous if c not in listed.dangerous
    ]
    found += [
        f"removed without @deprecated in the released contract: {name}"
        for name in undeprecated_removals(released, current)
    ]
    found += [
        f"CHANGELOG.md lists a breaking change that is not made: {c}"
        for c in sorted(set(listed.breaking) - set(breaking))
    ]
    found += [
        f"CHANGELOG.md lists a dangerous change that is not made: {c}"
        for c in sorted(listed.dangerous - set(dangerous))
    ]
    return found


def _breaking_problems(change: str, entry: Breaking | None, today: date) -> list[str]:
    if entry is None:
        return [f"breaking change not in CHANGELOG.md: {change}"]
    if entry.after <= entry.since:
        return [f"breaking change with no deprecation period: {change}"]
    if today <= entry.after:
        return [f"breaking change before its deprecation period ends ({entry.after}): {change}"]
    return []


def undeprecated_removals(released: GraphQLSchema, current: GraphQLSchema) -> list[str]:
    """The fields, arguments, input fields and enum values gone that were not deprecated."""
    still = _members(current)
    return sorted(
        name
        for name, reason in _members(released).items()
        if reason is None and name not in still and name.split(".")[0] in current.type_map
    )


def _members(schema: GraphQLSchema) -> dict[str, str | None]:
    """Each deprecatable member by its coordinate (`Type.field`, `Type.field(arg:)`), and
    its deprecation reason."""
    found: dict[str, str | None] = {}
    for type_name, kind in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        if isinstance(kind, GraphQLEnumType):
            for name, value in kind.values.items():
                found[f"{type_name}.{name}"] = value.deprecation_reason
        elif isinstance(kind, GraphQLInputObjectType):
            for name, input_field in kind.fields.items():
                found[f"{type_name}.{name}"] = input_field.deprecation_reason
        elif isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for name, output in kind.fields.items():
                found[f"{type_name}.{name}"] = output.deprecation_reason
                for arg, argument in output.args.items():
                    found[f"{type_name}.{name}({arg}:)"] = argument.deprecation_reason
    return found


def check(root: Path, today: date) -> list[str]:
    """The problems of the contract in a checkout of the project at `root`."""
    return problems(
        build_schema((root / RELEASED).read_text(encoding="utf-8")),
        build_schema((root / CURRENT).read_text(encoding="utf-8")),
        unreleased((root / CHANGELOG).read_text(encoding="utf-8")),
        today,
    )


def main() -> int:
    found = check(Path.cwd(), datetime.now(UTC).date())
    for problem in found:
        print(problem)
    if not found:
        print("the contract holds: every breaking and dangerous change is in CHANGELOG.md")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
