from __future__ import annotations

from baxt.graphql.core.node import parse_global_id
from baxt.graphql.partners.types import PARTNER_REFERRAL_TYPE


def referral_local_id(value: str) -> str:
    """The referral ID in a PartnerReferral global ID; a bare referral ID is taken as it is."""
    parsed = parse_global_id(value)
    if parsed is not None and parsed[0] == PARTNER_REFERRAL_TYPE:
        return parsed[1]
    return value.strip()
