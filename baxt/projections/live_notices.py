"""The NOTIFYs that tell the API's live feed what a projection's transaction changed.

They run inside the transaction that writes the read model, so PostgreSQL delivers them on
its commit, and never for a rebuild's shadow tables (whose writes do not come this way).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from psycopg import Cursor

from baxt.application.live_feed import LIVE_CHANNEL, ChangeKind
from baxt.projections.statements import Statement, event_params

_CASE = "SELECT pg_notify(%(channel)s, %(kind)s || ':' || %(case_id)s::text)"
_REFERRALS = """
SELECT pg_notify(%(channel)s, %(kind)s || ':' || referral_id)
FROM partner_referral WHERE case_id = %(case_id)s AND updated_at = %(at)s"""
_RECIPIENT = "SELECT pg_notify(%s, %s)"


def case_notices(event: Any) -> list[Statement]:
    """Notices of the event's case and of each partner referral of it the event updated
    (those whose `updated_at` is now the event's time)."""
    params = event_params(event) | {"channel": LIVE_CHANNEL}
    return [
        (_CASE, params | {"kind": ChangeKind.CASE.value}),
        (_REFERRALS, params | {"kind": ChangeKind.REFERRAL.value}),
    ]


def notify_recipients(curs: Cursor[Any], recipients: Iterable[str]) -> None:
    """Notices that each recipient has a new in-app message."""
    for recipient in dict.fromkeys(recipients):
        curs.execute(_RECIPIENT, (LIVE_CHANNEL, f"{ChangeKind.NOTIFICATION.value}:{recipient}"))
