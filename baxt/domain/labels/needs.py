"""The names of an assessment's enums: the domains of need and how great a need is."""

from __future__ import annotations

from baxt.domain.labels.names import EnumNames

NEED_DOMAIN: EnumNames = {
    "HEALTH": ("Salomatlik", "Саломатлик", "Здоровье", "Денсаулық", "Health"),
    "NUTRITION": ("Ovqatlanish", "Овқатланиш", "Питание", "Тамақтану", "Nutrition"),
    "HOUSING": ("Uy-joy", "Уй-жой", "Жильё", "Тұрғын үй", "Housing"),
    "INCOME": ("Daromad", "Даромад", "Доход", "Табыс", "Income"),
    "CARE": ("Parvarish", "Парвариш", "Уход", "Күтім", "Care"),
    "EDUCATION": ("Ta'lim", "Таълим", "Образование", "Білім беру", "Education"),
    "LANGUAGE": (
        "Nutq va til",
        "Нутқ ва тил",
        "Речь и язык",
        "Сөйлеу және тіл",
        "Speech and language",
    ),
    "EMOTIONAL": (
        "Hissiy holat",
        "Ҳиссий ҳолат",
        "Эмоциональное состояние",
        "Эмоционалдық жағдай",
        "Emotional wellbeing",
    ),
    "COGNITIVE": (
        "Kognitiv rivojlanish",
        "Когнитив ривожланиш",
        "Когнитивное развитие",
        "Танымдық даму",
        "Cognitive development",
    ),
    "SAFETY": ("Xavfsizlik", "Хавфсизлик", "Безопасность", "Қауіпсіздік", "Safety"),
    "EMPLOYMENT": ("Bandlik", "Бандлик", "Занятость", "Жұмыспен қамту", "Employment"),
    "LEGAL": (
        "Huquqiy masalalar",
        "Ҳуқуқий масалалар",
        "Правовые вопросы",
        "Құқықтық мәселелер",
        "Legal matters",
    ),
}

NEED_LEVEL: EnumNames = {
    "NONE": ("Yo'q", "Йўқ", "Нет", "Жоқ", "None"),
    "LOW": ("Past", "Паст", "Низкий", "Төмен", "Low"),
    "MEDIUM": ("O'rta", "Ўрта", "Средний", "Орташа", "Medium"),
    "HIGH": ("Yuqori", "Юқори", "Высокий", "Жоғары", "High"),
}
