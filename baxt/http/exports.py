"""`GET /monitoring/export`: a quarter's monitoring figures as a CSV or XLSX download.

Behind the same bearer check as /graphql, and read through the same service: the caller's
places, and small counts suppressed for analysts, exactly as `monitoringFigures` answers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import request_response
from starlette.types import ASGIApp

from baxt.application.access.principal import Forbidden
from baxt.application.monitoring.exports import definitions_csv, figures_csv, figures_xlsx
from baxt.application.monitoring.figures import FigureRequest, MonitoringFigures
from baxt.application.monitoring.rows import FigurePlace
from baxt.domain.languages import Language
from baxt.domain.monitoring.measures import PlaceLevel
from baxt.domain.quarter import Quarter
from baxt.graphql.core.languages import accepted_language
from baxt.http.bearer import BearerAuth, TokenVerifier, request_principal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMATS = ("csv", "xlsx")


class _BadRequest(ValueError):
    """Raised when a download's parameters are not valid."""


def export_app(monitoring: MonitoringFigures, verifier: TokenVerifier) -> ASGIApp:
    """The download, behind the bearer check, over the monitoring figures service."""
    return BearerAuth(request_response(_export(monitoring)), verifier)


def _export(monitoring: MonitoringFigures) -> Callable[[Request], Awaitable[Response]]:
    async def export(request: Request) -> Response:
        principal = request_principal(request.scope)
        if principal is None:
            return _error(401, "UNAUTHENTICATED", "send the header 'Authorization: Bearer <token>'")
        try:
            wanted, kind, language, definitions = _parameters(request)
            if definitions:
                return _file(definitions_csv(language).encode(), "definitions.csv", "text/csv")
            figures = await monitoring.figures(wanted, principal)
        except _BadRequest as error:
            return _error(400, "INVALID_INPUT", str(error))
        except Forbidden as error:
            return _error(403, "FORBIDDEN", str(error))
        name = f"figures-{wanted.quarter}.{kind}"
        if kind == "xlsx":
            return _file(figures_xlsx(figures, language), name, XLSX)
        return _file(figures_csv(figures).encode(), name, "text/csv; charset=utf-8")

    return export


def _parameters(request: Request) -> tuple[FigureRequest, str, Language, bool]:
    params = request.query_params
    try:
        quarter = Quarter.parse(params.get("quarter", ""))
        level = PlaceLevel(params.get("level", PlaceLevel.REGION.value))
        chosen = params.get("language")
        asked = accepted_language(request.headers.get("accept-language"))
        language = Language(chosen) if chosen else asked or Language.UZ_LATN
    except ValueError:
        raise _BadRequest(
            "expected quarter=YYYY-Qn, and if given level=REGION|DISTRICT|MAHALLA and a language"
        ) from None
    kind = params.get("format", "csv")
    if kind not in _FORMATS:
        raise _BadRequest("format is csv or xlsx")
    place = FigurePlace(params.get("region"), params.get("district"), params.get("mahalla"))
    definitions = params.get("part") == "definitions"
    return FigureRequest(quarter, place, level), kind, language, definitions


def _file(body: bytes, name: str, media_type: str) -> Response:
    disposition = f'attachment; filename="{name}"'
    return Response(body, media_type=media_type, headers={"content-disposition": disposition})


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status
    )
