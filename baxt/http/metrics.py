"""Prometheus metrics at /metrics: the API process's own (requests, latencies, error codes,
and the client library's process metrics), and gauges read from the database at each scrape
(every follower's state and lag, the outboxes by status, the oldest unsent urgent message).

No label carries personal data: every label value comes from a fixed set (`metric_labels`).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TypeAlias

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from baxt.application.backlog import Backlog, BacklogReader
from baxt.application.followers.readiness import FollowerHealth, FollowerReadiness
from baxt.application.followers.states import FollowerState

GRAPHQL_SECONDS = Histogram(
    "baxt_graphql_request_duration_seconds",
    "Time to answer a GraphQL request, by operation name and first root field.",
    ["operation", "field"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
HTTP_REQUESTS = Counter(
    "baxt_http_requests",
    "HTTP requests answered, by route, method and status.",
    ["route", "method", "status"],
)
ERRORS = Counter(
    "baxt_errors",
    "Error codes answered: `error` for errors[].extensions.code, `user_error` for userErrors.",
    ["code", "kind"],
)

Endpoint: TypeAlias = Callable[[Request], Awaitable[Response]]
_log = logging.getLogger(__name__)
_SIGN_IN = "send the metrics token as 'Authorization: Bearer <token>'"


@dataclass(frozen=True)
class _Scraped:
    followers: list[FollowerHealth] | None
    backlog: Backlog | None


def metrics_endpoint(
    readiness: FollowerReadiness, backlog: BacklogReader, *, token: str | None = None
) -> Endpoint:
    """The /metrics page in Prometheus's text format; with `token`, only for a request that
    sends it as `Authorization: Bearer <token>`."""

    async def metrics(request: Request) -> Response:
        if token is not None and not _bears(request, token):
            return _unauthorized()
        scraped = _Scraped(await _followers(readiness), await _backlog(backlog))
        database = CollectorRegistry(auto_describe=False)
        database.register(_DatabaseGauges(scraped))
        body = generate_latest(REGISTRY) + generate_latest(database)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return metrics


def _bears(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


def _unauthorized() -> JSONResponse:
    error = {"message": _SIGN_IN, "extensions": {"code": "UNAUTHENTICATED"}}
    challenge = {"www-authenticate": 'Bearer realm="metrics"'}
    return JSONResponse({"errors": [error]}, status_code=401, headers=challenge)


async def _followers(readiness: FollowerReadiness) -> list[FollowerHealth] | None:
    try:
        return await readiness.followers()
    except Exception as error:
        _log.warning("metrics: followers not read (%s)", type(error).__name__)
        return None


async def _backlog(reader: BacklogReader) -> Backlog | None:
    try:
        return await reader.backlog()
    except Exception as error:
        _log.warning("metrics: outboxes not read (%s)", type(error).__name__)
        return None


class _DatabaseGauges(Collector):
    """The gauges of one scrape, from what was just read; none of a part that could not be."""

    def __init__(self, scraped: _Scraped) -> None:
        self._scraped = scraped

    def collect(self) -> Iterable[Metric]:
        up = self._scraped.followers is not None and self._scraped.backlog is not None
        yield GaugeMetricFamily(
            "baxt_metrics_database_up", "1 when this scrape read the database", value=float(up)
        )
        if self._scraped.followers is not None:
            yield from _follower_gauges(self._scraped.followers)
        if self._scraped.backlog is not None:
            yield from _backlog_gauges(self._scraped.backlog)


def _follower_gauges(followers: list[FollowerHealth]) -> Iterable[Metric]:
    lag = GaugeMetricFamily(
        "baxt_follower_lag_events", "Events a follower has still to process.", labels=["follower"]
    )
    state = GaugeMetricFamily(
        "baxt_follower_state",
        "1 for the state a follower is in, 0 for the others.",
        labels=["follower", "state"],
    )
    silent = GaugeMetricFamily(
        "baxt_follower_heartbeat_age_seconds",
        "Seconds since a follower last wrote its status.",
        labels=["follower"],
    )
    for follower in followers:
        lag.add_metric([follower.name], follower.lag)
        silent.add_metric([follower.name], follower.silent_seconds)
        for each in FollowerState:
            state.add_metric([follower.name, each.value], float(each is follower.state))
    return [lag, state, silent]


def _backlog_gauges(backlog: Backlog) -> Iterable[Metric]:
    outbox = GaugeMetricFamily(
        "baxt_outbox_messages", "Notification outbox messages by status.", labels=["status"]
    )
    for status, count in backlog.notifications.items():
        outbox.add_metric([status], count)
    webhooks = GaugeMetricFamily(
        "baxt_webhook_deliveries", "Webhook deliveries by status (outcome).", labels=["status"]
    )
    for status, count in backlog.webhook_deliveries.items():
        webhooks.add_metric([status], count)
    oldest = GaugeMetricFamily(
        "baxt_outbox_oldest_pending_urgent_seconds",
        "Age of the oldest urgent message not yet sent (PENDING or RETRYING); 0 when none.",
        value=backlog.oldest_urgent_seconds,
    )
    return [outbox, webhooks, oldest]
