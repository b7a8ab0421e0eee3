"""A small GraphQL client for the end-to-end tests, with the queries front ends send."""

from __future__ import annotations

from typing import Any

import httpx

CASE_FIELDS = """
fragment CaseFields on Case {
  id status quarter source indicators version contactAttempts childSeen closeReason escalation
  visitScheduledAt flaggedAt updatedAt
  child { personalId fullName birthDate sex ageYears }
  household { guardianName guardianPhone region district mahalla }
  visits { visitedAt childSeen guardianPresent safetyConcern observations }
  needs { domain level note }
  plan { goal serviceCategory dueOn }
  referrals { id serviceCategory provider reason status }
}
"""

MUTATION_INPUTS = {
    "flagChild": "FlagChildInput",
    "recordContactAttempt": "RecordContactAttemptInput",
    "recordVisit": "RecordVisitInput",
    "recordConsultation": "RecordConsultationInput",
    "referCase": "ReferCaseInput",
    "closeCase": "CloseCaseInput",
    "reopenCase": "ReopenCaseInput",
}


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient, token: str) -> None:
        self.http = http
        self.token = token

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
        return await self.http.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {self.token}"},
        )

    async def execute(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        """The response's data; fails the test on any GraphQL error."""
        body = (await self.post(query, variables)).json()
        assert "errors" not in body, body
        return body["data"]

    async def mutate(self, name: str, **input_fields: Any) -> dict[str, Any]:
        """Runs one of the seven mutations; returns its payload `{case, userErrors}`."""
        query = (
            f"mutation($input: {MUTATION_INPUTS[name]}!) {{ {name}(input: $input) {{"
            " case { ...CaseFields } userErrors { field message code } } }" + CASE_FIELDS
        )
        payload: dict[str, Any] = (await self.execute(query, {"input": input_fields}))[name]
        return payload

    async def case(self, case_id: str) -> dict[str, Any] | None:
        query = "query($id: ID!) { case(id: $id) { ...CaseFields } }" + CASE_FIELDS
        found: dict[str, Any] | None = (await self.execute(query, {"id": case_id}))["case"]
        return found

    async def history(self, case_id: str) -> list[dict[str, Any]]:
        query = (
            "query($id: ID!) { case(id: $id) { history(first: 100) {"
            " nodes { sequence type occurredAt actor data } } } }"
        )
        nodes: list[dict[str, Any]] = (await self.execute(query, {"id": case_id}))["case"][
            "history"
        ]["nodes"]
        return nodes
