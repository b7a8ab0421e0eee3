"""The names of the monitoring figures' measures, times, breakdowns, levels and age bands:
the dashboard's labels."""

from __future__ import annotations

from baxt.domain.labels.families import REGISTRY_CATEGORY
from baxt.domain.labels.names import EnumNames

MONITORING_MEASURE: EnumNames = {
    "FLAGGED": ("Belgilangan", "Белгиланган", "Выявлены", "Анықталды", "Flagged"),
    "FLAGGED_NEW": (
        "Birinchi marta belgilangan",
        "Биринчи марта белгиланган",
        "Выявлены впервые",
        "Алғаш анықталды",
        "Flagged for the first time",
    ),
    "FLAGGED_AGAIN": (
        "Qayta belgilangan",
        "Қайта белгиланган",
        "Выявлены повторно",
        "Қайта анықталды",
        "Flagged again",
    ),
    "CONTACTED": (
        "Bog'lanildi",
        "Боғланилди",
        "Установлен контакт",
        "Байланыс орнатылды",
        "Contacted",
    ),
    "VISITED": (
        "Uyiga tashrif buyurildi",
        "Уйига ташриф буюрилди",
        "Посещены на дому",
        "Үйіне барылды",
        "Visited at home",
    ),
    "CHILD_SEEN": ("Bola ko'rildi", "Бола кўрилди", "Ребёнок увиден", "Бала көрілді", "Child seen"),
    "CONSULTED": (
        "Maslahat o'tkazildi",
        "Маслаҳат ўтказилди",
        "Проведена консультация",
        "Кеңес өткізілді",
        "Consulted",
    ),
    "WORK_PLAN": (
        "Ish rejasi bor",
        "Иш режаси бор",
        "Есть план работы",
        "Жұмыс жоспары бар",
        "With a work plan",
    ),
    "REFERRED": ("Yo'naltirildi", "Йўналтирилди", "Направлены", "Жолданды", "Referred"),
    "LINKED": (
        "Xizmatga ulandi",
        "Хизматга уланди",
        "Получают услугу",
        "Қызметке қосылды",
        "Linked to a service",
    ),
    "CLOSED": ("Yopildi", "Ёпилди", "Закрыты", "Жабылды", "Closed"),
    "VISIT_OVERDUE": (
        "Tashrif muddati o'tgan",
        "Ташриф муддати ўтган",
        "Визит просрочен",
        "Бару мерзімі өтті",
        "Visit overdue",
    ),
    "REVIEW_OVERDUE": (
        "Ko'rib chiqish muddati o'tgan",
        "Кўриб чиқиш муддати ўтган",
        "Пересмотр просрочен",
        "Қайта қарау мерзімі өтті",
        "Review overdue",
    ),
    "ESCALATED_TO_SUPERVISOR": (
        "Nazoratchiga yetkazildi",
        "Назоратчига етказилди",
        "Передано руководителю",
        "Жетекшіге жіберілді",
        "Escalated to the supervisor",
    ),
    "ESCALATED_TO_POLICE": (
        "Politsiyaga yetkazildi",
        "Полицияга етказилди",
        "Передано в полицию",
        "Полицияға жіберілді",
        "Escalated to the police",
    ),
    "SAFETY_CONCERN": (
        "Xavfsizlik xavotiri",
        "Хавфсизлик хавотири",
        "Угроза безопасности",
        "Қауіпсіздікке алаңдаушылық",
        "Safety concern",
    ),
    "FAILED_CALL": (
        "Muvaffaqiyatsiz qo'ng'iroq",
        "Муваффақиятсиз қўнғироқ",
        "Неудачный звонок",
        "Сәтсіз қоңырау",
        "Failed call",
    ),
    "UNSEEN_VISIT": (
        "Bola ko'rilmagan tashrif",
        "Бола кўрилмаган ташриф",
        "Визит, на котором ребёнка не видели",
        "Бала көрілмеген бару",
        "Visit that did not see the child",
    ),
    "SURVEYED": (
        "Oktyabr so'rovnomasida (uydagi 3 yoshlilar)",
        "Октябрь сўровномасида (уйдаги 3 ёшлилар)",
        "В октябрьском обследовании (трёхлетние дома)",
        "Қазан зерттеуінде (үйдегі 3 жастағылар)",
        "In the October survey (3-year-olds at home)",
    ),
    "SURVEY_SEEN": (
        "So'rovnoma bolalaridan ko'rilganlar",
        "Сўровнома болаларидан кўрилганлар",
        "Увидены из обследования",
        "Зерттеу балаларынан көрілгендер",
        "Survey children seen",
    ),
    "CHILDREN_SUPPORTED": (
        "Qo'llab-quvvatlangan bolalar",
        "Қўллаб-қувватланган болалар",
        "Дети, получившие поддержку",
        "Қолдау алған балалар",
        "Children supported",
    ),
    "FAMILIES_SUPPORTED": (
        "Qo'llab-quvvatlangan oilalar",
        "Қўллаб-қувватланган оилалар",
        "Семьи, получившие поддержку",
        "Қолдау алған отбасылар",
        "Families supported",
    ),
    "CHILDREN_REINTEGRATED": (
        "Oilaga qaytarilgan bolalar",
        "Оилага қайтарилган болалар",
        "Дети, возвращённые в семью",
        "Отбасына қайтарылған балалар",
        "Children reintegrated",
    ),
    "FAMILIES_EXITED": (
        "Dasturdan chiqqan oilalar",
        "Дастурдан чиққан оилалар",
        "Семьи, вышедшие из программы",
        "Бағдарламадан шыққан отбасылар",
        "Families exited the programme",
    ),
    "PARENTS_TRAINED": (
        "O'qitilgan ota-onalar",
        "Ўқитилган ота-оналар",
        "Обученные родители",
        "Оқытылған ата-аналар",
        "Parents trained",
    ),
    "PARENTS_CERTIFIED": (
        "Sertifikat olgan ota-onalar",
        "Сертификат олган ота-оналар",
        "Родители, получившие сертификат",
        "Сертификат алған ата-аналар",
        "Parents certified",
    ),
}

