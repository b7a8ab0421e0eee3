"""The GraphQL contract against the released one, and the checker on small schemas of its own.

A listed breaking change is held to its own "removed after" day against today's date (UTC)
from the clock: it may ship only once that day is past. The checker takes `today` as an
argument, so its own tests fix the day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from graphql import build_schema

from baxt.graphql.contract import check, problems, unreleased

ROOT = Path(__file__).parents[2]
TODAY = date(2027, 6, 1)

RELEASED = """
type Query {
  case(id: ID!): Case
  cases(first: Int, region: String @deprecated(reason: "Use filter.")): [Case!]!
}
type Case {
  id: ID!
  status: Status!
  name: String
  oldName: String @deprecated(reason: "Use name.")
  nickname: String
  visits: Int!
}
enum Status { OPEN CLOSED ARCHIVED @deprecated(reason: "Closed cases are kept.") }
"""

OLD_NAME = "Field Case.oldName was removed."
ENUM_ADDED = "Enum value Status.REOPENED was added."


def _problems(current: str, changelog: str = "", today: date = TODAY) -> list[str]:
    return problems(build_schema(RELEASED), build_schema(current), unreleased(changelog), today)


def _without(*lines: str) -> str:
    kept = RELEASED
    for line in lines:
        assert line in kept
        kept = kept.replace(line, "")
    return kept


def _unreleased(*entries: str) -> str:
    listed = "\n".join(entries)
    return f"# Changelog\n\n## [Unreleased]\n\n### Removed\n\n{listed}\n\n## [1.0] - 2026-01-01\n"


def _breaking(change: str, since: str = "2027-01-01", after: str = "2027-04-01") -> str:
    return f"- BREAKING: {change} — deprecated since {since}, removed after {after}"


def test_the_schema_keeps_the_released_contract_or_lists_each_change_in_the_changelog() -> None:
    assert check(ROOT, datetime.now(UTC).date()) == []


def test_the_same_schema_needs_no_entry() -> None:
    assert _problems(RELEASED) == []


def test_a_removed_field_not_listed_fails_and_is_named() -> None:
    current = _without('  oldName: String @deprecated(reason: "Use name.")\n')
    assert _problems(current) == [f"breaking change not in CHANGELOG.md: {OLD_NAME}"]


def test_a_removed_field_listed_with_its_period_over_passes() -> None:
    current = _without('  oldName: String @deprecated(reason: "Use name.")\n')
    assert _problems(current, _unreleased(_breaking(OLD_NAME))) == []


@pytest.mark.parametrize("today", [date(2027, 3, 31), date(2027, 4, 1)])
def test_a_removal_before_its_period_is_over_fails(today: date) -> None:
    current = _without('  oldName: String @deprecated(reason: "Use name.")\n')
    assert _problems(current, _unreleased(_breaking(OLD_NAME)), today) == [
        f"breaking change before its deprecation period ends (2027-04-01): {OLD_NAME}"
    ]


def test_a_removal_with_no_deprecation_period_fails() -> None:
    current = _without('  oldName: String @deprecated(reason: "Use name.")\n')
    entry = _breaking(OLD_NAME, since="2027-04-01", after="2027-04-01")
    assert _problems(current, _unreleased(entry)) == [
        f"breaking change with no deprecation period: {OLD_NAME}"
    ]


def test_a_breaking_line_without_its_period_cannot_be_read() -> None:
    current = _without('  oldName: String @deprecated(reason: "Use name.")\n')
    assert _problems(current, _unreleased(f"- BREAKING: {OLD_NAME}")) == [
        f"CHANGELOG.md: cannot read '- BREAKING: {OLD_NAME}'",
        f"breaking change not in CHANGELOG.md: {OLD_NAME}",
    ]


def test_an_impossible_day_cannot_be_read() -> None:
    current = _without('  oldName: String @deprecated(reason: "Use name.")\n')
    entry = _breaking(OLD_NAME, after="2027-02-30")
    assert _problems(current, _unreleased(entry))[0] == f"CHANGELOG.md: cannot read {entry!r}"


def test_a_change_listed_under_an_earlier_release_is_not_listed() -> None:
    current = _without('  oldName: String @deprecated(reason: "Use name.")\n')
    changelog = (
        f"# Changelog\n\n## [Unreleased]\n\n## [1.0] - 2026-01-01\n\n{_breaking(OLD_NAME)}\n"
    )
    assert _problems(current, changelog) == [f"breaking change not in CHANGELOG.md: {OLD_NAME}"]


def test_a_member_removed_without_deprecation_fails_even_when_listed() -> None:
    current = _without("  nickname: String\n")
    assert _problems(current, _unreleased(_breaking("Field Case.nickname was removed."))) == [
        "removed without @deprecated in the released contract: Case.nickname"
    ]


def test_deprecated_arguments_and_enum_values_may_go_and_the_others_may_not() -> None:
    current = _without(
        ', region: String @deprecated(reason: "Use filter.")',
        ' ARCHIVED @deprecated(reason: "Closed cases are kept.")',
        "first: Int",
    ).replace("cases(", "cases(since: String")
    listed = [
        "Argument Query.cases(first:) was removed.",
        "Argument Query.cases(region:) was removed.",
        "Enum value Status.ARCHIVED was removed.",
    ]
    assert _problems(current, _unreleased(*map(_breaking, listed))) == [
        "dangerous change not in CHANGELOG.md: An optional argument Query.cases(since:) was added.",
        "removed without @deprecated in the released contract: Query.cases(first:)",
    ]


def test_an_added_enum_value_not_listed_fails() -> None:
    current = RELEASED.replace("enum Status { OPEN", "enum Status { OPEN REOPENED")
    assert _problems(current) == [f"dangerous change not in CHANGELOG.md: {ENUM_ADDED}"]


def test_an_added_enum_value_listed_passes() -> None:
    current = RELEASED.replace("enum Status { OPEN", "enum Status { OPEN REOPENED")
    changelog = _unreleased(f"- Reopened cases:\n  - DANGEROUS: {ENUM_ADDED}")
    assert _problems(current, changelog) == []


def test_a_listed_change_that_is_not_made_fails() -> None:
    changelog = _unreleased(f"- DANGEROUS: {ENUM_ADDED}", _breaking(OLD_NAME))
    assert _problems(RELEASED, changelog) == [
        f"CHANGELOG.md lists a breaking change that is not made: {OLD_NAME}",
        f"CHANGELOG.md lists a dangerous change that is not made: {ENUM_ADDED}",
    ]
