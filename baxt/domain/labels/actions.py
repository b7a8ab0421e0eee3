"""The names of the commands a case takes, as a frontend shows them on its buttons."""

from __future__ import annotations

from baxt.domain.labels.names import EnumNames

CASE_ACTION: EnumNames = {
    "RECORD_CONTACT_ATTEMPT": (
        "Qo'ng'iroqni qayd etish",
        "Қўнғироқни қайд этиш",
        "Записать звонок",
        "Қоңырауды тіркеу",
        "Record a call",
    ),
    "RECORD_VISIT": (
        "Tashrifni qayd etish",
        "Ташрифни қайд этиш",
        "Записать посещение",
        "Баруды тіркеу",
        "Record a visit",
    ),
    "RECORD_CONSULTATION": (
        "Maslahatni qayd etish",
        "Маслаҳатни қайд этиш",
        "Записать консультацию",
        "Кеңесті тіркеу",
        "Record the consultation",
    ),
    "REFER_CASE": (
        "Xizmatga yo'llash",
        "Хизматга йўллаш",
        "Направить в службу",
        "Қызметке жолдау",
        "Refer to a service",
    ),
    "REVISE_WORK_PLAN": (
        "Ish rejasini qayta ko'rish",
        "Иш режасини қайта кўриш",
        "Пересмотреть план работы",
        "Жұмыс жоспарын қайта қарау",
        "Revise the work plan",
    ),
    "RECORD_REVIEW": (
        "Ishni ko'rib chiqishni qayd etish",
        "Ишни кўриб чиқишни қайд этиш",
        "Записать пересмотр случая",
        "Істі қарауды тіркеу",
        "Record a case review",
    ),
    "ASSIGN_CASE": (
        "Ishni biriktirish",
        "Ишни бириктириш",
        "Назначить дело",
        "Істі бекіту",
        "Assign the case",
    ),
    "CLOSE_CASE": ("Ishni yopish", "Ишни ёпиш", "Закрыть дело", "Істі жабу", "Close the case"),
    "APPROVE_CLOSURE": (
        "Yopishni tasdiqlash",
        "Ёпишни тасдиқлаш",
        "Одобрить закрытие",
        "Жабуды бекіту",
        "Approve the closure",
    ),
    "REJECT_CLOSURE": (
        "Yopishni rad etish",
        "Ёпишни рад этиш",
        "Отклонить закрытие",
        "Жабуды қабылдамау",
        "Reject the closure",
    ),
    "WITHDRAW_CLOSURE": (
        "Yopish so'rovini qaytarib olish",
        "Ёпиш сўровини қайтариб олиш",
        "Отозвать запрос на закрытие",
        "Жабу сұрауын қайтарып алу",
        "Withdraw the closure request",
    ),
    "REOPEN_CASE": (
        "Ishni qayta ochish",
        "Ишни қайта очиш",
        "Открыть дело заново",
        "Істі қайта ашу",
        "Reopen the case",
    ),
    "CORRECT_CHILD": (
        "Bola ma'lumotlarini tuzatish",
        "Бола маълумотларини тузатиш",
        "Исправить данные ребёнка",
        "Бала деректерін түзету",
        "Correct the child's details",
    ),
    "CORRECT_HOUSEHOLD": (
        "Oila ma'lumotlarini tuzatish",
        "Оила маълумотларини тузатиш",
        "Исправить данные семьи",
        "Отбасы деректерін түзету",
        "Correct the household's details",
    ),
    "REQUEST_TRANSFER": (
        "Boshqa tumanga o'tkazishni so'rash",
        "Бошқа туманга ўтказишни сўраш",
        "Запросить передачу в другой район",
        "Басқа ауданға беруді сұрау",
        "Request a transfer to another district",
    ),
    "RECORD_CONSENT": (
        "Rozilikni qayd etish",
        "Розиликни қайд этиш",
        "Записать согласие",
        "Келісімді тіркеу",
        "Record the guardian's consent",
    ),
    "CANCEL_REFERRAL": (
        "Yo'llanmani bekor qilish",
        "Йўлланмани бекор қилиш",
        "Отменить направление",
        "Жолдаманы болдырмау",
        "Cancel a referral",
    ),
    "APPROVE_REQUEST": (
        "So'rovni tasdiqlash",
        "Сўровни тасдиқлаш",
        "Утвердить запрос",
        "Сұрауды бекіту",
        "Approve the request",
    ),
    "REJECT_REQUEST": (
        "So'rovni rad etish",
        "Сўровни рад этиш",
        "Отклонить запрос",
        "Сұрауды қабылдамау",
        "Reject the request",
    ),
    "WITHDRAW_REQUEST": (
        "So'rovni qaytarib olish",
        "Сўровни қайтариб олиш",
        "Отозвать запрос",
        "Сұрауды қайтарып алу",
        "Withdraw the request",
    ),
}

REFERRAL_ACTION: EnumNames = {
    "RESPOND_TO_REFERRAL": (
        "Yo'llanmani qabul qilish yoki rad etish",
        "Йўлланмани қабул қилиш ёки рад этиш",
        "Принять или отклонить направление",
        "Жолдаманы қабылдау немесе қабылдамау",
        "Accept or decline the referral",
    ),
    "RECORD_REFERRAL_PROGRESS": (
        "Ish bosqichini qayd etish",
        "Иш босқичини қайд этиш",
        "Записать шаг работы",
        "Жұмыс қадамын тіркеу",
        "Record a step of the work",
    ),
    "COMPLETE_REFERRAL": (
        "Yo'llanmani yakunlash",
        "Йўлланмани якунлаш",
        "Завершить направление",
        "Жолдаманы аяқтау",
        "Complete the referral",
    ),
}
