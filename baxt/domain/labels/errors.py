"""What each refusal's stable code says to a person, in every language Baxt speaks.

In English a refusal keeps the specific message its error carries; in the other languages
it reads the code's sentence here, in the order of `LANGUAGES` (uz-Latn, uz-Cyrl, ru, kk,
en). The English column is the sentence a caller would read if it had no specific one.
"""

from __future__ import annotations

from collections.abc import Mapping

from baxt.domain.languages import LANGUAGES, Language

Sentences = tuple[str, str, str, str, str]

_CASES: Mapping[str, Sentences] = {
    "INVALID_INPUT": (
        "Kiritilgan qiymat noto'g'ri.",
        "Киритилган қиймат нотўғри.",
        "Введено недопустимое значение.",
        "Енгізілген мән жарамсыз.",
        "A value given is not valid.",
    ),
    "INVALID_PINFL": (
        "JShShIR noto'g'ri yoki bola ma'lumotlariga mos kelmaydi.",
        "ЖШШИР нотўғри ёки бола маълумотларига мос келмайди.",
        "ПИНФЛ неверен или не совпадает с данными ребёнка.",
        "ЖСН қате немесе бала деректеріне сәйкес келмейді.",
        "The PINFL is not valid or does not match the child's details.",
    ),
    "NOT_UNDER_18": (
        "Bola belgilangan sanada 18 yoshga to'lgan.",
        "Бола белгиланган санада 18 ёшга тўлган.",
        "На дату отметки ребёнку уже исполнилось 18 лет.",
        "Белгіленген күні баланың жасы 18-ге толған.",
        "The child is 18 or older on the flag date.",
    ),
    "INVALID_TRANSITION": (
        "Ishning hozirgi holatida bu amalga ruxsat yo'q.",
        "Ишнинг ҳозирги ҳолатида бу амалга рухсат йўқ.",
        "Это действие недоступно в текущем статусе дела.",
        "Бұл әрекет істің қазіргі мәртебесінде рұқсат етілмейді.",
        "This is not allowed in the case's current status.",
    ),
    "CHILD_NOT_SEEN": (
        "Bola hali tashrifda ko'rilmagan; avval yana bir tashrifni qayd eting.",
        "Бола ҳали ташрифда кўрилмаган; аввал яна бир ташрифни қайд этинг.",
        "Ребёнка ещё не видели при посещении; сначала запишите новое посещение.",
        "Бала әлі барғанда көрілмеген; алдымен тағы бір баруды тіркеңіз.",
        "The child has not been seen on a visit yet; record another visit first.",
    ),
    "CONSENT_REQUIRED": (
        "Buning uchun vasiyning roziligi kerak.",
        "Бунинг учун васийнинг розилиги керак.",
        "Для этого нужно согласие опекуна.",
        "Бұл үшін қамқоршының келісімі қажет.",
        "This needs the guardian's consent.",
    ),
    "CASE_ERASED": (
        "Bolaning shaxsiy ma'lumotlari o'chirilgan; ish o'zgartirilmaydi.",
        "Боланинг шахсий маълумотлари ўчирилган; иш ўзгартирилмайди.",
        "Персональные данные ребёнка удалены; дело больше не изменяется.",
        "Баланың дербес деректері жойылған; іс енді өзгертілмейді.",
        "The child's personal data was erased; the case takes no changes.",
    ),
    "NOT_FOUND": (
        "Bunday yozuv topilmadi.",
        "Бундай ёзув топилмади.",
        "Такая запись не найдена.",
        "Мұндай жазба табылмады.",
        "No such record was found.",
    ),
    "CONFLICT": (
        "Ish siz ko'rganingizdan keyin o'zgargan; qayta o'qib, yana urinib ko'ring.",
        "Иш сиз кўрганингиздан кейин ўзгарган; қайта ўқиб, яна уриниб кўринг.",
        "Дело изменилось после того, как вы его открыли; обновите и повторите.",
        "Іс сіз ашқаннан кейін өзгерді; қайта оқып, тағы көріңіз.",
        "The case changed since you read it; read it again and retry.",
    ),
    "REFERRAL_REQUIRED": (
        "Xizmatlarga bog'langan deb yopish uchun kamida bitta yo'llanma kerak.",
        "Хизматларга боғланган деб ёпиш учун камида битта йўлланма керак.",
        "Чтобы закрыть дело как связанное со службами, нужно хотя бы одно направление.",
        "Қызметтерге байланысты деп жабу үшін кемінде бір жолдама қажет.",
        "Closing as linked to services needs at least one referral.",
    ),
    "WORK_PLAN_REQUIRED": (
        "Maslahat kamida bitta maqsadli ish rejasini talab qiladi.",
        "Маслаҳат камида битта мақсадли иш режасини талаб қилади.",
        "Для консультации нужен план работы хотя бы с одной целью.",
        "Кеңеске кемінде бір мақсаты бар жұмыс жоспары қажет.",
        "A consultation needs a work plan with at least one goal.",
    ),
    "DOMAIN_ERROR": (
        "So'rov qoidalarga zid bo'lgani uchun rad etildi.",
        "Сўров қоидаларга зид бўлгани учун рад этилди.",
        "Запрос отклонён: он нарушает правила.",
        "Сұрау ережелерге қайшы болғандықтан қабылданбады.",
        "The request breaks a rule and was refused.",
    ),
    "SAME_CASE": (
        "Ish o'zining takrori bo'la olmaydi.",
        "Иш ўзининг такрори бўла олмайди.",
        "Дело не может быть дубликатом самого себя.",
        "Іс өзінің қайталанымы бола алмайды.",
        "A case cannot be a duplicate of itself.",
    ),
    "ALREADY_MERGED": (
        "Bu ish allaqachon boshqa ishga birlashtirilgan.",
        "Бу иш аллақачон бошқа ишга бирлаштирилган.",
        "Это дело уже объединено с другим.",
        "Бұл іс әлдеқашан басқа іспен біріктірілген.",
        "This case was merged into another already.",
    ),
    "REPORT_ALREADY_HANDLED": (
        "Bu xabar allaqachon ko'rib chiqilgan.",
        "Бу хабар аллақачон кўриб чиқилган.",
        "Это сообщение уже рассмотрено.",
        "Бұл хабарлама әлдеқашан қаралған.",
        "This report was handled already.",
    ),
    "CASE_NOT_DISCUSSED": (
        "Bu yig'ilish ushbu holatni ko'rib chiqmagan.",
        "Бу йиғилиш ушбу ҳолатни кўриб чиқмаган.",
        "Это собрание не рассматривало этот случай.",
        "Бұл жиналыс осы жағдайды қарамаған.",
        "This gathering did not discuss the case.",
    ),
}

