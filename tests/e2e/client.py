"""A small GraphQL client for the end-to-end tests, with the queries front ends send."""

from __future__ import annotations

from typing import Any

import httpx

from tests.operations import CASE_FIELDS, run


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
        """Runs mutation `name`; returns its payload `{case, userErrors}` with the whole case."""
        return await run(self, name, input_fields)

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
