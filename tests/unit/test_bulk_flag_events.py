from __future__ import annotations

import base64
import json
from datetime import date
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import StoredEvent

from baxt.application.cases.application import CaseApplication
from baxt.application.imports.flag_events import FLAGGED_TOPIC, FlaggedEncoder, Opening
from baxt.application.pii.sealing import PREFIX
from baxt.domain.case import Case, events
from baxt.domain.case_id import case_id_bytes, case_id_for, case_ids_for
from baxt.domain.errors import DomainError
from baxt.domain.values import (
    NO_TAGS,
    Child,
    FlagReason,
    FlagSource,
    FlagTags,
    Household,
    RegistryCategory,
    Sex,
)
from tests.unit.helpers import ACTOR, CASE_KEY, NOW, a_child, a_household, an_application

ROUND = "RISK_SCREENING:2026-Q2"
REASON = FlagReason("ANY_3_OF_44@1", 3.0, ("ELECTRICITY_CUT_OFF", "GAS_CUT_OFF", "WATER_CUT_OFF"))


def _by_the_aggregate(
    child: Child,
    household: Household,
    reason: FlagReason | None,
    source: FlagSource,
    tags: FlagTags = NO_TAGS,
) -> events.Flagged:
    case, _ = Case.flag_or_reopen(
        None,
        case_id=case_id_for(child.personal_id, CASE_KEY),
        child=child,
        household=household,
        source=source,
        indicators=reason.indicators if reason else (),
        note="",
        actor=ACTOR,
        now=NOW,
        round=ROUND,
        reason=reason,
        tags=tags,
    )
    (event,) = case.collect_events()
    assert isinstance(event, events.Flagged)
    return event


def _by_the_encoder(
    app: CaseApplication,
    made: events.Flagged,
    reason: FlagReason | None,
    source: FlagSource,
    tags: FlagTags = NO_TAGS,
) -> bytes:
    opening = Opening(source=source, actor=ACTOR, round=ROUND, now=NOW, timestamp=made.timestamp)
    encoder = FlaggedEncoder(app.mapper.transcoder, opening)
    key = app.child_keys.prepare([made.originator_id])[made.originator_id]
    assert key is not None
    checked = encoder.check(made.child, made.household, reason, tags)
    return encoder.encode(made.originator_id, key, checked)


def _opened(app: CaseApplication, state: Any, case_id: Any) -> dict[str, Any]:
    """The stored JSON with every sealed text opened, as the library decodes it."""
    plain: dict[str, Any] = json.loads(state)
    cipher_texts = {
        ("child", "personal_id"),
        ("child", "full_name"),
        ("household", "guardian_name"),
        ("household", "guardian_phone"),
    }
    key = app.child_keys.for_reading(case_id)
    assert key is not None
    for outer, inner in cipher_texts:
        text = plain[outer]["_data_"][inner]
        assert text.startswith(PREFIX)
        sealed = base64.urlsafe_b64decode(text[len(PREFIX) :])
        plain[outer]["_data_"][inner] = (
            AESGCM(key).decrypt(sealed[:12], sealed[12:], case_id.bytes).decode()
        )
    return plain


@pytest.mark.parametrize(
    ("reason", "source", "tags"),
    [
        (REASON, FlagSource.RISK_SCREENING, FlagTags(RegistryCategory.POOR)),
        (REASON, FlagSource.RISK_SCREENING, NO_TAGS),
        (None, FlagSource.AGE3_SURVEY, FlagTags(RegistryCategory.NOT_IN_REGISTRY)),
    ],
)
def test_the_encoded_flag_decodes_to_the_very_event_the_aggregate_makes(
    reason: FlagReason | None, source: FlagSource, tags: FlagTags
) -> None:
    app = an_application()
    made = _by_the_aggregate(a_child(), a_household(), reason, source, tags)
    state = _by_the_encoder(app, made, reason, source, tags)
    decoded = app.mapper.to_domain_event(StoredEvent(made.originator_id, 1, FLAGGED_TOPIC, state))
    assert isinstance(decoded, events.Flagged)
    # The library's own round trip, which gives JSON lists back as lists.
    assert decoded == app.mapper.to_domain_event(app.mapper.to_stored_event(made))
    assert decoded.child == made.child
    assert decoded.household == made.household
    assert tuple(decoded.indicators) == made.indicators


def test_the_encoded_flag_is_the_json_the_mapper_stores_field_for_field_in_order() -> None:
    app = an_application()
    made = _by_the_aggregate(a_child(), a_household(), REASON, FlagSource.RISK_SCREENING)
    ours = _opened(app, _by_the_encoder(app, made, REASON, FlagSource.RISK_SCREENING),
                   made.originator_id)  # fmt: skip
    stored = app.mapper.to_stored_event(made)
    theirs = _opened(app, stored.state, made.originator_id)
    assert stored.topic == FLAGGED_TOPIC
    assert list(ours.items()) == list(theirs.items())
    assert json.dumps(ours, separators=(",", ":"), ensure_ascii=False) == json.dumps(
        theirs, separators=(",", ":"), ensure_ascii=False
    )


def test_text_the_json_must_escape_is_escaped_as_the_mapper_escapes_it() -> None:
    app = an_application()
    household = Household(
        guardian_name='Dilnoza "Dila" Karimova\\', guardian_phone="+998 90 123-45-67",
        region="Toshkent", district="Yunusobod", mahalla="Bodomzor \u00ab\u0411\u043e\u0493\u00bb",
    )  # fmt: skip
    made = _by_the_aggregate(a_child(), household, REASON, FlagSource.RISK_SCREENING)
    state = _by_the_encoder(app, made, REASON, FlagSource.RISK_SCREENING)
    decoded = app.mapper.to_domain_event(StoredEvent(made.originator_id, 1, FLAGGED_TOPIC, state))
    assert isinstance(decoded, events.Flagged)
    assert decoded == app.mapper.to_domain_event(app.mapper.to_stored_event(made))
    assert decoded.household.guardian_phone == "+998901234567"
    assert "Bodomzor \u00ab\u0411\u043e\u0493\u00bb".encode() in state


def test_a_child_the_case_would_refuse_is_refused_by_the_encoder_with_the_same_code() -> None:
    app = an_application()
    grown = a_child(birth_date=date(2001, 1, 1))
    opening = Opening(FlagSource.RISK_SCREENING, ACTOR, ROUND, NOW, NOW)
    encoder = FlaggedEncoder(app.mapper.transcoder, opening)
    with pytest.raises(DomainError) as ours:
        encoder.check(grown, a_household(), REASON)
    with pytest.raises(DomainError) as theirs:
        _by_the_aggregate(grown, a_household(), REASON, FlagSource.RISK_SCREENING)
    assert (ours.value.code, ours.value.message) == (theirs.value.code, theirs.value.message)


def test_case_ids_made_in_bulk_are_the_ones_made_one_at_a_time() -> None:
    pinfls = [a_child(serial=serial).personal_id for serial in range(1, 200)]
    pinfls += [a_child(sex=Sex.MALE, serial=7).personal_id]
    assert case_ids_for(pinfls, CASE_KEY) == [case_id_for(p, CASE_KEY) for p in pinfls]
    assert case_id_bytes([], CASE_KEY).shape == (0, 16)
