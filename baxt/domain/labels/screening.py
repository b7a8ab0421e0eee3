"""The names of the risk catalogue's enums and of how a rule set counts."""

from __future__ import annotations

from baxt.domain.labels.names import EnumNames

INDICATOR_CATEGORY: EnumNames = {
    "CUT_OFFS": (
        "Kommunal xizmatlar uzilishi",
        "Коммунал хизматлар узилиши",
        "Отключения коммунальных услуг",
        "Коммуналдық қызметтердің ажыратылуы",
        "Utility cut-offs",
    ),
    "ARREARS": ("Qarzdorlik", "Қарздорлик", "Задолженности", "Берешектер", "Arrears"),
    "HEALTH": ("Salomatlik", "Саломатлик", "Здоровье", "Денсаулық", "Health"),
    "EDUCATION": ("Ta'lim", "Таълим", "Образование", "Білім беру", "Education"),
    "FAMILY": ("Oila", "Оила", "Семья", "Отбасы", "Family"),
    "SAFETY": ("Xavfsizlik", "Хавфсизлик", "Безопасность", "Қауіпсіздік", "Safety"),
    "INCOME_AND_REGISTRY": (
        "Daromad va ijtimoiy reestr",
        "Даромад ва ижтимоий реестр",
        "Доход и социальный реестр",
        "Табыс және әлеуметтік тізілім",
        "Income and registry",
    ),
    "HOUSING": ("Uy-joy", "Уй-жой", "Жильё", "Тұрғын үй", "Housing"),
    "CIVIL_REGISTRATION": (
        "Fuqarolik holati qaydi",
        "Фуқаролик ҳолати қайди",
        "Регистрация актов гражданского состояния",
        "Азаматтық хал актілерін тіркеу",
        "Civil registration",
    ),
}

INDICATOR_VALUE_TYPE: EnumNames = {
    "BOOLEAN": ("Ha/yo'q", "Ҳа/йўқ", "Да/нет", "Иә/жоқ", "Yes/no"),
    "COUNT": ("Soni", "Сони", "Количество", "Саны", "Count"),
    "DAYS": ("Kunlar", "Кунлар", "Дни", "Күндер", "Days"),
    "AMOUNT": ("Summa", "Сумма", "Сумма", "Сома", "Amount"),
}

RULE_KIND: EnumNames = {
    "ANY_N": (
        "Belgilar soni bo'yicha",
        "Белгилар сони бўйича",
        "По числу признаков",
        "Белгілер саны бойынша",
        "Count of indicators",
    ),
    "WEIGHTED": (
        "Vaznli yig'indi",
        "Вазнли йиғинди",
        "Взвешенная сумма",
        "Салмақты қосынды",
        "Weighted sum",
    ),
}
