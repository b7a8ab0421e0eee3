from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from baxt.application.cases.application import CaseApplication
from baxt.application.pii.child_keys import MemoryChildKeys
from baxt.application.pii.master_keys import (
    MasterKeyError,
    MasterKeys,
    new_master_key,
    parse_master_key,
)
from baxt.application.pii.sealing import PREFIX
from baxt.domain.errors import CaseErased, InvalidInput
from baxt.domain.personal_data import ERASED
from baxt.domain.values import CaseStatus, CloseReason, ContactOutcome
from tests.unit.helpers import (
    ACTOR,
    NOW,
    a_child,
    a_household,
    a_plan,
    a_visit,
    an_application,
    flag_child,
    read_case,
    some_needs,
)

PERSONAL = ("Aziza Karimova", "Dilnoza Karimova", "+998901234567", "The family was at home.")


def _worked_case() -> tuple[CaseApplication, UUID]:
    app = an_application()
    saved = flag_child(app)
    app.change_case(
        saved.case_id,
        lambda case: case.record_contact_attempt(
            outcome=ContactOutcome.REACHED,
            visit_scheduled_at=NOW,
            note="",
            actor=ACTOR,
            now=app.now(),
        ),
    )
    app.change_case(
        saved.case_id, lambda case: case.record_visit(visit=a_visit(), actor=ACTOR, now=app.now())
    )
    app.change_case(
        saved.case_id,
        lambda case: case.record_consultation(
            needs=some_needs(), plan=a_plan(), note="Talked with mother", actor=ACTOR
        ),
    )
    return app, saved.case_id


def _stored_states(app: CaseApplication, case_id: UUID) -> bytes:
    recorder: Any = app.recorder
    return b"".join(bytes(e.state) for e in recorder.select_events(case_id))


def test_personal_fields_are_sealed_in_the_stored_events_and_open_on_reading() -> None:
    app, case_id = _worked_case()

    stored = _stored_states(app, case_id)
    case = read_case(app, case_id)

    for text in (*PERSONAL, a_child().personal_id, "Talked with mother"):
        assert text.encode() not in stored
    assert PREFIX.encode() in stored
    assert b"Bodomzor" in stored  # places are not personal data
    assert case.child == a_child()
    assert case.household == a_household()
    assert case.visits[0].observations == "The family was at home."


def test_an_erased_child_s_case_replays_with_its_personal_data_read_as_erased() -> None:
    app, case_id = _worked_case()

    app.erase_child_data(case_id, legal_reason="Court order 2026/77", actor="admin")
    case = read_case(app, case_id)

    assert case.erased
    assert case.status is CaseStatus.CLOSED
    assert case.close_reason is CloseReason.DATA_ERASED
    assert case.child.full_name == ERASED
    assert case.child.personal_id == ERASED
    assert case.child.birth_date == a_child().birth_date
    assert case.household.guardian_phone == ERASED
    assert case.household.mahalla == "Bodomzor"
    assert case.visits[0].observations == ERASED
    assert case.visits[0].child_seen
    assert case.contact_attempts == 1
    assert len(case.needs) == len(some_needs())


def test_an_erased_case_takes_no_more_commands_and_erasing_twice_changes_nothing() -> None:
    app, case_id = _worked_case()
    app.erase_child_data(case_id, legal_reason="Court order 2026/77", actor="admin")

    with pytest.raises(CaseErased) as refused:
        app.change_case(
            case_id, lambda case: case.reopen(reason="flagged again", actor=ACTOR, now=app.now())
        )
    again = app.erase_child_data(case_id, legal_reason="Court order 2026/77", actor="admin")

    assert refused.value.code == "CASE_ERASED"
    assert again.notification_id == 0


def test_erasing_needs_a_legal_reason_and_no_one_closes_a_case_as_erased_by_hand() -> None:
    app, case_id = _worked_case()

    with pytest.raises(InvalidInput):
        app.erase_child_data(case_id, legal_reason="  ", actor="admin")
    with pytest.raises(InvalidInput):
        app.change_case(
            case_id, lambda case: case.close(reason=CloseReason.DATA_ERASED, note="", actor=ACTOR)
        )


def test_a_child_key_is_bound_to_its_case_and_opens_under_a_previous_master_key() -> None:
    old, new = parse_master_key(new_master_key()), parse_master_key(new_master_key())
    case_id = uuid4()
    key_id, wrapped = MasterKeys(old).wrap(b"k" * 32, case_id)

    assert MasterKeys(new, [old]).unwrap(key_id, wrapped, case_id) == b"k" * 32
    with pytest.raises(MasterKeyError):
        MasterKeys(new).unwrap(key_id, wrapped, case_id)


@pytest.mark.parametrize("text", ["", "short", "!" * 43, new_master_key() + "AAAA"])
def test_a_malformed_master_key_is_refused_with_a_clear_error(text: str) -> None:
    with pytest.raises(MasterKeyError, match="PII master key"):
        parse_master_key(text)


def test_memory_keys_destroy_once() -> None:
    keys = MemoryChildKeys(MasterKeys(parse_master_key(new_master_key())))
    case_id = uuid4()

    keys.prepare([case_id])

    assert keys.erase(case_id) is True
    assert keys.erase(case_id) is False
    assert keys.for_reading(case_id) is None


def test_keys_made_for_new_cases_leave_an_existing_or_erased_key_as_it_was() -> None:
    keys = MemoryChildKeys(MasterKeys(parse_master_key(new_master_key())))
    kept, erased, fresh = uuid4(), uuid4(), uuid4()
    before = keys.for_writing(kept)
    keys.erase(erased)
    made = keys.make([kept, erased, fresh, fresh])
    assert list(made) == [kept, erased, fresh]
    assert made[kept] == before
    assert made[erased] is None
    fresh_key = made[fresh]
    assert fresh_key is not None
    assert len(fresh_key) == 32
    assert keys.for_reading(fresh) == fresh_key
