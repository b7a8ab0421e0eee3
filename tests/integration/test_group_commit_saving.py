"""Concurrent commands on distinct cases save together in one transaction; one that conflicts
fails alone and the others commit."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from baxt.application.cases.application import CaseApplication
from baxt.domain.errors import Conflict
from tests.group_saves import (
    SETTLE,
    flag_cases,
    last_position,
    queue_behind_a_held_save,
    stored,
    table_locked,
    transactions_of,
)


def test_commands_queued_behind_a_save_commit_together_in_one_transaction(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    first, *others = flag_cases(app, 10)
    before = last_position(url)

    with ThreadPoolExecutor(max_workers=10) as pool:
        with table_locked(url):
            leading, queued = queue_behind_a_held_save(url, app, pool, first, others)
        answers = [leading.result(SETTLE), *(f.result(SETTLE) for f in queued)]

    assert transactions_of(url, before) == 2  # the first save alone, then the nine together
    assert [a.case_id for a in answers] == [first, *others]
    assert all(a.version == 2 for a in answers)
    assert {(a.case_id, a.version) for a in answers} <= stored(url)
    positions = sorted(a.notification_id for a in answers)
    assert len(set(positions)) == 10
    assert positions[0] > before


def test_a_conflicting_command_in_a_group_fails_alone_and_the_others_commit(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    first, twice, *others = flag_cases(app, 9)
    before = last_position(url)

    with ThreadPoolExecutor(max_workers=10) as pool:
        with table_locked(url):
            _, queued = queue_behind_a_held_save(
                url, app, pool, first, [twice, *others[:3], twice, *others[3:]]
            )
        outcomes = [f.exception(SETTLE) or f.result() for f in queued]

    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    saved = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(conflicts) == 1
    assert len(saved) == 8
    assert sorted(s.case_id for s in saved) == sorted([twice, *others])
    after = stored(url)
    assert {(s.case_id, s.version) for s in saved} <= after
    assert (twice, 3) not in after
    assert transactions_of(url, before) == 1 + 8  # the group failed whole, then each alone