MONITORING_INTERVAL: EnumNames = {
    "TO_CONTACT": (
        "Birinchi aloqagacha",
        "Биринчи алоқагача",
        "До первого контакта",
        "Алғашқы байланысқа дейін",
        "To first contact",
    ),
    "TO_VISIT": ("Tashrifgacha", "Ташрифгача", "До визита", "Баруға дейін", "To the visit"),
    "TO_CONSULTATION": (
        "Maslahatgacha",
        "Маслаҳатгача",
        "До консультации",
        "Кеңеске дейін",
        "To the consultation",
    ),
    "TO_SERVICE": ("Xizmatgacha", "Хизматгача", "До услуги", "Қызметке дейін", "To the service"),
}

MONITORING_BREAKDOWN: EnumNames = {
    "SEX": ("Jinsi", "Жинси", "Пол", "Жынысы", "Sex"),
    "AGE_BAND": ("Yosh guruhi", "Ёш гуруҳи", "Возрастная группа", "Жас тобы", "Age band"),
    "SOURCE": ("Manba", "Манба", "Источник", "Дереккөз", "Source"),
    "INDICATOR": ("Ko'rsatkich", "Кўрсаткич", "Индикатор", "Көрсеткіш", "Indicator"),
    "SOCIAL_REGISTRY_CATEGORY": (
        "Ijtimoiy reestr toifasi",
        "Ижтимоий реестр тоифаси",
        "Категория социального реестра",
        "Әлеуметтік тізілім санаты",
        "Social Registry category",
    ),
}

PLACE_LEVEL: EnumNames = {
    "REGION": ("Viloyat", "Вилоят", "Область", "Облыс", "Region"),
    "DISTRICT": ("Tuman", "Туман", "Район", "Аудан", "District"),
    "MAHALLA": ("Mahalla", "Маҳалла", "Махалля", "Махалла", "Mahalla"),
}

AGE_BAND: EnumNames = {
    "AGE_0_2": ("0–2 yosh", "0–2 ёш", "0–2 года", "0–2 жас", "0–2 years"),
    "AGE_3_5": ("3–5 yosh", "3–5 ёш", "3–5 лет", "3–5 жас", "3–5 years"),
    "AGE_6_11": ("6–11 yosh", "6–11 ёш", "6–11 лет", "6–11 жас", "6–11 years"),
    "AGE_12_17": ("12–17 yosh", "12–17 ёш", "12–17 лет", "12–17 жас", "12–17 years"),
    "OTHER": ("Boshqa yosh", "Бошқа ёш", "Другой возраст", "Басқа жас", "Other age"),
}

REGISTRY_BREAKDOWN_CATEGORY: EnumNames = {
    **REGISTRY_CATEGORY,
    "NOT_RECORDED": (
        "Toifa qayd etilmagan",
        "Тоифа қайд этилмаган",
        "Категория не указана",
        "Санат көрсетілмеген",
        "Category not recorded",
    ),
}
"""The categories of the Social Registry breakdown: each RegistryCategory, and the children
whose flags named none."""
