"""Declarative permissions: a resolver names the operations it needs, and the access policy's
`RULES` decide, before the resolver runs.

    @strawberry.mutation(permission_classes=[Needs(Operation.CHANGE_CASES)])
    @strawberry.field(permission_classes=[Needs(Operation.READ_CASES)])

No resolver checks by hand. A field whose answer depends on the caller's reach (an aggregate
counted over their districts, a `node` that is null for what they may not see) asks the
policy for that reach instead.

A caller whose role may not is refused with the policy's own FORBIDDEN (and its log line), a
request without a principal with UNAUTHENTICATED: a top-level error, as the API has always
answered. Strawberry adds no schema directive for `permission_classes`, so the contract stays
as it was.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from strawberry.permission import BasePermission

from baxt.application.access.rules import Operation, require
from baxt.graphql.core.context import Info


class _Needs(BasePermission):
    operations: tuple[Operation, ...] = ()

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        """True when the caller may do every operation; raises the policy's refusal otherwise,
        so the answer and the denial log line are exactly the policy's."""
        caller = info.context.caller
        for operation in self.operations:
            require(caller, operation)
        return True


@cache
def Needs(*operations: Operation) -> type[BasePermission]:
    """The permission class of a resolver that needs each of `operations`."""
    names = "_".join(operation.name for operation in operations)
    return type(f"Needs_{names}", (_Needs,), {"operations": operations})
