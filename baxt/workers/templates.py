"""Message texts in the recipient's language. They name a case reference, never the child."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


_SAFETY_CONCERN = {
    "uz-Latn": Text(
        "Shoshilinch: {ref}-ish bo'yicha xavfsizlik xavotiri",
        "Uyga tashrif paytida xavfsizlik xavotiri qayd etildi. {ref}-ishni oching: {url}",
    ),
    "uz-Cyrl": Text(
        "Шошилинч: {ref}-иш бўйича хавфсизлик хавотири",
        "Уйга ташриф пайтида хавфсизлик хавотири қайд этилди. {ref}-ишни очинг: {url}",
    ),
    "ru": Text(
        "Срочно: угроза безопасности по делу {ref}",
        "При посещении на дому отмечена угроза безопасности. Откройте дело {ref}: {url}",
    ),
    "kk": Text(
        "Шұғыл: {ref} ісі бойынша қауіпсіздік алаңдаушылығы",
        "Үйге бару кезінде қауіпсіздік алаңдаушылығы тіркелді. {ref} ісін ашыңыз: {url}",
    ),
    "en": Text(
        "Urgent: safety concern on case {ref}",
        "A home visit recorded a safety concern. Open case {ref}: {url}",
    ),
}
_FAMILY_UNREACHABLE = {
    "uz-Latn": Text(
        "{ref}-ish: oila bilan bog'lanib bo'lmadi",
        "Uch marta qo'ng'iroq qilindi, oilaga yetib bo'lmadi. {ref}-ishni ko'rib chiqing: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: оила билан боғланиб бўлмади",
        "Уч марта қўнғироқ қилинди, оилага етиб бўлмади. {ref}-ишни кўриб чиқинг: {url}",
    ),
    "ru": Text(
        "Дело {ref}: семья недоступна",
        "Три звонка не дошли до семьи. Рассмотрите дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: отбасымен байланыс жоқ",
        "Үш қоңырау отбасына жетпеді. {ref} ісін қарап шығыңыз: {url}",
    ),
    "en": Text(
        "Case {ref}: family unreachable",
        "Three calls did not reach the family. Review case {ref}: {url}",
    ),
}
_CHILD_NOT_SEEN_POLICE = {
    "uz-Latn": Text(
        "Shoshilinch: {ref}-ish, bola ko'rilmadi, politsiya yordami so'raldi",
        "Uch tashrifda bola ko'rilmadi; politsiya yordami so'raldi. {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "Шошилинч: {ref}-иш, бола кўрилмади, полиция ёрдами сўралди",
        "Уч ташрифда бола кўрилмади; полиция ёрдами сўралди. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Срочно: дело {ref}, ребёнок не увиден, запрошена помощь полиции",
        "За три посещения ребёнка не увидели; запрошена помощь полиции. Дело {ref}: {url}",
    ),
    "kk": Text(
        "Шұғыл: {ref} ісі, бала көрілмеді, полиция көмегі сұралды",
        "Үш барғанда бала көрілмеді; полиция көмегі сұралды. {ref} ісі: {url}",
    ),
    "en": Text(
        "Urgent: case {ref}, child not seen, police assistance requested",
        "Three visits did not see the child; police assistance is requested. Case {ref}: {url}",
    ),
}
_VISIT_OVERDUE = {
    "uz-Latn": Text(
        "{ref}-ish: chorak tashrifi muddati o'tdi",
        "Bu chorakdagi uyga tashrif muddati o'tdi, bola hali ko'rilmagan. {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: чорак ташрифи муддати ўтди",
        "Бу чоракдаги уйга ташриф муддати ўтди, бола ҳали кўрилмаган. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Дело {ref}: просрочено посещение квартала",
        "Срок посещения на дому в этом квартале прошёл, ребёнка ещё не видели. Дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: тоқсандық бару мерзімі өтті",
        "Осы тоқсандағы үйге бару мерзімі өтті, бала әлі көрілмеді. {ref} ісі: {url}",
    ),
    "en": Text(
        "Case {ref}: this quarter's home visit is overdue",
        "This quarter's home visit is past its due date and the child has not been seen."
        " Case {ref}: {url}",
    ),
}
_REFERRAL_DECLINED = {
    "uz-Latn": Text(
        "{ref}-ish: hamkor yo'llanmani rad etdi",
        "Hamkor tashkilot yo'llanmani rad etdi. Ishni boshqa xizmatga yo'llang. {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: ҳамкор йўлланмани рад этди",
        "Ҳамкор ташкилот йўлланмани рад этди. Ишни бошқа хизматга йўлланг. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Дело {ref}: партнёр отклонил направление",
        "Партнёрская организация отклонила направление. Направьте дело в другую службу."
        " Дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: серіктес жолдамадан бас тартты",
        "Серіктес ұйым жолдамадан бас тартты. Істі басқа қызметке жолдаңыз. {ref} ісі: {url}",
    ),
    "en": Text(
        "Case {ref}: a partner declined the referral",
        "A partner organisation declined the referral. Refer the case elsewhere. Case {ref}: {url}",
    ),
}
_REFERRAL_UNANSWERED = {
    "uz-Latn": Text(
        "{ref}-ish: hamkor yo'llanmaga javob bermadi",
        "Hamkor tashkilot yo'llanmaga belgilangan muddatda javob bermadi. {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: ҳамкор йўлланмага жавоб бермади",
        "Ҳамкор ташкилот йўлланмага белгиланган муддатда жавоб бермади. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Дело {ref}: партнёр не ответил на направление",
        "Партнёрская организация не ответила на направление в срок. Дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: серіктес жолдамаға жауап бермеді",
        "Серіктес ұйым жолдамаға белгіленген мерзімде жауап бермеді. {ref} ісі: {url}",
    ),
    "en": Text(
        "Case {ref}: a partner has not answered the referral",
        "A partner organisation has not answered the referral in time. Case {ref}: {url}",
    ),
}
_CLOSURE_REQUESTED = {
    "uz-Latn": Text(
        "{ref}-ish: yopish tasdiqlashingizni kutmoqda",
        "Ijtimoiy xodim ishni yopishni so'radi. Tasdiqlang yoki rad eting. {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: ёпиш тасдиқлашингизни кутмоқда",
        "Ижтимоий ходим ишни ёпишни сўради. Тасдиқланг ёки рад этинг. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Дело {ref}: закрытие ждёт вашего утверждения",
        "Социальный работник просит закрыть дело. Утвердите или отклоните. Дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: жабу сіздің бекітуіңізді күтуде",
        "Әлеуметтік қызметкер істі жабуды сұрады. Бекітіңіз немесе қабылдамаңыз. {ref} ісі: {url}",
    ),
    "en": Text(
        "Case {ref}: a closure waits for your approval",
        "A caseworker asked to close the case. Approve or reject it. Case {ref}: {url}",
    ),
}
_CLOSURE_APPROVED = {
    "uz-Latn": Text(
        "{ref}-ish: yopish tasdiqlandi",
        "Nazoratchi ishni yopishni tasdiqladi; ish yopildi. {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: ёпиш тасдиқланди",
        "Назоратчи ишни ёпишни тасдиқлади; иш ёпилди. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Дело {ref}: закрытие утверждено",
        "Руководитель утвердил закрытие; дело закрыто. Дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: жабу бекітілді",
        "Жетекші істі жабуды бекітті; іс жабылды. {ref} ісі: {url}",
    ),
    "en": Text(
        "Case {ref}: closure approved",
        "A supervisor approved the closure; the case is closed. Case {ref}: {url}",
    ),
}
_CLOSURE_REJECTED = {
    "uz-Latn": Text(
        "{ref}-ish: yopish rad etildi",
        "Nazoratchi ishni yopishni rad etdi; izohini o'qing va ishni davom ettiring."
        " {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: ёпиш рад этилди",
        "Назоратчи ишни ёпишни рад этди; изоҳини ўқинг ва ишни давом эттиринг. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Дело {ref}: закрытие отклонено",
        "Руководитель отклонил закрытие; прочтите его комментарий и продолжите работу."
        " Дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: жабу қабылданбады",
        "Жетекші істі жабуды қабылдамады; пікірін оқып, жұмысты жалғастырыңыз. {ref} ісі: {url}",
    ),
    "en": Text(
        "Case {ref}: closure rejected",
        "A supervisor rejected the closure; read their comment and carry on with the case."
        " Case {ref}: {url}",
    ),
}
_REVIEW_OVERDUE = {
    "uz-Latn": Text(
        "{ref}-ish: ko'rib chiqish muddati o'tdi",
        "Ishni navbatdagi ko'rib chiqish muddati o'tdi. {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: кўриб чиқиш муддати ўтди",
        "Ишни навбатдаги кўриб чиқиш муддати ўтди. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Дело {ref}: просрочен пересмотр",
        "Срок очередного пересмотра дела прошёл. Дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: қарау мерзімі өтті",
        "Істі кезекті қарау мерзімі өтті. {ref} ісі: {url}",
    ),
    "en": Text(
        "Case {ref}: the case review is overdue",
        "The case's next review is past its due date. Case {ref}: {url}",
    ),
}
_APPROVAL_REQUESTED = {
    "uz-Latn": Text(
        "{ref}-ish: so'rov tasdiqlashingizni kutmoqda",
        "Ijtimoiy xodim ish rejasini o'zgartirishni yoki ishni o'tkazishni so'radi."
        " Tasdiqlang yoki rad eting. {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: сўров тасдиқлашингизни кутмоқда",
        "Ижтимоий ходим иш режасини ўзгартиришни ёки ишни ўтказишни сўради."
        " Тасдиқланг ёки рад этинг. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Дело {ref}: запрос ждёт вашего утверждения",
        "Социальный работник просит пересмотреть план работы или передать дело."
        " Утвердите или отклоните. Дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: сұрау сіздің бекітуіңізді күтуде",
        "Әлеуметтік қызметкер жұмыс жоспарын қайта қарауды немесе істі беруді сұрады."
        " Бекітіңіз немесе қабылдамаңыз. {ref} ісі: {url}",
    ),
    "en": Text(
        "Case {ref}: a request waits for your approval",
        "A caseworker asked to revise the work plan or to transfer the case. Approve or"
        " reject it. Case {ref}: {url}",
    ),
}
_REQUEST_APPROVED = {
    "uz-Latn": Text(
        "{ref}-ish: so'rovingiz tasdiqlandi",
        "Nazoratchi so'rovingizni tasdiqladi; u kuchga kirdi. {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: сўровингиз тасдиқланди",
        "Назоратчи сўровингизни тасдиқлади; у кучга кирди. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Дело {ref}: ваш запрос утверждён",
        "Руководитель утвердил ваш запрос; он вступил в силу. Дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: сұрауыңыз бекітілді",
        "Жетекші сұрауыңызды бекітті; ол күшіне енді. {ref} ісі: {url}",
    ),
    "en": Text(
        "Case {ref}: your request was approved",
        "A supervisor approved your request; it has taken effect. Case {ref}: {url}",
    ),
}
_REQUEST_REJECTED = {
    "uz-Latn": Text(
        "{ref}-ish: so'rovingiz rad etildi",
        "Nazoratchi so'rovingizni rad etdi; izohini o'qing va ishni davom ettiring."
        " {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: сўровингиз рад этилди",
        "Назоратчи сўровингизни рад этди; изоҳини ўқинг ва ишни давом эттиринг. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Дело {ref}: ваш запрос отклонён",
        "Руководитель отклонил ваш запрос; прочтите его комментарий и продолжите работу."
        " Дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: сұрауыңыз қабылданбады",
        "Жетекші сұрауыңызды қабылдамады; пікірін оқып, жұмысты жалғастырыңыз. {ref} ісі: {url}",
    ),
    "en": Text(
        "Case {ref}: your request was rejected",
        "A supervisor rejected your request; read their comment and carry on with the case."
        " Case {ref}: {url}",
    ),
}
_TRANSFER_REQUESTED = {
    "uz-Latn": Text(
        "{ref}-ish: tumaningizga o'tkazish so'raldi",
        "Oila tumaningizga ko'chib o'tmoqda; ishni qabul qiling yoki rad eting. {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: туманингизга ўтказиш сўралди",
        "Оила туманингизга кўчиб ўтмоқда; ишни қабул қилинг ёки рад этинг. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Дело {ref}: запрошена передача в ваш район",
        "Семья переезжает в ваш район; примите или отклоните дело. Дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: ауданыңызға беру сұралды",
        "Отбасы ауданыңызға көшуде; істі қабылдаңыз немесе қабылдамаңыз. {ref} ісі: {url}",
    ),
    "en": Text(
        "Case {ref}: a transfer to your district is requested",
        "A family is moving to your district; accept or decline the case. Case {ref}: {url}",
    ),
}
_TRANSFER_ACCEPTED = {
    "uz-Latn": Text(
        "{ref}-ish: o'tkazish qabul qilindi",
        "Qabul qiluvchi tuman ishni qabul qildi; ish endi o'sha yerda. {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: ўтказиш қабул қилинди",
        "Қабул қилувчи туман ишни қабул қилди; иш энди ўша ерда. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Дело {ref}: передача принята",
        "Принимающий район принял дело; теперь оно ведётся там. Дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: беру қабылданды",
        "Қабылдаушы аудан істі қабылдады; енді іс сонда жүргізіледі. {ref} ісі: {url}",
    ),
    "en": Text(
        "Case {ref}: transfer accepted",
        "The receiving district accepted the case; it is handled there now. Case {ref}: {url}",
    ),
}
_TRANSFER_DECLINED = {
    "uz-Latn": Text(
        "{ref}-ish: o'tkazish rad etildi",
        "Qabul qiluvchi tuman ishni rad etdi; ish sizda qoladi, sababini ishda o'qing."
        " {ref}-ish: {url}",
    ),
    "uz-Cyrl": Text(
        "{ref}-иш: ўтказиш рад этилди",
        "Қабул қилувчи туман ишни рад этди; иш сизда қолади, сабабини ишда ўқинг. {ref}-иш: {url}",
    ),
    "ru": Text(
        "Дело {ref}: передача отклонена",
        "Принимающий район отклонил дело; оно остаётся у вас, причина указана в деле."
        " Дело {ref}: {url}",
    ),
    "kk": Text(
        "{ref} ісі: беру қабылданбады",
        "Қабылдаушы аудан істі қабылдамады; іс сізде қалады, себебін істен оқыңыз."
        " {ref} ісі: {url}",
    ),
    "en": Text(
        "Case {ref}: transfer declined",
        "The receiving district declined the case; it stays with you, and the case says why."
        " Case {ref}: {url}",
    ),
}
TEMPLATES = {
    "SAFETY_CONCERN": _SAFETY_CONCERN,
    "FAMILY_UNREACHABLE": _FAMILY_UNREACHABLE,
    "CHILD_NOT_SEEN_POLICE": _CHILD_NOT_SEEN_POLICE,
    "VISIT_OVERDUE": _VISIT_OVERDUE,
    "REVIEW_OVERDUE": _REVIEW_OVERDUE,
    "REFERRAL_DECLINED": _REFERRAL_DECLINED,
    "REFERRAL_UNANSWERED": _REFERRAL_UNANSWERED,
    "CLOSURE_REQUESTED": _CLOSURE_REQUESTED,
    "CLOSURE_APPROVED": _CLOSURE_APPROVED,
    "CLOSURE_REJECTED": _CLOSURE_REJECTED,
    "APPROVAL_REQUESTED": _APPROVAL_REQUESTED,
    "REQUEST_APPROVED": _REQUEST_APPROVED,
    "REQUEST_REJECTED": _REQUEST_REJECTED,
    "TRANSFER_REQUESTED": _TRANSFER_REQUESTED,
    "TRANSFER_ACCEPTED": _TRANSFER_ACCEPTED,
    "TRANSFER_DECLINED": _TRANSFER_DECLINED,
}


def case_reference(case_id: UUID) -> str:
    """A short reference a caseworker can read out; it carries nothing about the child."""
    return case_id.hex[:8].upper()


def render(kind: str, language: str, case_id: UUID, public_url: str) -> Text:
    texts = TEMPLATES[kind]
    text = texts.get(language, texts["en"])
    ref = case_reference(case_id)
    url = f"{public_url.rstrip('/')}/cases/{ref}"
    return Text(text.subject.format(ref=ref), text.body.format(ref=ref, url=url))
