"""What erasing a child's personal data does to `case_summary`, and to the members list of
the household the case was linked to: the same as a rebuild would.

A rebuild after the key is gone reads every non-empty personal field as `ERASED`; the live
view, which read them before, overwrites exactly those fields, so both give the same rows.
The household's members are sealed under the household's key, which stays: the child's own
entries, which the erasure event names, read as `ERASED` with no birth date, live and in a
rebuild alike, and the other members keep theirs.
"""

from __future__ import annotations

from typing import Any

from baxt.domain.personal_data import ERASED

ERASE_CASE_SUMMARY = """
UPDATE case_summary SET
    personal_id = %(erased)s, full_name = %(erased)s,
    guardian_name = %(erased)s, guardian_phone = %(erased)s,
    visits = (
        SELECT coalesce(jsonb_agg(CASE WHEN coalesce(e->>'observations', '') <> ''
            THEN jsonb_set(e, '{observations}', to_jsonb(%(erased)s::text)) ELSE e END
            ORDER BY n), '[]'::jsonb)
        FROM jsonb_array_elements(visits) WITH ORDINALITY AS x(e, n)),
    needs = (
        SELECT coalesce(jsonb_agg(CASE WHEN coalesce(e->>'note', '') <> ''
            THEN jsonb_set(e, '{note}', to_jsonb(%(erased)s::text)) ELSE e END
            ORDER BY n), '[]'::jsonb)
        FROM jsonb_array_elements(needs) WITH ORDINALITY AS x(e, n)),
    referrals = (
        SELECT coalesce(jsonb_agg(CASE WHEN coalesce(e->>'reason', '') <> ''
            THEN jsonb_set(e, '{reason}', to_jsonb(%(erased)s::text)) ELSE e END
            ORDER BY n), '[]'::jsonb)
        FROM jsonb_array_elements(referrals) WITH ORDINALITY AS x(e, n)),
    plan = (
        SELECT coalesce(jsonb_agg(CASE WHEN coalesce(e->>'goal', '') <> ''
            THEN jsonb_set(e, '{goal}', to_jsonb(%(erased)s::text)) ELSE e END
            ORDER BY n), '[]'::jsonb)
        FROM jsonb_array_elements(plan) WITH ORDINALITY AS x(e, n)),
    goals = (
        SELECT coalesce(jsonb_agg(
            jsonb_set(CASE WHEN coalesce(e->>'text', '') <> ''
                THEN jsonb_set(e, '{text}', to_jsonb(%(erased)s::text)) ELSE e END,
                '{notes}', (
                    SELECT coalesce(jsonb_agg(CASE WHEN coalesce(m->>'text', '') <> ''
                        THEN jsonb_set(m, '{text}', to_jsonb(%(erased)s::text)) ELSE m END
                        ORDER BY k), '[]'::jsonb)
                    FROM jsonb_array_elements(e->'notes') WITH ORDINALITY AS y(m, k)))
            ORDER BY n), '[]'::jsonb)
        FROM jsonb_array_elements(goals) WITH ORDINALITY AS x(e, n)),
    status = 'CLOSED', close_reason = 'DATA_ERASED', visit_scheduled_at = NULL,
    pending_approval = NULL, approval_requested_by = NULL, approval_requested_at = NULL,
    approval_close_reason = NULL,
    transfer_region = NULL, transfer_district = NULL, transfer_mahalla = NULL,
    transfer_requested_by = NULL, transfer_requested_at = NULL,
    version = %(version)s, updated_at = %(at)s
WHERE case_id = %(case_id)s"""

ERASE_HOUSEHOLD_MEMBERS = """
UPDATE household SET members = (
    SELECT coalesce(jsonb_agg(CASE WHEN n - 1 = ANY(%(members)s::int[])
        THEN e || jsonb_build_object('full_name', %(erased)s::text, 'birth_date', NULL)
        ELSE e END ORDER BY n), '[]'::jsonb)
    FROM jsonb_array_elements(members) WITH ORDINALITY AS x(e, n))
WHERE household_id = (SELECT household_id FROM case_summary WHERE case_id = %(case_id)s)"""
"""Run before the case is unlinked from its household, which it names."""


def erasure_params(base: dict[str, Any]) -> dict[str, Any]:
    return base | {"erased": ERASED}
