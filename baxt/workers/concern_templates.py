"""The closing notice a reporter of concern gets: that the report with their reference was
handled, and nothing more (never the child, the case, or what was done)."""

from __future__ import annotations

from uuid import UUID

from baxt.domain.concern.values import REPORT_HANDLED, report_reference
from baxt.workers.templates import Text

__all__ = ["REPORT_HANDLED", "render_report_handled"]

_HANDLED = {
    "uz-Latn": Text(
        "{ref} raqamli xabaringiz ko'rib chiqildi",
        "Bola haqidagi {ref} raqamli xabaringiz ko'rib chiqildi. Xabar berganingiz uchun rahmat.",
    ),
    "uz-Cyrl": Text(
        "{ref} рақамли хабарингиз кўриб чиқилди",
        "Бола ҳақидаги {ref} рақамли хабарингиз кўриб чиқилди. Хабар берганингиз учун раҳмат.",
    ),
    "ru": Text(
        "Ваше сообщение {ref} рассмотрено",
        "Ваше сообщение о ребёнке с номером {ref} рассмотрено. Спасибо, что сообщили.",
    ),
    "kk": Text(
        "{ref} нөмірлі хабарыңыз қаралды",
        "Бала туралы {ref} нөмірлі хабарыңыз қаралды. Хабарлағаныңыз үшін рахмет.",
    ),
    "en": Text(
        "Your report {ref} was handled",
        "Your report {ref} about a child was handled. Thank you for telling us.",
    ),
}


def render_report_handled(language: str, report_id: UUID) -> Text:
    """The closing notice of the report `report_id`, in `language` (English if unknown)."""
    text = _HANDLED.get(language, _HANDLED["en"])
    ref = report_reference(report_id)
    return Text(text.subject.format(ref=ref), text.body.format(ref=ref))
