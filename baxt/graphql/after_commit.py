"""The steps a mutation takes after its change is committed, none of which may turn the
answer into an error."""

from __future__ import annotations

from uuid import UUID

from baxt.application.cases.read_your_writes import AfterCommit, step_failed
from baxt.application.transient import retrying
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.core.context import Info
from baxt.graphql.core.response_notes import ACCESS_LOG


def say_after_commit(info: Info, after: AfterCommit) -> None:
    """Notes in the answer what the steps after the commit found (lag, failed steps)."""
    info.context.notes.after_commit(after, info.path.as_list())


async def shown_after_commit(info: Info, case_id: UUID) -> bool:
    """Records in the access log that the caller is shown the case it just changed.

    When the log cannot be written, the change stays saved and the answer says so (the warning
    POST_COMMIT_STEP_FAILED, step ACCESS_LOG); the case is then not shown, for no read goes
    unrecorded.
    """
    try:
        await retrying(lambda: record_case_reads(info, [case_id]), what=ACCESS_LOG)
    except Exception as error:
        step_failed(ACCESS_LOG, error)
        info.context.notes.step_failed(ACCESS_LOG, info.path.as_list())
        return False
    return True
