"""Clients sending mutations as fast as they are answered, each answer kept: which case and
version it says was saved, or which error codes it carried."""

from __future__ import annotations

import asyncio
import base64
import time
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import httpx

from tests.factories import child, household
from tests.operations import child_input, household_input, mutation

_FLAG = mutation("flagChild", "case { id version } userErrors { code }")
_CONTACT = mutation("recordContactAttempt", "case { id version } userErrors { code }")


@dataclass(frozen=True)
class Answer:
    """One mutation's answer: the case and version it saved, or the codes it carried."""

    operation: str
    at: float
    case_id: UUID | None = None
    version: int | None = None
    codes: tuple[str, ...] = ()


@dataclass
class MutationLoad:
    """`clients` clients, each flagging a new child and then recording a call to them."""

    url: str
    token: str
    clients: int = 4
    answers: list[Answer] = field(default_factory=list)

    async def run(self, stop: asyncio.Event) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        async with httpx.AsyncClient(base_url=self.url, headers=headers, timeout=60) as http:
            await asyncio.gather(*(self._client(http, stop) for _ in range(self.clients)))

    def saved(self) -> list[Answer]:
        return [answer for answer in self.answers if answer.case_id is not None]

    def codes(self) -> list[str]:
        return [code for answer in self.answers for code in answer.codes]

    async def _client(self, http: httpx.AsyncClient, stop: asyncio.Event) -> None:
        while not stop.is_set():
            flagged = await self._send(http, "flagChild", _FLAG, _flag_input())
            if flagged.case_id is not None:
                contact = {"caseId": _global_id(flagged.case_id), "outcome": "NO_ANSWER"}
                await self._send(http, "recordContactAttempt", _CONTACT, contact)

    async def _send(
        self, http: httpx.AsyncClient, operation: str, query: str, given: dict[str, Any]
    ) -> Answer:
        try:
            response = await http.post(
                "/graphql", json={"query": query, "variables": {"input": given}}
            )
            answer = _read(operation, response)
        except httpx.HTTPError as error:
            answer = Answer(
                operation, time.monotonic(), codes=(f"TRANSPORT:{type(error).__name__}",)
            )
        self.answers.append(answer)
        return answer


def _read(operation: str, response: httpx.Response) -> Answer:
    at = time.monotonic()
    try:
        body = response.json()
    except ValueError:
        return Answer(operation, at, codes=(f"HTTP_{response.status_code}_NOT_JSON",))
    codes = tuple(
        str((error.get("extensions") or {}).get("code", "NO_CODE"))
        for error in body.get("errors") or []
    )
    payload = (body.get("data") or {}).get(operation) or {}
    codes += tuple(str(e.get("code", "NO_CODE")) for e in payload.get("userErrors") or [])
    case = payload.get("case")
    if not case:
        return Answer(operation, at, codes=codes or ("NO_CASE",))
    return Answer(operation, at, _case_uuid(case["id"]), int(case["version"]), codes)


def _flag_input() -> dict[str, Any]:
    return {
        "child": child_input(child()),
        "household": household_input(household()),
        "source": "SOCIAL_REGISTRY",
        "indicators": ["GAS_CUTOFF"],
    }


def _global_id(case_id: UUID) -> str:
    return base64.b64encode(f"Case:{case_id}".encode()).decode()


def _case_uuid(global_id: str) -> UUID:
    return UUID(base64.b64decode(global_id).decode().split(":", 1)[1])
