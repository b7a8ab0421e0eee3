"""What an answer says beside its data, in the response's `extensions`: coded warnings (a
change saved out of the caller's reach, a step after the commit that failed) and how far a
read model lagged behind the request's writes."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension

from baxt.application.cases.read_your_writes import AfterCommit, Lag

SAVED_OUT_OF_REACH = "SAVED_OUT_OF_REACH"
POST_COMMIT_STEP_FAILED = "POST_COMMIT_STEP_FAILED"
ACCESS_LOG = "ACCESS_LOG"

Path = list[str | int]


class ResponseNotes:
    """The warnings and the read-model lag of one request, gathered as its fields resolve."""

    def __init__(self) -> None:
        self._warnings: list[dict[str, Any]] = []
        self._lag: Lag | None = None

    def warn(self, code: str, message: str, path: Path, **details: Any) -> None:
        """Adds a warning about the field at `path` (as in a GraphQL error)."""
        self._warnings.append({"code": code, "message": message, "path": path, **details})

    def saved_out_of_reach(self, path: Path) -> None:
        self.warn(
            SAVED_OUT_OF_REACH,
            "the change was saved, but the case is out of your reach, so it is not shown",
            path,
        )

    def step_failed(self, step: str, path: Path) -> None:
        self.warn(
            POST_COMMIT_STEP_FAILED,
            f"the change was saved; the step {step} after it failed",
            path,
            step=step,
        )

    def after_commit(self, after: AfterCommit, path: Path) -> None:
        """Says what the steps after a commit found: the lag, each step that failed."""
        for step in after.failed_steps:
            self.step_failed(step, path)
        if after.lag is not None:
            self.read_model_behind(after.lag)

    def read_model_behind(self, lag: Lag) -> None:
        """Notes a lag; of several writes in one request, the one furthest ahead counts."""
        if self._lag is None or lag.needed >= self._lag.needed:
            self._lag = lag

    def extensions(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if self._warnings:
            found["warnings"] = list(self._warnings)
        if self._lag is not None:
            found["readModel"] = {
                "name": self._lag.read_model,
                "behindBy": self._lag.behind_by,
                "position": self._lag.position,
                "needed": self._lag.needed,
            }
        return found


class ResponseNotesExtension(SchemaExtension):
    """Puts the request's `ResponseNotes` (the context's `notes`) into the response's
    `extensions`: `warnings` and `readModel`."""

    def get_results(self) -> dict[str, Any]:
        notes = getattr(self.execution_context.context, "notes", None)
        return notes.extensions() if isinstance(notes, ResponseNotes) else {}
