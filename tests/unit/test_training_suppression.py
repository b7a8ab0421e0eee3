"""The training figures an analyst reads: small counts of parents hidden like the monitoring
figures' counts of children, with enough others that the total gives none away."""

from __future__ import annotations

from baxt.application.teams.reads import TrainingCounts, TrainingFigures, parents_suppressed
from baxt.domain.monitoring.measures import PlaceLevel
from baxt.domain.quarter import Quarter


def _place(mahalla: str | None, parents: int, certified: int) -> TrainingCounts:
    return TrainingCounts("Xorazm", "Urganch", mahalla, 2, 1, parents + 6, parents, certified)


def _figures(*places: TrainingCounts) -> TrainingFigures:
    parents = sum(p.parents_trained or 0 for p in places)
    certified = sum(p.parents_certified or 0 for p in places)
    total = TrainingCounts(
        None,
        None,
        None,
        2 * len(places),
        len(places),
        parents + 6 * len(places),
        parents,
        certified,
    )
    return TrainingFigures(Quarter(2026, 4), PlaceLevel.MAHALLA, list(places), total)


def test_a_small_count_of_parents_is_hidden_with_another_so_the_total_keeps_it_hidden() -> None:
    figures = _figures(_place("Al-Xorazmiy", 3, 0), _place("Navbahor", 10, 8))

    shown = parents_suppressed(figures, threshold=5)

    assert [p.parents_trained for p in shown.places] == [None, None]
    assert shown.total.parents_trained == 13
    assert [p.parents_certified for p in shown.places] == [0, 8]  # zero is shown
    assert [p.people_trained for p in shown.places] == [9, 16]  # not parents' counts alone
    assert (shown.suppressed, shown.threshold) == (True, 5)


def test_counts_at_the_threshold_or_above_are_shown() -> None:
    figures = _figures(_place("Al-Xorazmiy", 5, 5), _place("Navbahor", 12, 9))

    shown = parents_suppressed(figures, threshold=5)

    assert [(p.parents_trained, p.parents_certified) for p in shown.places] == [(5, 5), (12, 9)]
