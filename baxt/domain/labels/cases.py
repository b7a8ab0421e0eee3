"""The names of a case's enums: its status, who flagged it, calls, escalations, closing."""

from __future__ import annotations

from baxt.domain.labels.names import EnumNames

CASE_STATUS: EnumNames = {
    "FLAGGED": ("Belgilangan", "Белгиланган", "Выявлено", "Белгіленген", "Flagged"),
    "CONTACTED": (
        "Aloqa o'rnatilgan",
        "Алоқа ўрнатилган",
        "Контакт установлен",
        "Байланыс орнатылған",
        "Contacted",
    ),
    "VISITED": (
        "Uyga tashrif buyurilgan",
        "Уйга ташриф буюрилган",
        "Семья посещена",
        "Үйге барылған",
        "Visited",
    ),
    "CONSULTED": (
        "Maslahat berilgan",
        "Маслаҳат берилган",
        "Консультация проведена",
        "Кеңес берілген",
        "Consulted",
    ),
    "REFERRED": (
        "Yo'llanma berilgan",
        "Йўлланма берилган",
        "Направлено",
        "Жолдама берілген",
        "Referred",
    ),
    "CLOSED": ("Yopilgan", "Ёпилган", "Закрыто", "Жабылған", "Closed"),
}

SEX: EnumNames = {
    "MALE": ("Erkak", "Эркак", "Мужской", "Ер", "Male"),
    "FEMALE": ("Ayol", "Аёл", "Женский", "Әйел", "Female"),
}

FLAG_SOURCE: EnumNames = {
    "RISK_SCREENING": (
        "Xavf skriningi",
        "Хавф скрининги",
        "Скрининг рисков",
        "Тәуекел скринингі",
        "Risk screening",
    ),
    "COMMUNITY_REPORT": (
        "Aholidan xabar",
        "Аҳолидан хабар",
        "Сообщение от жителей",
        "Тұрғындардан хабарлама",
        "Community report",
    ),
    "MAHALLA_TEAM": (
        "Mahalla jamoasi",
        "Маҳалла жамоаси",
        "Команда махалли",
        "Махалла тобы",
        "Mahalla team",
    ),
    "SOCIAL_REGISTRY": (
        "Ijtimoiy reestr",
        "Ижтимоий реестр",
        "Социальный реестр",
        "Әлеуметтік тізілім",
        "Social registry",
    ),
    "PARTNER_NGO": ("Hamkor NNT", "Ҳамкор ННТ", "Партнёрская НКО", "Серіктес ҮЕҰ", "Partner NGO"),
    "AGE3_SURVEY": (
        "3 yoshli bolalar so'rovi",
        "3 ёшли болалар сўрови",
        "Обследование детей 3 лет",
        "3 жастағы балалар зерттеуі",
        "Age-three survey",
    ),
}

CONTACT_OUTCOME: EnumNames = {
    "REACHED": ("Bog'lanildi", "Боғланилди", "Дозвонились", "Байланысқа шықты", "Reached"),
    "NO_ANSWER": ("Javob bermadi", "Жавоб бермади", "Нет ответа", "Жауап жоқ", "No answer"),
    "WRONG_NUMBER": (
        "Noto'g'ri raqam",
        "Нотўғри рақам",
        "Неверный номер",
        "Қате нөмір",
        "Wrong number",
    ),
    "DECLINED": ("Rad etdi", "Рад этди", "Отказались", "Бас тартты", "Declined"),
}

ESCALATION_LEVEL: EnumNames = {
    "SUPERVISOR": ("Rahbarga", "Раҳбарга", "Руководителю", "Жетекшіге", "To the supervisor"),
    "POLICE_ASSISTANCE": (
        "Politsiya yordami",
        "Полиция ёрдами",
        "Помощь полиции",
        "Полиция көмегі",
        "Police assistance",
    ),
}

