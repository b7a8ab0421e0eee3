"""What each monitoring measure counts, in full, in every language: the README's measure
table as the export's Definitions sheet gives it to a reader of the figures."""

from __future__ import annotations

from baxt.domain.labels.names import EnumNames

MEASURE_DEFINITION: EnumNames = {
    "FLAGGED": (
        "Chorakda yangi yoki qayta belgilangan bolalar.",
        "Чоракда янги ёки қайта белгиланган болалар.",
        "Дети, выявленные в квартале впервые или повторно.",
        "Тоқсанда алғаш немесе қайта анықталған балалар.",
        "Children flagged in the quarter, new or again.",
    ),
    "FLAGGED_NEW": (
        "Chorakda belgilanishi ishini ochgan bolalar.",
        "Чоракда белгиланиши ишини очган болалар.",
        "Дети, выявление которых в квартале открыло их дело.",
        "Тоқсанда анықталуы ісін ашқан балалар.",
        "Children flagged in the quarter whose flag opened their case.",
    ),
    "FLAGGED_AGAIN": (
        "Chorakda ochiq ishi bo'yicha qayta belgilangan yoki yopilgan ishi qayta ochilgan bolalar.",
        "Чоракда очиқ иши бўйича қайта белгиланган ёки ёпилган иши қайта очилган болалар.",
        "Дети, повторно выявленные в квартале по открытому делу, или чьё закрытое дело"
        " открыто вновь.",
        "Тоқсанда ашық ісі бойынша қайта анықталған немесе жабылған ісі қайта ашылған балалар.",
        "Children flagged in the quarter on their open case, or whose closed case was reopened.",
    ),
    "CONTACTED": (
        "Chorakda oilasi bilan qo'ng'iroq orqali bog'lanilgan bolalar.",
        "Чоракда оиласи билан қўнғироқ орқали боғланилган болалар.",
        "Дети, с семьёй которых в квартале удалось связаться по телефону.",
        "Тоқсанда отбасымен телефон арқылы байланыс орнатылған балалар.",
        "Children whose family a call reached in the quarter.",
    ),
    "VISITED": (
        "Chorakda uyiga tashrif buyurilgan bolalar.",
        "Чоракда уйига ташриф буюрилган болалар.",
        "Дети, которых в квартале посетили на дому.",
        "Тоқсанда үйіне барылған балалар.",
        "Children who had a home visit in the quarter.",
    ),
    "CHILD_SEEN": (
        "Chorakdagi uy tashrifida ko'rilgan bolalar.",
        "Чоракдаги уй ташрифида кўрилган болалар.",
        "Дети, которых увидели при посещении на дому в квартале.",
        "Тоқсандағы үйге бару кезінде көрілген балалар.",
        "Children a home visit in the quarter saw.",
    ),
    "CONSULTED": (
        "Chorakda maslahat o'tkazilgan bolalar.",
        "Чоракда маслаҳат ўтказилган болалар.",
        "Дети, с которыми в квартале проведена консультация.",
        "Тоқсанда кеңес өткізілген балалар.",
        "Children who had their consultation in the quarter.",
    ),
    "WORK_PLAN": (
        "Chorakda maslahatda ish rejasi tuzilgan yoki rejasi qayta ko'rib chiqilgan bolalar.",
        "Чоракда маслаҳатда иш режаси тузилган ёки режаси қайта кўриб чиқилган болалар.",
        "Дети, для которых в квартале на консультации составлен план работы или план пересмотрен.",
        "Тоқсанда кеңесте жұмыс жоспары құрылған немесе жоспары қайта қаралған балалар.",
        "Children whose consultation in the quarter set a work plan, or whose plan was revised.",
    ),
    "REFERRED": (
        "Chorakda xizmatga yo'naltirilgan bolalar.",
        "Чоракда хизматга йўналтирилган болалар.",
        "Дети, направленные в квартале к услуге.",
        "Тоқсанда қызметке жолданған балалар.",
        "Children referred to a service in the quarter.",
    ),
    "LINKED": (
        "Chorakda hamkor yo'llanmani qabul qilgan yoki u bo'yicha ishni qayd etgan bolalar.",
        "Чоракда ҳамкор йўлланмани қабул қилган ёки у бўйича ишни қайд этган болалар.",
        "Дети, чьё направление партнёр в квартале принял или по которому отметил работу.",
        "Тоқсанда серіктес жолдамасын қабылдаған немесе ол бойынша жұмысты тіркеген балалар.",
        "Children whose referral a partner accepted, or recorded work on, in the quarter.",
    ),
    "CLOSED": (
        "Chorakda ishi yopilgan bolalar (ma'lumotlarning o'chirilishi ham yopilish hisoblanadi).",
        "Чоракда иши ёпилган болалар (маълумотларнинг ўчирилиши ҳам ёпилиш ҳисобланади).",
        "Дети, чьё дело закрыто в квартале (удаление данных тоже считается закрытием).",
        "Тоқсанда ісі жабылған балалар (деректерді өшіру де жабу болып саналады).",
        "Children whose case was closed in the quarter (an erasure counts as closed).",
    ),
    "VISIT_OVERDUE": (
        "Chorakda muddati kelgan tashrifi kechiktirilgan bolalar.",
        "Чоракда муддати келган ташрифи кечиктирилган болалар.",
        "Дети, чей положенный в квартале визит просрочен.",
        "Тоқсанда мерзімі келген баруы кешіктірілген балалар.",
        "Children whose visit due in the quarter was overdue.",
    ),
    "REVIEW_OVERDUE": (
        "Chorakda ko'rib chiqish muddati o'tgani eslatilgan bolalar.",
        "Чоракда кўриб чиқиш муддати ўтгани эслатилган болалар.",
        "Дети, о просрочке пересмотра дела которых в квартале напомнили.",
        "Тоқсанда қайта қарау мерзімі өткені ескертілген балалар.",
        "Children whose review was reminded overdue in the quarter.",
    ),
    "ESCALATED_TO_SUPERVISOR": (
        "Chorakda ishi rahbarga ko'tarilgan bolalar.",
        "Чоракда иши раҳбарга кўтарилган болалар.",
        "Дети, чьё дело в квартале передано руководителю.",
        "Тоқсанда ісі басшыға жеткізілген балалар.",
        "Children whose case was escalated to the supervisor in the quarter.",
    ),
    "ESCALATED_TO_POLICE": (
        "Chorakda ishi bo'yicha politsiya yordami so'ralgan bolalar.",
        "Чоракда иши бўйича полиция ёрдами сўралган болалар.",
        "Дети, по делу которых в квартале запрошена помощь полиции.",
        "Тоқсанда ісі бойынша полиция көмегі сұралған балалар.",
        "Children whose case was escalated for police assistance in the quarter.",
    ),
    "SAFETY_CONCERN": (
        "Chorakdagi uy tashrifida xavfsizlik xavotiri qayd etilgan bolalar.",
        "Чоракдаги уй ташрифида хавфсизлик хавотири қайд этилган болалар.",
        "Дети, при посещении которых в квартале отмечена угроза безопасности.",
        "Тоқсандағы үйге бару кезінде қауіпсіздікке алаңдаушылық тіркелген балалар.",
        "Children whose home visit in the quarter noted a safety concern.",
    ),
    "FAILED_CALL": (
        "Chorakda oilasiga qo'ng'iroq yetib bormagan bolalar.",
        "Чоракда оиласига қўнғироқ етиб бормаган болалар.",
        "Дети, до семьи которых в квартале не удалось дозвониться.",
        "Тоқсанда отбасына қоңырау жетпеген балалар.",
        "Children whose family a call in the quarter did not reach.",
    ),
    "UNSEEN_VISIT": (
        "Chorakda uyiga tashrif buyurilgan, lekin o'zi ko'rilmagan bolalar.",
        "Чоракда уйига ташриф буюрилган, лекин ўзи кўрилмаган болалар.",
        "Дети, которых посетили на дому в квартале, но не увидели.",
        "Тоқсанда үйіне барылған, бірақ өзі көрілмеген балалар.",
        "Children who had a home visit in the quarter that did not see them.",
    ),
    "SURVEYED": (
        "Uyda tarbiyalanayotgan 3 yoshli bolalarning oktyabr so'rovida belgilangan bolalar.",
        "Уйда тарбияланаётган 3 ёшли болаларнинг октябрь сўровида белгиланган болалар.",
        "Дети, выявленные октябрьским обследованием трёхлетних детей, воспитываемых дома.",
        "Үйде тәрбиеленетін 3 жасар балалардың қазан айындағы зерттеуінде анықталған балалар.",
        "Children flagged by the October survey of 3-year-olds raised at home.",
    ),
    "SURVEY_SEEN": (
        "So'rov belgilagan bolalardan keyin tashrifda ko'rilganlari.",
        "Сўров белгилаган болалардан кейин ташрифда кўрилганлари.",
        "Из выявленных обследованием детей — те, кого с тех пор увидели при посещении.",
        "Зерттеу анықтаған балалардың кейін бару кезінде көрілгендері.",
        "Of the children the survey flagged, those a visit has seen since.",
    ),
    "CHILDREN_SUPPORTED": (
        "Chorakda hamkor yo'llanma bo'yicha ishni qayd etgan yoki uni yakunlagan bolalar.",
        "Чоракда ҳамкор йўлланма бўйича ишни қайд этган ёки уни якунлаган болалар.",
        "Дети, по направлению которых партнёр в квартале отметил работу или завершил его.",
        "Тоқсанда серіктес жолдама бойынша жұмысты тіркеген немесе оны аяқтаған балалар.",
        "Children for whom a partner recorded work on, or completed, a referral in the quarter.",
    ),
    "FAMILIES_SUPPORTED": (
        "Chorakda qo'llab-quvvatlangan bolalarning oilalari: ishning xonadoni yoki, xonadonga"
        " bog'lanmagan bo'lsa, bolaning o'z ishi.",
        "Чоракда қўллаб-қувватланган болаларнинг оилалари: ишнинг хонадони ёки, хонадонга"
        " боғланмаган бўлса, боланинг ўз иши.",
        "Семьи детей, получивших поддержку в квартале: домохозяйство дела, а если дело к"
        " нему не привязано — сам ребёнок.",
        "Тоқсанда қолдау алған балалардың отбасылары: істің үй шаруашылығы, ал ол"
        " байланбаса — баланың өз ісі.",
        "Families of the children supported in the quarter: the case's household, or the"
        " child's own case when it is linked to none.",
    ),
    "CHILDREN_REINTEGRATED": (
        "Chorakda hamkor oilaga qaytarilgan deb qayd etgan bolalar.",
        "Чоракда ҳамкор оилага қайтарилган деб қайд этган болалар.",
        "Дети, которых партнёр в квартале отметил как реинтегрированных.",
        "Тоқсанда серіктес отбасына қайта оралған деп тіркеген балалар.",
        "Children a partner recorded as reintegrated in the quarter.",
    ),
    "FAMILIES_EXITED": (
        "Chorakda hamkor oilasi dasturdan chiqqan deb qayd etgan bolalar.",
        "Чоракда ҳамкор оиласи дастурдан чиққан деб қайд этган болалар.",
        "Дети, чью семью партнёр в квартале отметил как вышедшую из программы.",
        "Тоқсанда серіктес отбасы бағдарламадан шықты деп тіркеген балалар.",
        "Children whose family a partner recorded as having left the programme in the quarter.",
    ),
    "PARENTS_TRAINED": (
        "Chorakda hamkor ota-onasi o'qishni tugatgan deb qayd etgan bolalar.",
        "Чоракда ҳамкор ота-онаси ўқишни тугатган деб қайд этган болалар.",
        "Дети, чьи родители, по отметке партнёра, в квартале завершили обучение.",
        "Тоқсанда серіктес ата-анасы оқуды аяқтады деп тіркеген балалар.",
        "Children whose parents a partner recorded as having completed a training in the quarter.",
    ),
    "PARENTS_CERTIFIED": (
        "Chorakda hamkor sertifikat raqami bilan qadamni qayd etgan bolalar.",
        "Чоракда ҳамкор сертификат рақами билан қадамни қайд этган болалар.",
        "Дети, по которым партнёр в квартале отметил шаг с номером сертификата.",
        "Тоқсанда серіктес сертификат нөмірімен қадамды тіркеген балалар.",
        "Children for whom a partner recorded a step with a certificate number in the quarter.",
    ),
}
"""Each measure's definition, in the languages' order (uz-Latn, uz-Cyrl, ru, kk, en)."""
