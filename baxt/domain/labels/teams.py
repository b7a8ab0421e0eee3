"""The names of what Baxt keeps about interagency teams: the agencies their members come
from, and the kinds of gathering they hold."""

from __future__ import annotations

from baxt.domain.labels.names import EnumNames

AGENCY_KIND: EnumNames = {
    "MAHALLA": ("Mahalla", "Маҳалла", "Махалля", "Махалла", "Mahalla"),
    "SCHOOL": ("Maktab", "Мактаб", "Школа", "Мектеп", "School"),
    "CLINIC": (
        "Oilaviy poliklinika",
        "Оилавий поликлиника",
        "Семейная поликлиника",
        "Отбасылық емхана",
        "Clinic",
    ),
    "POLICE_INSPECTOR": (
        "Profilaktika inspektori",
        "Профилактика инспектори",
        "Инспектор профилактики",
        "Профилактика инспекторы",
        "Police inspector",
    ),
    "SOCIAL_SERVICES": (
        "Ijtimoiy himoya xizmati",
        "Ижтимоий ҳимоя хизмати",
        "Служба социальной защиты",
        "Әлеуметтік қорғау қызметі",
        "Social services",
    ),
    "NGO": (
        "Nodavlat notijorat tashkiloti",
        "Нодавлат нотижорат ташкилоти",
        "Негосударственная некоммерческая организация",
        "Үкіметтік емес ұйым",
        "NGO",
    ),
    "OTHER": ("Boshqa", "Бошқа", "Другое", "Басқа", "Other"),
}

GATHERING_KIND: EnumNames = {
    "MEETING": ("Yig'ilish", "Йиғилиш", "Совещание", "Жиналыс", "Meeting"),
    "SEMINAR": ("Seminar", "Семинар", "Семинар", "Семинар", "Seminar"),
    "STUDY_TOUR": ("O'quv safari", "Ўқув сафари", "Учебный тур", "Оқу сапары", "Study tour"),
    "PARENTING_TRAINING": (
        "Ota-onalar ko'nikmalarini oshirish treningi",
        "Ота-оналар кўникмаларини ошириш тренинги",
        "Тренинг родительских навыков",
        "Ата-аналық дағдыларды арттыру тренингі",
        "Parenting training",
    ),
    "CASE_CONFERENCE": (
        "Holat bo'yicha kengash",
        "Ҳолат бўйича кенгаш",
        "Конференция по случаю",
        "Жағдай бойынша кеңес",
        "Case conference",
    ),
}