OVERDUE_LEVEL: EnumNames = {
    "CASEWORKER": (
        "Ijtimoiy xodimga",
        "Ижтимоий ходимга",
        "Социальному работнику",
        "Әлеуметтік қызметкерге",
        "To the caseworker",
    ),
    "SUPERVISOR": ("Rahbarga", "Раҳбарга", "Руководителю", "Жетекшіге", "To the supervisor"),
}

CLOSE_REASON: EnumNames = {
    "SERVICES_LINKED": (
        "Xizmatlar bilan ta'minlandi",
        "Хизматлар билан таъминланди",
        "Услуги подключены",
        "Қызметтермен қамтамасыз етілді",
        "Services linked",
    ),
    "NO_NEEDS_FOUND": (
        "Ehtiyoj aniqlanmadi",
        "Эҳтиёж аниқланмади",
        "Потребностей не выявлено",
        "Қажеттілік анықталмады",
        "No needs found",
    ),
    "MOVED": (
        "Oila ko'chib ketdi",
        "Оила кўчиб кетди",
        "Семья переехала",
        "Отбасы көшіп кетті",
        "Family moved away",
    ),
    "UNREACHABLE": (
        "Bog'lanib bo'lmadi",
        "Боғланиб бўлмади",
        "Связаться не удалось",
        "Байланысу мүмкін болмады",
        "Unreachable",
    ),
    "AGED_OUT": (
        "Yosh chegarasidan oshdi",
        "Ёш чегарасидан ошди",
        "Превышен возрастной предел",
        "Жас шегінен асты",
        "Aged out",
    ),
    "DUPLICATE": ("Takroriy ish", "Такрорий иш", "Повторное дело", "Қайталанған іс", "Duplicate"),
    "TRANSFERRED": (
        "Boshqa hududga o'tkazildi",
        "Бошқа ҳудудга ўтказилди",
        "Передано в другой район",
        "Басқа аумаққа берілді",
        "Transferred",
    ),
    "OTHER": ("Boshqa sabab", "Бошқа сабаб", "Другая причина", "Басқа себеп", "Other"),
    "DATA_ERASED": (
        "Ma'lumotlar o'chirildi",
        "Маълумотлар ўчирилди",
        "Данные удалены",
        "Деректер өшірілді",
        "Data erased",
    ),
}

