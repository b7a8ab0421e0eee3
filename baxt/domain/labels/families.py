"""The names of what Baxt keeps about a family: its Social Registry class, and the role of
the mahalla team's member who flagged a child."""

from __future__ import annotations

from baxt.domain.labels.names import EnumNames

REGISTRY_CATEGORY: EnumNames = {
    "NOT_IN_REGISTRY": (
        "Reestrda yo'q",
        "Реестрда йўқ",
        "Нет в реестре",
        "Тізілімде жоқ",
        "Not in the registry",
    ),
    "NEAR_POVERTY_LINE": (
        "Kambag'allik chegarasida",
        "Камбағаллик чегарасида",
        "У черты бедности",
        "Кедейлік шегінде",
        "Near the poverty line",
    ),
    "POOR": ("Kambag'al", "Камбағал", "Малоимущая семья", "Аз қамтылған", "Poor"),
    "STATE_SUPPORTED": (
        "Davlat ta'minotida",
        "Давлат таъминотида",
        "На государственном обеспечении",
        "Мемлекет қамқорлығында",
        "State-supported",
    ),
}

MAHALLA_ROLE: EnumNames = {
    "CHAIR": (
        "Mahalla raisi",
        "Маҳалла раиси",
        "Председатель махалли",
        "Махалла төрағасы",
        "Mahalla chair",
    ),
    "YOUTH_LEADER": (
        "Yoshlar yetakchisi",
        "Ёшлар етакчиси",
        "Лидер молодёжи",
        "Жастар көшбасшысы",
        "Youth leader",
    ),
    "WOMENS_ACTIVIST": (
        "Xotin-qizlar faoli",
        "Хотин-қизлар фаоли",
        "Активистка по делам женщин",
        "Әйелдер белсендісі",
        "Women's activist",
    ),
    "SOCIAL_WORKER": (
        "Ijtimoiy xodim",
        "Ижтимоий ходим",
        "Социальный работник",
        "Әлеуметтік қызметкер",
        "Social worker",
    ),
    "INSPECTOR": (
        "Profilaktika inspektori",
        "Профилактика инспектори",
        "Инспектор профилактики",
        "Профилактика инспекторы",
        "Prevention inspector",
    ),
    "TAX_OFFICER": (
        "Soliq inspektori",
        "Солиқ инспектори",
        "Налоговый инспектор",
        "Салық инспекторы",
        "Tax officer",
    ),
}
