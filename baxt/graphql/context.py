from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

import strawberry

from baxt.application.service import CaseService
from baxt.identity import Principal, Unauthenticated


@dataclass
class Context:
    """What every resolver gets: who is asking, and the services to ask."""

    request: Any
    response: Any
    principal: Principal | None
    cases: CaseService
    max_page_size: int

    @property
    def actor(self) -> str:
        """Who is acting; every request that reaches a resolver has passed the bearer check."""
        if self.principal is None:
            raise Unauthenticated("send the header 'Authorization: Bearer <token>'")
        return self.principal.actor


Info: TypeAlias = strawberry.Info[Context, None]
