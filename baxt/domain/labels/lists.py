"""The names of the orders a list can come in."""

from __future__ import annotations

from baxt.domain.labels.names import EnumNames

CASE_ORDER: EnumNames = {
    "RECENTLY_UPDATED": (
        "Oxirgi o'zgartirilganlar",
        "Охирги ўзгартирилганлар",
        "Недавно изменённые",
        "Соңғы өзгертілгендер",
        "Recently updated",
    ),
    "DUE_DATE": (
        "Tashrif muddati bo'yicha",
        "Ташриф муддати бўйича",
        "По сроку визита",
        "Бару мерзімі бойынша",
        "Visit due date",
    ),
    "FLAGGED_DATE": (
        "Aniqlangan sana bo'yicha",
        "Аниқланган сана бўйича",
        "По дате выявления",
        "Анықталған күні бойынша",
        "Date flagged",
    ),
}
