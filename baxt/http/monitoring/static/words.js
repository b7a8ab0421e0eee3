// The dashboard's own words in the five languages; measures' names come from the API.
export const LANGUAGES = ["uz-Latn", "uz-Cyrl", "ru", "kk", "en"];
export const API_LANGUAGE = { "uz-Latn": "UZ_LATN", "uz-Cyrl": "UZ_CYRL", ru: "RU", kk: "KK", en: "EN" };

const WORDS = {
  title: ["Monitoring paneli", "Мониторинг панели", "Панель мониторинга", "Мониторинг панели", "Monitoring dashboard"],
  language: ["Til", "Тил", "Язык", "Тил", "Language"],
  token: ["Kirish tokeni", "Кириш токени", "Токен доступа", "Кириў токени", "Access token"],
  tokenHint: [
    "Token faqat shu oynada saqlanadi.",
    "Токен фақат шу ойнада сақланади.",
    "Токен хранится только в этой вкладке.",
    "Токен тек усы бетте сақланады.",
    "The token is kept in this tab only.",
  ],
  signIn: ["Kirish", "Кириш", "Войти", "Кириў", "Sign in"],
  signInWithIssuer: [
    "Tashkilot hisobi bilan kirish",
    "Ташкилот ҳисоби билан кириш",
    "Войти через учётную запись организации",
    "Шөлкем есабы менен кириў",
    "Sign in with your organisation",
  ],
  signOut: ["Chiqish", "Чиқиш", "Выйти", "Шығыў", "Sign out"],
  quarter: ["Chorak", "Чорак", "Квартал", "Шерек", "Quarter"],
  measure: ["Xaritadagi ko'rsatkich", "Харитадаги кўрсаткич", "Показатель на карте", "Картадағы көрсеткиш", "Measure on the map"],
  funnel: ["Voronka", "Воронка", "Воронка", "Воронка", "Funnel"],
  byPlace: ["Hududlar bo'yicha", "Ҳудудлар бўйича", "По территориям", "Аймақлар бойынша", "By place"],
  map: ["Viloyatlar xaritasi", "Вилоятлар харитаси", "Карта регионов", "Ўәлаятлар картасы", "Map of the regions"],
  trends: ["Choraklar bo'yicha o'zgarish", "Чораклар бўйича ўзгариш", "Динамика по кварталам", "Шереклер бойынша өзгериў", "Trends over the quarters"],
  place: ["Hudud", "Ҳудуд", "Территория", "Аймақ", "Place"],
  total: ["Jami", "Жами", "Итого", "Жәми", "Total"],
  country: ["Butun mamlakat", "Бутун мамлакат", "Вся страна", "Пүткил ел", "Whole country"],
  loading: ["Yuklanmoqda…", "Юкланмоқда…", "Загрузка…", "Жүкленбекте…", "Loading…"],
  noQuarters: [
    "Ko'rsatkichlar hali yo'q.",
    "Кўрсаткичлар ҳали йўқ.",
    "Показателей пока нет.",
    "Көрсеткишлер еле жоқ.",
    "No figures yet.",
  ],
  failed: ["So'rov bajarilmadi", "Сўров бажарилмади", "Запрос не выполнен", "Сораў орынланбады", "The request failed"],
  noData: ["ma'lumot yo'q", "маълумот йўқ", "нет данных", "мағлыўмат жоқ", "no data"],
};

/** The word `key` in `language` (one of LANGUAGES). */
export function word(key, language) {
  const forms = WORDS[key];
  return forms ? forms[Math.max(0, LANGUAGES.indexOf(language))] : key;
}
