"""Which of a household's members is a given child: found when the child is erased, so that
the household's list forgets them too."""

from __future__ import annotations

from collections.abc import Sequence

from baxt.domain.household.values import Member
from baxt.domain.names import name_tokens
from baxt.domain.values import Child


def positions_of(members: Sequence[Member], child: Child) -> tuple[int, ...]:
    """The positions in `members` of the entries that are this child: the same name in its
    one form, whatever the order or script of its words, and the same birth date where the
    entry gives one."""
    tokens = sorted(name_tokens(child.full_name))
    if not tokens:
        return ()
    return tuple(
        i
        for i, member in enumerate(members)
        if sorted(name_tokens(member.full_name)) == tokens
        and member.birth_date in (None, child.birth_date)
    )
