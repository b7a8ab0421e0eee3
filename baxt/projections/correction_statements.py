"""The corrections' statements for `case_summary`: the child's and the household's fields a
correction gives, each left as it was where the correction gives none."""

from __future__ import annotations

from baxt.domain.case import Case
from baxt.projections.statements import Statement, event_params, summary_update

_CHILD_CORRECTED = summary_update(
    "full_name = COALESCE(%(full_name)s, full_name),"
    " birth_date = COALESCE(%(birth_date)s, birth_date), sex = COALESCE(%(sex)s, sex)"
)
_HOUSEHOLD_CORRECTED = summary_update(
    "guardian_name = COALESCE(%(guardian_name)s, guardian_name),"
    " guardian_phone = COALESCE(%(guardian_phone)s, guardian_phone),"
    " mahalla = COALESCE(%(mahalla)s, mahalla)"
)


def child_corrected(event: Case.ChildCorrected) -> list[Statement]:
    params = event_params(event) | {
        "full_name": event.full_name,
        "birth_date": event.birth_date,
        "sex": event.sex.value if event.sex is not None else None,
    }
    return [(_CHILD_CORRECTED, params)]


def household_corrected(event: Case.HouseholdCorrected) -> list[Statement]:
    params = event_params(event) | {
        "guardian_name": event.guardian_name,
        "guardian_phone": event.guardian_phone,
        "mahalla": event.mahalla,
    }
    return [(_HOUSEHOLD_CORRECTED, params)]
