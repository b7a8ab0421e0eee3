from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

import anyio.to_thread

from baxt.application.audit.as_of import case_as_of
from baxt.application.audit.changes import Change, case_changes
from baxt.application.cases import CaseApplication, HistoryEntry, Saved
from baxt.application.read_model import CaseReadModel, CaseRow

_log = logging.getLogger(__name__)

Command = Callable[[CaseApplication], Saved]


class CaseService:
    """What the API calls: commands run in a worker thread, reads go to the read model."""

    def __init__(
        self, app: CaseApplication, read_model: CaseReadModel, *, read_your_writes_timeout: float
    ) -> None:
        self.app = app
        self.read_model = read_model
        self._timeout = read_your_writes_timeout

    async def execute(self, command: Command) -> CaseRow | None:
        """Runs the command, waits until the read model shows it, and returns the case."""
        saved = await anyio.to_thread.run_sync(command, self.app)
        if not await self.read_model.wait_for(saved.notification_id, seconds=self._timeout):
            _log.warning(
                "read model still behind notification %s after %ss; answering with what it has",
                saved.notification_id,
                self._timeout,
            )
        return await self.read_model.get(saved.case_id)

    async def history(self, case_id: UUID, *, after: int, limit: int) -> list[HistoryEntry]:
        return await anyio.to_thread.run_sync(
            lambda: self.app.history(case_id, after=after, limit=limit)
        )

    async def case_as_of(
        self, case_id: UUID, *, at: datetime | None = None, version: int | None = None
    ) -> CaseRow | None:
        """The case replayed from its events as of `at` or `version` (see `case_as_of`)."""
        return await anyio.to_thread.run_sync(
            lambda: case_as_of(self.app, case_id, at=at, version=version)
        )

    async def case_changes(
        self, case_id: UUID, *, from_: datetime, to: datetime, after: int, limit: int
    ) -> list[Change]:
        """What each event in (`from_`, `to`] changed (see `case_changes`)."""
        return await anyio.to_thread.run_sync(
            lambda: case_changes(self.app, case_id, from_, to, after=after, limit=limit)
        )
