"""The names of the service directory's enums and of what happens on a referral."""

from __future__ import annotations

from baxt.domain.labels.names import EnumNames

SERVICE_CATEGORY: EnumNames = {
    "INTEGRATED_CASE_MANAGEMENT": (
        "Integratsiyalashgan keys-menejment",
        "Интеграциялашган кейс-менежмент",
        "Комплексное ведение случая",
        "Кейсті кешенді басқару",
        "Integrated case management",
    ),
    "SPEECH_THERAPY": (
        "Logoped yordami",
        "Логопед ёрдами",
        "Логопедическая помощь",
        "Логопедиялық көмек",
        "Speech therapy",
    ),
    "PSYCHOLOGICAL_SUPPORT": (
        "Psixologik yordam va o'yin terapiyasi",
        "Психологик ёрдам ва ўйин терапияси",
        "Психологическая поддержка и игровая терапия",
        "Психологиялық қолдау және ойын терапиясы",
        "Psychological support and play therapy",
    ),
    "PARENTING_SUPPORT": (
        "Ota-onalarni qo'llab-quvvatlash va o'qitish",
        "Ота-оналарни қўллаб-қувватлаш ва ўқитиш",
        "Поддержка и обучение родителей",
        "Ата-аналарды қолдау және оқыту",
        "Parenting support and training",
    ),
    "LEARNING_SUPPORT": (
        "O'qishda yordam",
        "Ўқишда ёрдам",
        "Помощь в обучении",
        "Оқуға көмек",
        "Learning support",
    ),
    "EMERGENCY_LIVING_COSTS": (
        "Shoshilinch moddiy yordam",
        "Шошилинч моддий ёрдам",
        "Срочная помощь на проживание",
        "Шұғыл тұрмыстық көмек",
        "Emergency living-cost support",
    ),
    "MEDICAL_COSTS": (
        "Davolanish xarajatlarini qoplash",
        "Даволаниш харажатларини қоплаш",
        "Оплата лечения",
        "Емделу шығындарын өтеу",
        "Medical-cost sponsorship",
    ),
    "HEALTH_CLINIC": ("Poliklinika", "Поликлиника", "Поликлиника", "Емхана", "Health clinic"),
    "HOUSING_SUPPORT": (
        "Uy-joy bo'yicha yordam",
        "Уй-жой бўйича ёрдам",
        "Жилищная помощь",
        "Тұрғын үй көмегі",
        "Housing support",
    ),
    "EMPLOYMENT_SERVICE": (
        "Bandlik xizmati",
        "Бандлик хизмати",
        "Служба занятости",
        "Жұмыспен қамту қызметі",
        "Employment service",
    ),
    "FAMILY_STRENGTHENING": (
        "Oilani mustahkamlash",
        "Оилани мустаҳкамлаш",
        "Укрепление семьи",
        "Отбасын нығайту",
        "Family strengthening",
    ),
    "DAY_CARE": (
        "Kunduzgi parvarish",
        "Кундузги парвариш",
        "Дневной уход",
        "Күндізгі күтім",
        "Day care",
    ),
    "TEMPORARY_CARE": (
        "Qisqa muddatli vasiylik (vaqtinchalik parvarish)",
        "Қисқа муддатли васийлик (вақтинчалик парвариш)",
        "Краткосрочная опека (временный уход)",
        "Қысқа мерзімді қамқоршылық (уақытша күтім)",
        "Short-term guardianship (temporary care)",
    ),
    "FAMILY_REINTEGRATION": (
        "Bolalarni oilaga qaytarish",
        "Болаларни оилага қайтариш",
        "Возвращение детей в семью",
        "Балаларды отбасына қайтару",
        "Reintegration of children into their families",
    ),
    "LEGAL_SUPPORT": (
        "Huquqiy yordam",
        "Ҳуқуқий ёрдам",
        "Юридическая помощь",
        "Заң көмегі",
        "Legal support",
    ),
}

SERVICE_STATUS: EnumNames = {
    "ACTIVE": ("Faol", "Фаол", "Работает", "Жұмыс істейді", "Active"),
    "INACTIVE": ("Faol emas", "Фаол эмас", "Не работает", "Жұмыс істемейді", "Inactive"),
    "DEFUNCT": ("Tugatilgan", "Тугатилган", "Прекратила работу", "Тоқтатылған", "Defunct"),
    "TEMPORARILY_CLOSED": (
        "Vaqtincha yopiq",
        "Вақтинча ёпиқ",
        "Временно не работает",
        "Уақытша жабық",
        "Temporarily closed",
    ),
}

