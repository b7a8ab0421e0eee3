"""The monitoring figures' enums, as the schema names them."""

from __future__ import annotations

import strawberry

from baxt.domain.monitoring import measures

MonitoringMeasure = strawberry.enum(
    measures.Measure,
    name="MonitoringMeasure",
    description="A count of children in a quarter; the README's Monitoring section defines each.",
)
MonitoringInterval = strawberry.enum(
    measures.Interval,
    name="MonitoringInterval",
    description="Days from the flag that opened a child's episode to its first step of a kind.",
)
MonitoringBreakdown = strawberry.enum(
    measures.Breakdown,
    name="MonitoringBreakdown",
    description="A property of the child the counts are broken down by.",
)
PlaceLevel = strawberry.enum(
    measures.PlaceLevel, description="The level of place figures are counted at."
)
