from __future__ import annotations

import logging
from collections.abc import Callable
from uuid import UUID

import anyio.to_thread

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