NOTIFICATION_KIND: EnumNames = {
    "SAFETY_CONCERN": (
        "Xavfsizlik xavotiri",
        "Хавфсизлик хавотири",
        "Угроза безопасности",
        "Қауіпсіздік алаңдаушылығы",
        "Safety concern",
    ),
    "FAMILY_UNREACHABLE": (
        "Oila bilan bog'lanib bo'lmadi",
        "Оила билан боғланиб бўлмади",
        "Семья недоступна",
        "Отбасымен байланыс жоқ",
        "Family unreachable",
    ),
    "CHILD_NOT_SEEN_POLICE": (
        "Bola ko'rilmadi, politsiya yordami so'raldi",
        "Бола кўрилмади, полиция ёрдами сўралди",
        "Ребёнок не увиден, запрошена помощь полиции",
        "Бала көрілмеді, полиция көмегі сұралды",
        "Child not seen, police assistance requested",
    ),
    "VISIT_OVERDUE": (
        "Chorak tashrifi muddati o'tdi",
        "Чорак ташрифи муддати ўтди",
        "Просрочено посещение квартала",
        "Тоқсандық бару мерзімі өтті",
        "Home visit overdue",
    ),
    "REVIEW_OVERDUE": (
        "Ishni ko'rib chiqish muddati o'tdi",
        "Ишни кўриб чиқиш муддати ўтди",
        "Просрочен пересмотр случая",
        "Істі қарау мерзімі өтті",
        "Case review overdue",
    ),
    "REFERRAL_DECLINED": (
        "Hamkor yo'llanmani rad etdi",
        "Ҳамкор йўлланмани рад этди",
        "Партнёр отклонил направление",
        "Серіктес жолдамадан бас тартты",
        "Referral declined",
    ),
    "REFERRAL_UNANSWERED": (
        "Hamkor yo'llanmaga javob bermadi",
        "Ҳамкор йўлланмага жавоб бермади",
        "Партнёр не ответил на направление",
        "Серіктес жолдамаға жауап бермеді",
        "Referral unanswered",
    ),
    "CLOSURE_REQUESTED": (
        "Yopish tasdiqlashni kutmoqda",
        "Ёпиш тасдиқлашни кутмоқда",
        "Закрытие ждёт утверждения",
        "Жабу бекітуді күтуде",
        "Closure awaiting approval",
    ),
    "CLOSURE_APPROVED": (
        "Yopish tasdiqlandi",
        "Ёпиш тасдиқланди",
        "Закрытие утверждено",
        "Жабу бекітілді",
        "Closure approved",
    ),
    "CLOSURE_REJECTED": (
        "Yopish rad etildi",
        "Ёпиш рад этилди",
        "Закрытие отклонено",
        "Жабу қабылданбады",
        "Closure rejected",
    ),
    "APPROVAL_REQUESTED": (
        "So'rov tasdiqlashni kutmoqda",
        "Сўров тасдиқлашни кутмоқда",
        "Запрос ждёт утверждения",
        "Сұрау бекітуді күтуде",
        "Request awaiting approval",
    ),
    "REQUEST_APPROVED": (
        "So'rov tasdiqlandi",
        "Сўров тасдиқланди",
        "Запрос утверждён",
        "Сұрау бекітілді",
        "Request approved",
    ),
    "REQUEST_REJECTED": (
        "So'rov rad etildi",
        "Сўров рад этилди",
        "Запрос отклонён",
        "Сұрау қабылданбады",
        "Request rejected",
    ),
    "TRANSFER_REQUESTED": (
        "O'tkazish qabul qilishni kutmoqda",
        "Ўтказиш қабул қилишни кутмоқда",
        "Передача ждёт решения",
        "Беру шешімді күтуде",
        "Transfer awaiting decision",
    ),
    "TRANSFER_ACCEPTED": (
        "O'tkazish qabul qilindi",
        "Ўтказиш қабул қилинди",
        "Передача принята",
        "Беру қабылданды",
        "Transfer accepted",
    ),
    "TRANSFER_DECLINED": (
        "O'tkazish rad etildi",
        "Ўтказиш рад этилди",
        "Передача отклонена",
        "Беру қабылданбады",
        "Transfer declined",
    ),
}

APPROVAL_KIND: EnumNames = {
    "CLOSURE": ("Ishni yopish", "Ишни ёпиш", "Закрытие дела", "Істі жабу", "Case closure"),
    "WORK_PLAN": (
        "Ish rejasini o'zgartirish",
        "Иш режасини ўзгартириш",
        "Пересмотр плана работы",
        "Жұмыс жоспарын қайта қарау",
        "Work plan revision",
    ),
    "TRANSFER": ("Ishni o'tkazish", "Ишни ўтказиш", "Передача дела", "Істі беру", "Case transfer"),
}

GOAL_STATUS: EnumNames = {
    "OPEN": ("Ochiq", "Очиқ", "Открыта", "Ашық", "Open"),
    "ACHIEVED": ("Erishildi", "Эришилди", "Достигнута", "Қол жеткізілді", "Achieved"),
    "DROPPED": ("Bekor qilindi", "Бекор қилинди", "Отменена", "Тоқтатылды", "Dropped"),
}

RISK_LEVEL: EnumNames = {
    "LOW": ("Past", "Паст", "Низкий", "Төмен", "Low"),
    "MEDIUM": ("O'rta", "Ўрта", "Средний", "Орташа", "Medium"),
    "HIGH": ("Yuqori", "Юқори", "Высокий", "Жоғары", "High"),
}