_SYSTEM: Mapping[str, Sentences] = {
    "INVALID_URL": (
        "Manzil noto'g'ri.",
        "Манзил нотўғри.",
        "Неверный адрес.",
        "Мекенжай қате.",
        "The address is not valid.",
    ),
    "HTTPS_REQUIRED": (
        "Manzil HTTPS bilan boshlanishi kerak.",
        "Манзил HTTPS билан бошланиши керак.",
        "Адрес должен использовать HTTPS.",
        "Мекенжай HTTPS қолдануы керек.",
        "The address must use HTTPS.",
    ),
    "ORGANISATION_REQUIRED": (
        "Tashkilotni ko'rsating.",
        "Ташкилотни кўрсатинг.",
        "Укажите организацию.",
        "Ұйымды көрсетіңіз.",
        "Name an organisation.",
    ),
    "TOO_MANY_ENDPOINTS": (
        "Manzillar soni chegaraga yetdi.",
        "Манзиллар сони чегарага етди.",
        "Достигнут предел числа адресов.",
        "Мекенжайлар саны шегіне жетті.",
        "The limit of endpoints is reached.",
    ),
    "ENDPOINT_DISABLED": (
        "Bu manzil o'chirilgan.",
        "Бу манзил ўчирилган.",
        "Этот адрес отключён.",
        "Бұл мекенжай өшірілген.",
        "This endpoint is disabled.",
    ),
    "INVALID_CHECKPOINT": (
        "Nazorat nuqtasi noto'g'ri.",
        "Назорат нуқтаси нотўғри.",
        "Неверная контрольная точка.",
        "Бақылау нүктесі қате.",
        "The checkpoint is not valid.",
    ),
    "UNVERIFIED_CHECKPOINT": (
        "Nazorat nuqtasining imzosi tasdiqlanmadi.",
        "Назорат нуқтасининг имзоси тасдиқланмади.",
        "Подпись контрольной точки не подтверждена.",
        "Бақылау нүктесінің қолтаңбасы расталмады.",
        "The checkpoint's signature could not be verified.",
    ),
    "NOT_IN_CHECKPOINT": (
        "Bu hodisa nazorat nuqtasiga kirmaydi.",
        "Бу ҳодиса назорат нуқтасига кирмайди.",
        "Это событие не входит в контрольную точку.",
        "Бұл оқиға бақылау нүктесіне кірмейді.",
        "This event is not in the checkpoint.",
    ),
    "UNKNOWN_CHECKPOINT": (
        "Bunday nazorat nuqtasi yo'q.",
        "Бундай назорат нуқтаси йўқ.",
        "Такой контрольной точки нет.",
        "Мұндай бақылау нүктесі жоқ.",
        "There is no such checkpoint.",
    ),
    "EVENT_STORE_NOT_EMPTY": (
        "Hodisalar ombori bo'sh emas.",
        "Ҳодисалар омбори бўш эмас.",
        "Хранилище событий не пусто.",
        "Оқиғалар қоймасы бос емес.",
        "The event store is not empty.",
    ),
    "MALFORMED_HISTORY_LINE": (
        "Tarix faylidagi qator noto'g'ri.",
        "Тарих файлидаги қатор нотўғри.",
        "Строка файла истории повреждена.",
        "Тарих файлындағы жол қате.",
        "A line of the history file is malformed.",
    ),
    "DUPLICATE_HISTORY_EVENT": (
        "Tarixda bir hodisa ikki marta uchraydi.",
        "Тарихда бир ҳодиса икки марта учрайди.",
        "Событие встречается в истории дважды.",
        "Тарихта бір оқиға екі рет кездеседі.",
        "An event appears twice in the history.",
    ),
    "MALFORMED_KEY_LINE": (
        "Kalitlar faylidagi qator noto'g'ri.",
        "Калитлар файлидаги қатор нотўғри.",
        "Строка файла ключей повреждена.",
        "Кілттер файлындағы жол қате.",
        "A line of the key file is malformed.",
    ),
    "REBUILD_FAILED": (
        "O'qish modelini qayta qurib bo'lmadi.",
        "Ўқиш моделини қайта қуриб бўлмади.",
        "Не удалось перестроить модель чтения.",
        "Оқу моделін қайта құру сәтсіз аяқталды.",
        "The read model could not be rebuilt.",
    ),
    "NOT_REBUILDABLE": (
        "Bu o'qish modelini qayta qurib bo'lmaydi.",
        "Бу ўқиш моделини қайта қуриб бўлмайди.",
        "Эту модель чтения нельзя перестроить.",
        "Бұл оқу моделін қайта құруға болмайды.",
        "This read model cannot be rebuilt.",
    ),
    "REBUILD_IN_PROGRESS": (
        "Qayta qurish allaqachon davom etmoqda.",
        "Қайта қуриш аллақачон давом этмоқда.",
        "Перестройка уже идёт.",
        "Қайта құру қазір жүріп жатыр.",
        "A rebuild is already in progress.",
    ),
    "LIVE_TABLES_BUSY": (
        "Jadvallar band; keyinroq urinib ko'ring.",
        "Жадваллар банд; кейинроқ уриниб кўринг.",
        "Таблицы заняты; повторите позже.",
        "Кестелер бос емес; кейінірек қайталаңыз.",
        "The tables are busy; try again later.",
    ),
    "QUARTER_ALREADY_PUBLISHED": (
        "Bu chorak allaqachon e'lon qilingan; u o'zgarmaydi.",
        "Бу чорак аллақачон эълон қилинган; у ўзгармайди.",
        "Этот квартал уже опубликован; он не меняется.",
        "Бұл тоқсан бұрыннан жарияланған; ол өзгермейді.",
        "This quarter is already published; it never changes.",
    ),
    "QUARTER_NOT_PUBLISHED": (
        "Bu chorak e'lon qilinmagan.",
        "Бу чорак эълон қилинмаган.",
        "Этот квартал не опубликован.",
        "Бұл тоқсан жарияланбаған.",
        "This quarter is not published.",
    ),
}

ERROR_MESSAGES: Mapping[str, Sentences] = {**_CASES, **_SYSTEM}
"""Each stable code's sentence in every language Baxt speaks, by code."""


def error_message(code: str, language: Language, specific: str) -> str:
    """The message a refusal with `code` shows in `language`: in English the error's own
    `specific` message, otherwise the code's sentence (the specific one if it has none)."""
    sentences = ERROR_MESSAGES.get(code)
    if language is Language.EN or sentences is None:
        return specific
    return sentences[LANGUAGES.index(language.value)]
