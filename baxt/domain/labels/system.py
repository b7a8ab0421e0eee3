"""The names of the enums around the case work: staff roles, languages, the ledger, webhooks."""

from __future__ import annotations

from baxt.domain.labels.names import EnumNames

STAFF_ROLE: EnumNames = {
    "CASEWORKER": (
        "Ijtimoiy xodim",
        "Ижтимоий ходим",
        "Социальный работник",
        "Әлеуметтік қызметкер",
        "Caseworker",
    ),
    "SUPERVISOR": ("Rahbar", "Раҳбар", "Руководитель", "Жетекші", "Supervisor"),
}

ROLE: EnumNames = {
    "CASEWORKER": STAFF_ROLE["CASEWORKER"],
    "SUPERVISOR": STAFF_ROLE["SUPERVISOR"],
    "AUDITOR": ("Auditor", "Аудитор", "Аудитор", "Аудитор", "Auditor"),
    "ANALYST": ("Tahlilchi", "Таҳлилчи", "Аналитик", "Талдаушы", "Analyst"),
    "PARTNER": (
        "Hamkor tashkilot",
        "Ҳамкор ташкилот",
        "Партнёрская организация",
        "Серіктес ұйым",
        "Partner organisation",
    ),
    "ADMIN": ("Administrator", "Администратор", "Администратор", "Әкімші", "Administrator"),
}
"""The roles a caller signs in with, as the access log shows them."""

LANGUAGE: EnumNames = {
    "UZ_LATN": (
        "O'zbekcha (lotin)",
        "Ўзбекча (лотин)",
        "Узбекский (латиница)",
        "Өзбек тілі (латын)",
        "Uzbek (Latin)",
    ),
    "UZ_CYRL": (
        "O'zbekcha (kirill)",
        "Ўзбекча (кирилл)",
        "Узбекский (кириллица)",
        "Өзбек тілі (кирилл)",
        "Uzbek (Cyrillic)",
    ),
    "RU": ("Ruscha", "Русча", "Русский", "Орыс тілі", "Russian"),
    "KK": ("Qozoqcha", "Қозоқча", "Казахский", "Қазақ тілі", "Kazakh"),
    "EN": ("Inglizcha", "Инглизча", "Английский", "Ағылшын тілі", "English"),
}

CHAIN_PROBLEM_KIND: EnumNames = {
    "ALTERED": ("O'zgartirilgan", "Ўзгартирилган", "Изменено", "Өзгертілген", "Altered"),
    "MISSING": ("Yo'qolgan", "Йўқолган", "Отсутствует", "Жоғалған", "Missing"),
    "REORDERED": (
        "Tartibi buzilgan",
        "Тартиби бузилган",
        "Нарушен порядок",
        "Реті бұзылған",
        "Reordered",
    ),
    "UNRECORDED": ("Qayd etilmagan", "Қайд этилмаган", "Не записано", "Тіркелмеген", "Unrecorded"),
}

WEBHOOK_DELIVERY_STATUS: EnumNames = {
    "PENDING": ("Navbatda", "Навбатда", "В очереди", "Кезекте", "Pending"),
    "RETRYING": (
        "Qayta urinilmoqda",
        "Қайта уринилмоқда",
        "Повторная попытка",
        "Қайта әрекет",
        "Retrying",
    ),
    "DELIVERED": ("Yetkazildi", "Етказилди", "Доставлено", "Жеткізілді", "Delivered"),
    "FAILED": ("Muvaffaqiyatsiz", "Муваффақиятсиз", "Ошибка доставки", "Сәтсіз", "Failed"),
    "DEAD": (
        "Yetkazib bo'lmadi",
        "Етказиб бўлмади",
        "Не доставлено",
        "Жеткізілмеді",
        "Undeliverable",
    ),
}

WEBHOOK_EVENT_TYPE: EnumNames = {
    "REFERRAL_CREATED": (
        "Yo'llanma yuborildi",
        "Йўлланма юборилди",
        "Направление создано",
        "Жолдама жіберілді",
        "Referral created",
    ),
    "REFERRAL_ACCEPTED": (
        "Yo'llanma qabul qilindi",
        "Йўлланма қабул қилинди",
        "Направление принято",
        "Жолдама қабылданды",
        "Referral accepted",
    ),
    "REFERRAL_DECLINED": (
        "Yo'llanma rad etildi",
        "Йўлланма рад этилди",
        "Направление отклонено",
        "Жолдама қабылданбады",
        "Referral declined",
    ),
    "REFERRAL_PROGRESS_RECORDED": (
        "Yo'llanma bo'yicha natija qayd etildi",
        "Йўлланма бўйича натижа қайд этилди",
        "Отмечен ход работы по направлению",
        "Жолдама бойынша барыс тіркелді",
        "Referral progress recorded",
    ),
    "REFERRAL_COMPLETED": (
        "Yo'llanma yakunlandi",
        "Йўлланма якунланди",
        "Направление завершено",
        "Жолдама аяқталды",
        "Referral completed",
    ),
    "REFERRAL_CANCELLED": (
        "Yo'llanma bekor qilindi",
        "Йўлланма бекор қилинди",
        "Направление отменено",
        "Жолдаманың күші жойылды",
        "Referral cancelled",
    ),
    "REFERRAL_REMINDER": (
        "Yo'llanma eslatmasi",
        "Йўлланма эслатмаси",
        "Напоминание о направлении",
        "Жолдама туралы еске салу",
        "Referral reminder",
    ),
    "CONSENT_REVOKED": (
        "Rozilik qaytarib olindi",
        "Розилик қайтариб олинди",
        "Согласие отозвано",
        "Келісім кері қайтарылды",
        "Consent revoked",
    ),
}