ORGANISATION_KIND: EnumNames = {
    "GOVERNMENT": (
        "Davlat tashkiloti",
        "Давлат ташкилоти",
        "Государственная организация",
        "Мемлекеттік ұйым",
        "Government",
    ),
    "NGO": (
        "Nodavlat notijorat tashkilot",
        "Нодавлат нотижорат ташкилот",
        "Некоммерческая организация",
        "Үкіметтік емес ұйым",
        "NGO",
    ),
    "INTERNATIONAL": (
        "Xalqaro tashkilot",
        "Халқаро ташкилот",
        "Международная организация",
        "Халықаралық ұйым",
        "International organisation",
    ),
    "PRIVATE": (
        "Xususiy tashkilot",
        "Хусусий ташкилот",
        "Частная организация",
        "Жеке ұйым",
        "Private organisation",
    ),
}

PROGRESS_KIND: EnumNames = {
    "SESSION_HELD": (
        "Mashg'ulot o'tkazildi",
        "Машғулот ўтказилди",
        "Проведено занятие",
        "Сабақ өткізілді",
        "Session held",
    ),
    "TRAINING_COMPLETED": (
        "O'quv kursi tugatildi",
        "Ўқув курси тугатилди",
        "Обучение завершено",
        "Оқу аяқталды",
        "Training completed",
    ),
    "DAY_CARE_STARTED": (
        "Kunduzgi parvarish boshlandi",
        "Кундузги парвариш бошланди",
        "Начат дневной уход",
        "Күндізгі күтім басталды",
        "Day care started",
    ),
    "TEMPORARY_CARE_STARTED": (
        "Vaqtinchalik parvarish boshlandi",
        "Вақтинчалик парвариш бошланди",
        "Начат временный уход",
        "Уақытша күтім басталды",
        "Temporary care started",
    ),
    "TEMPORARY_CARE_ENDED": (
        "Vaqtinchalik parvarish tugadi",
        "Вақтинчалик парвариш тугади",
        "Временный уход завершён",
        "Уақытша күтім аяқталды",
        "Temporary care ended",
    ),
    "CHILD_REINTEGRATED": (
        "Bola oilaga qaytdi",
        "Бола оилага қайтди",
        "Ребёнок вернулся в семью",
        "Бала отбасына оралды",
        "Child reintegrated",
    ),
    "FAMILY_EXITED_PROGRAMME": (
        "Oila dasturdan chiqdi",
        "Оила дастурдан чиқди",
        "Семья вышла из программы",
        "Отбасы бағдарламадан шықты",
        "Family exited the programme",
    ),
    "PARENT_EMPLOYED": (
        "Ota-ona ishga joylashdi",
        "Ота-она ишга жойлашди",
        "Родитель трудоустроен",
        "Ата-ана жұмысқа орналасты",
        "Parent employed",
    ),
}

REFERRAL_OUTCOME: EnumNames = {
    "GOALS_MET": (
        "Maqsadlarga erishildi",
        "Мақсадларга эришилди",
        "Цели достигнуты",
        "Мақсаттарға қол жеткізілді",
        "Goals met",
    ),
    "PARTLY_MET": (
        "Qisman erishildi",
        "Қисман эришилди",
        "Достигнуты частично",
        "Ішінара қол жеткізілді",
        "Partly met",
    ),
    "NOT_MET": ("Erishilmadi", "Эришилмади", "Не достигнуты", "Қол жеткізілмеді", "Not met"),
    "FAMILY_WITHDREW": (
        "Oila voz kechdi",
        "Оила воз кечди",
        "Семья отказалась",
        "Отбасы бас тартты",
        "Family withdrew",
    ),
}

REFERRAL_STATUS: EnumNames = {
    "PENDING": (
        "Javob kutilmoqda",
        "Жавоб кутилмоқда",
        "Ожидает ответа",
        "Жауап күтуде",
        "Pending",
    ),
    "ACCEPTED": ("Qabul qilindi", "Қабул қилинди", "Принято", "Қабылданды", "Accepted"),
    "DECLINED": ("Rad etildi", "Рад этилди", "Отклонено", "Қабылданбады", "Declined"),
    "IN_PROGRESS": ("Bajarilmoqda", "Бажарилмоқда", "В работе", "Орындалуда", "In progress"),
    "COMPLETED": ("Yakunlandi", "Якунланди", "Завершено", "Аяқталды", "Completed"),
    "CANCELLED": ("Bekor qilindi", "Бекор қилинди", "Отменено", "Күші жойылды", "Cancelled"),
}

CONSENT_PURPOSE: EnumNames = {
    "SHARE_WITH_PARTNER": (
        "Hamkor bilan ulashish",
        "Ҳамкор билан улашиш",
        "Передача партнёру",
        "Серіктеспен бөлісу",
        "Sharing with a partner",
    ),
}
