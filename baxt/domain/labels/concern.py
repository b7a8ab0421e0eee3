"""The names of the enums of reports of concern: who reported, where a report stands, and
why one was closed; and of the reporter's closing notice."""

from __future__ import annotations

from baxt.domain.labels.names import EnumNames

REPORTER_KIND: EnumNames = {
    "HOTLINE_OPERATOR": (
        "Ishonch telefoni operatori",
        "Ишонч телефони оператори",
        "Оператор горячей линии",
        "Сенім телефонының операторы",
        "Hotline operator",
    ),
    "NEIGHBOUR": ("Qo'shni", "Қўшни", "Сосед", "Көрші", "Neighbour"),
    "SCHOOL": ("Maktab", "Мактаб", "Школа", "Мектеп", "School"),
    "MAHALLA_CHAIR": (
        "Mahalla raisi",
        "Маҳалла раиси",
        "Председатель махалли",
        "Махалла төрағасы",
        "Mahalla chair",
    ),
    "MAHALLA_YOUTH_LEADER": (
        "Yoshlar yetakchisi",
        "Ёшлар етакчиси",
        "Лидер молодёжи",
        "Жастар жетекшісі",
        "Youth leader",
    ),
    "MAHALLA_WOMENS_ACTIVIST": (
        "Xotin-qizlar faoli",
        "Хотин-қизлар фаоли",
        "Активистка по делам женщин",
        "Әйелдер белсендісі",
        "Women's activist",
    ),
    "MAHALLA_SOCIAL_WORKER": (
        "Ijtimoiy xodim",
        "Ижтимоий ходим",
        "Социальный работник",
        "Әлеуметтік қызметкер",
        "Social worker",
    ),
    "MAHALLA_INSPECTOR": (
        "Profilaktika inspektori",
        "Профилактика инспектори",
        "Инспектор профилактики",
        "Профилактика инспекторы",
        "Prevention inspector",
    ),
    "MAHALLA_TAX_OFFICER": (
        "Soliq inspektori",
        "Солиқ инспектори",
        "Налоговый инспектор",
        "Салық инспекторы",
        "Tax officer",
    ),
    "PARTNER_NGO": (
        "Hamkor NNT",
        "Ҳамкор ННТ",
        "Партнёрская НКО",
        "Серіктес ҮЕҰ",
        "Partner NGO",
    ),
    "OTHER": ("Boshqa", "Бошқа", "Другое", "Басқа", "Other"),
}
REPORT_STATUS: EnumNames = {
    "OPEN": (
        "Ko'rib chiqilishi kutilmoqda",
        "Кўриб чиқилиши кутилмоқда",
        "Ожидает рассмотрения",
        "Қарауды күтуде",
        "Waiting for triage",
    ),
    "LINKED": (
        "Ishga bog'langan",
        "Ишга боғланган",
        "Привязано к делу",
        "Іске байланысты",
        "Linked to a case",
    ),
    "CLOSED": ("Yopilgan", "Ёпилган", "Закрыто", "Жабылды", "Closed"),
}
REPORT_CLOSE_REASON: EnumNames = {
    "NO_CONCERN_FOUND": (
        "Xavotir tasdiqlanmadi",
        "Хавотир тасдиқланмади",
        "Опасения не подтвердились",
        "Алаңдаушылық расталмады",
        "No concern found",
    ),
    "CHILD_NOT_FOUND": (
        "Bola topilmadi",
        "Бола топилмади",
        "Ребёнок не найден",
        "Бала табылмады",
        "Child not found",
    ),
    "DUPLICATE": (
        "Takroriy xabar",
        "Такрорий хабар",
        "Повторное сообщение",
        "Қайталанған хабарлама",
        "Duplicate report",
    ),
    "OUT_OF_AREA": (
        "Boshqa hududga tegishli",
        "Бошқа ҳудудга тегишли",
        "Относится к другой территории",
        "Басқа аумаққа жатады",
        "Out of the area",
    ),
    "OTHER": ("Boshqa sabab", "Бошқа сабаб", "Другая причина", "Басқа себеп", "Other reason"),
}
NOTIFICATION_KIND: EnumNames = {
    "CONCERN_REPORT_HANDLED": (
        "Xabar ko'rib chiqildi",
        "Хабар кўриб чиқилди",
        "Сообщение рассмотрено",
        "Хабарлама қаралды",
        "Report handled",
    ),
}
