"""Message texts in the recipient's language. They name a case reference, never the child."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


_SAFETY_CONCERN = {
    "uz-Latn": Text(
        "Shoshilinch: {ref}-ish bo'yicha xavfsizlik xavotiri",
        "Uyga tashrif paytida xavfsizlik xavotiri qayd etildi. {ref}-ishni oching: {url}",
    ),
    "uz-Cyrl": Text(
        "Шошилинч: {ref}-иш бўйича хавфсизлик хавотири",
        "Уйга ташриф пайтида хавфсизлик хавотири қайд этилди. {ref}-ишни очинг: {url}",
    ),
    "ru": Text(
        "Срочно: угроза безопасности по делу {ref}",
        "При посещении на дому отмечена угроза безопасности. Откройте дело {ref}: {url}",
    ),
    "kk": Text(
        "Шұғыл: {ref} ісі бойынша қауіпсіздік алаңдаушылығы",
        "Үйге бару кезінде қауіпсіздік алаңдаушылығы тіркелді. {ref} ісін ашыңыз: {url}",
    ),
    "en": Text(
        "Urgent: safety concern on case {ref}",
        "A home visit recorded a safety concern. Open case {ref}: {url}",
    ),
}
TEMPLATES = {"SAFETY_CONCERN": _SAFETY_CONCERN}


def case_reference(case_id: UUID) -> str:
    """A short reference a caseworker can read out; it carries nothing about the child."""
    return case_id.hex[:8].upper()


def render(kind: str, language: str, case_id: UUID, public_url: str) -> Text:
    texts = TEMPLATES[kind]
    text = texts.get(language, texts["en"])
    ref = case_reference(case_id)
    url = f"{public_url.rstrip('/')}/cases/{ref}"
    return Text(text.subject.format(ref=ref), text.body.format(ref=ref, url=url))
