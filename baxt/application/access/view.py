"""How one principal sees cases: the cases in reach and the fields masked, together."""

from __future__ import annotations

from dataclasses import dataclass

from baxt.application.access.masks import FieldMasks, field_masks
from baxt.application.access.principal import Principal
from baxt.application.access.rules import Operation, log_denial
from baxt.application.access.scope import CaseScope, case_scope


@dataclass(frozen=True)
class CaseView:
    """How one principal sees cases: which they reach, and which fields come masked."""

    principal: Principal
    scope: CaseScope
    masks: FieldMasks

    def refuse(self, operation: Operation, reason: str) -> None:
        log_denial(self.principal, operation.value, reason)


def case_view(principal: Principal) -> CaseView:
    """How the principal sees cases: their reach, and the fields masked for their role."""
    return CaseView(principal, case_scope(principal), field_masks(principal))
