from __future__ import annotations

from collections.abc import Sequence


class DomainError(Exception):
    """Raised when a command breaks a rule of the domain; carries a stable code."""

    code = "DOMAIN_ERROR"

    def __init__(self, message: str, field: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.field = tuple(field)


class InvalidInput(DomainError):
    """Raised when a value is malformed or out of range."""

    code = "INVALID_INPUT"


class InvalidPinfl(InvalidInput):
    """Raised when a PINFL is not 14 valid digits or disagrees with the child's birth data."""

    code = "INVALID_PINFL"


class NotUnder18(DomainError):
    """Raised when a child is 18 or older on the day the case is flagged."""

    code = "NOT_UNDER_18"


class InvalidTransition(DomainError):
    """Raised when a command is not allowed from the case's current status."""

    code = "INVALID_TRANSITION"


class ChildNotSeen(DomainError):
    """Raised when a step needs the child to have been seen on a visit, and nobody has."""

    code = "CHILD_NOT_SEEN"


class ConsentRequired(DomainError):
    """Raised when a referral is made without the guardian's consent."""

    code = "CONSENT_REQUIRED"


class CaseErased(DomainError):
    """Raised when a command would change a case whose child's personal data was erased."""

    code = "CASE_ERASED"


class CaseNotFound(DomainError):
    """Raised when no case has the given ID."""

    code = "NOT_FOUND"


class Conflict(DomainError):
    """Raised when a command was based on a stale version or lost a concurrent race."""

    code = "CONFLICT"


class ReferralRequired(DomainError):
    """Raised when a case is closed as SERVICES_LINKED without any referral in this episode."""

    code = "REFERRAL_REQUIRED"


class WorkPlanRequired(DomainError):
    """Raised when a consultation is recorded without a work plan of at least one goal."""

    code = "WORK_PLAN_REQUIRED"


class ReferralNotFound(DomainError):
    """Raised when a case has no referral by that ID that the caller may act on."""

    code = "NOT_FOUND"


class ReportAlreadyHandled(DomainError):
    """Raised when a report of concern that was linked to a case or closed is handled again."""

    code = "REPORT_ALREADY_HANDLED"


class ReportNotFound(DomainError):
    """Raised when no report of concern has the given ID in the caller's reach."""

    code = "NOT_FOUND"


class CaseNotDiscussed(DomainError):
    """Raised when a decision is recorded for a case the gathering did not discuss (it is not
    a case conference, or the case was not among its cases)."""

    code = "CASE_NOT_DISCUSSED"


class SameCase(DomainError):
    """Raised when a case is to be merged with, or told apart from, itself."""

    code = "SAME_CASE"


class AlreadyMerged(DomainError):
    """Raised when a case merged into another is to be merged, kept, told apart or flagged again."""

    code = "ALREADY_MERGED"
