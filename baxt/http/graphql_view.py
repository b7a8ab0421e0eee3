"""The GraphQL endpoint over HTTP (the bearer check in front of it is `baxt.http.bearer`).

Every answer is JSON with a coded error, whatever the request: a body that is not UTF-8 or
not a JSON object, a parameter of the wrong type or a GET mutation is refused with an HTTP
status (400 BAD_REQUEST, 405 METHOD_NOT_ALLOWED), never a plain-text page or a reset.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.http.types import HTTPMethod
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from baxt.domain.languages import Language
from baxt.graphql.core.context import Context, Services
from baxt.graphql.core.languages import accepted_language
from baxt.graphql.core.negotiation import (
    GRAPHQL_RESPONSE,
    JSON,
    is_request_error,
    response_media_type,
)
from baxt.graphql.core.observed import current_observation
from baxt.graphql.core.persisted import (
    DocumentRefused,
    MalformedPersistedQuery,
    PersistedDocuments,
    with_document_id,
)
from baxt.graphql.schema import schema
from baxt.http.bearer import is_ide_page_request, request_principal
from baxt.http.ide.page import graphiql_page
from baxt.http.websocket import GuardedTransportWS, SocketGuards, accept_connection

BAD_REQUEST = "BAD_REQUEST"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
SUBSCRIPTION_NEEDS_WEBSOCKET = "SUBSCRIPTION_NEEDS_WEBSOCKET"
_OVER_WEBSOCKET = (
    "subscriptions are served over WebSocket at /graphql (the graphql-transport-ws protocol),"
    " not over HTTP"
)
_CODES = {400: BAD_REQUEST, 404: "NOT_FOUND", 405: METHOD_NOT_ALLOWED}
_REQUEST_ERROR = "baxt_request_error"
_SIGN_IN = "send the header 'Authorization: Bearer <token>'"
_log = logging.getLogger("baxt.graphql")


class BaxtGraphQL(GraphQL[Context, None]):
    """The GraphQL endpoint; GraphiQL is served to browsers at the same path, its files
    from the package itself (`baxt.http.ide`), so it works with no internet.

    Responses are `application/graphql-response+json` to clients that accept it (request
    errors then answer 400 without `data`), `application/json` to every other client. A
    request may name its document by a persisted-query hash (`documents`). With
    `socket_guards`, subscriptions are served over WebSocket (`baxt.http.websocket`).
    """

    graphql_transport_ws_handler_class = GuardedTransportWS

    def __init__(
        self,
        services: Services,
        *,
        graphiql: bool = True,
        schema: BaseSchema = schema,
        documents: PersistedDocuments | None = None,
        socket_guards: SocketGuards | None = None,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if graphiql else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,) if socket_guards else (),
            # The token travels in the connection's own messages, never in a cookie, so a
            # page of another origin gains nothing by opening a socket: every origin may.
            allowed_origins=("*",),
        )
        self._services = services
        self._documents = documents or PersistedDocuments()
        self.socket_guards = socket_guards

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        response = await self._answer(request, response_media_type(request.headers.get("accept")))
        await response(scope, receive, send)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        assert self.socket_guards is not None
        await accept_connection(self.socket_guards, context)
        acknowledged: UnsetType = UNSET
        return acknowledged

    async def get_context(self, request: Any, response: Any) -> Context:
        language = accepted_language(request.headers.get("accept-language")) or Language.EN
        principal = request_principal(request.scope)
        return Context(request, response, principal, self._services, language=language)

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        accept = request.headers.get("accept", "")
        return is_ide_page_request(request.method, request.query_params.keys(), accept)

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(graphiql_page())

    def decode_json(self, data: str | bytes) -> object:
        try:
            return json.loads(data.decode() if isinstance(data, bytes) else data)
        except UnicodeDecodeError:
            raise HTTPException(400, "the request body is not UTF-8") from None
        except RecursionError:
            raise HTTPException(400, "the JSON is nested too deeply") from None

    def parse_json(self, data: str | bytes) -> Any:
        parsed = super().parse_json(data)
        if not isinstance(parsed, dict):
            raise HTTPException(400, "the request body must be a JSON object")
        return _with_document_id(parsed)

    def parse_query_params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        parsed = dict(params)
        for name in ("variables", "extensions"):
            if parsed.get(name):
                parsed[name] = self._json_parameter(parsed[name])
        return _with_document_id(parsed)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        data = await super().parse_http_body(request)
        if isinstance(data, GraphQLRequestData) and not isinstance(data.operation_name, str | None):
            raise HTTPException(400, "operationName must be a string or null, if given")
        return data

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        try:
            document = self._documents.document(request_data.query, request_data.extensions)
        except MalformedPersistedQuery as malformed:
            raise HTTPException(400, str(malformed)) from None
        except DocumentRefused as refused:
            return refused.result()
        result = await self._execute(
            request_adapter.method, context, dataclasses.replace(request_data, query=document.text)
        )
        if not is_request_error(result.data, result.errors):
            self._documents.remember(document)
        return result

    async def _execute(
        self, method: HTTPMethod, context: Context, request_data: GraphQLRequestData
    ) -> ExecutionResult:
        """Strawberry's own execution of one operation, less subscriptions, which are served
        over WebSocket only: over HTTP one would run its resolver as a query's, and answer an
        internal error."""
        allowed = OperationType.from_http(method) - {OperationType.SUBSCRIPTION}
        try:
            return await self.schema.execute(
                request_data.query,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=request_data.extensions,
            )
        except CannotGetOperationTypeError as error:
            raise HTTPException(400, error.as_http_error_reason()) from error
        except InvalidOperationTypeError as error:
            if error.operation_type is OperationType.SUBSCRIPTION:
                raise HTTPException(400, _OVER_WEBSOCKET) from error
            raise HTTPException(400, error.as_http_error_reason(method)) from error
        except MissingQueryError as error:
            raise HTTPException(400, "No GraphQL query found in the request") from error

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        body = await super().process_result(request, result)
        observation = current_observation()
        if observation is not None:
            observation.note_answer(body)
        media = response_media_type(request.headers.get("accept"))
        if media == GRAPHQL_RESPONSE and is_request_error(result.data, result.errors):
            body.pop("data", None)
            setattr(request.state, _REQUEST_ERROR, True)
        return body

    def _json_parameter(self, text: str) -> object:
        try:
            return self.decode_json(text)
        except json.JSONDecodeError:
            raise HTTPException(400, "a parameter is not valid JSON") from None

    async def _answer(self, request: Request, media: str) -> Response:
        adapter = self.request_adapter_class(request)
        if request_principal(request.scope) is None and not self.should_render_graphql_ide(adapter):
            challenge = {"www-authenticate": 'Bearer realm="baxt"'}
            return _error_response(401, "UNAUTHENTICATED", _SIGN_IN, JSON, challenge)
        try:
            response = await self.run(request)
        except HTTPException as error:
            return _refusal(error, request.method, media)
        except Exception:
            _log.exception("unexpected error answering %s %s", request.method, request.url.path)
            return _error_response(500, "INTERNAL_SERVER_ERROR", "Unexpected error.", media)
        if response.media_type == JSON:
            response.headers["content-type"] = media
            if getattr(request.state, _REQUEST_ERROR, False):
                response.status_code = 400
        return response


def _with_document_id(request: dict[str, Any]) -> dict[str, Any]:
    try:
        return with_document_id(request)
    except MalformedPersistedQuery as malformed:
        raise HTTPException(400, str(malformed)) from None


def _refusal(error: HTTPException, method: str, media: str) -> Response:
    if error.reason == _OVER_WEBSOCKET:
        return _error_response(400, SUBSCRIPTION_NEEDS_WEBSOCKET, error.reason, media)
    if method == "GET" and isinstance(error.__cause__, InvalidOperationTypeError):
        return _error_response(405, METHOD_NOT_ALLOWED, error.reason, media, {"allow": "POST"})
    allowed = {"allow": "GET, POST"} if error.status_code == 405 else {}
    code = _CODES.get(error.status_code, BAD_REQUEST)
    return _error_response(error.status_code, code, error.reason, media, allowed)


def _error_response(
    status: int, code: str, message: str, media: str, headers: Mapping[str, str] | None = None
) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status, headers=headers, media_type=media)
