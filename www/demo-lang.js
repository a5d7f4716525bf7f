// The demo pages' language: chosen in the page's Language select, kept in
// localStorage across reloads and pages, set as <html lang> (which every
// widget follows), and applied to the page's own texts marked with
// `data-text="key"`.

const KEY = 'clg-demo-lang';
/** The demo's languages, each named in itself (the Language select's options). */
const NAMES = { en: 'English', es: 'Español', ru: 'Русский' };
const LANGS = Object.keys(NAMES);

const TEXTS = {
  en: {
    'action.report': 'Export the weekly report', 'done.report': 'Weekly report exported (PDF)', 'done.checkIn': 'Check-in saved: your goals are updated.',
    'campaign.npsFollowUp': 'What is the main reason for your score? (optional)',
    'campaign.cesQuestion': 'Beacon made it easy to export the weekly report.', 'campaign.cesFollowUp': 'What would make it easier? (optional)',
    'why.title': 'Why no survey now?', 'why.next': 'Possible from {at}',
    'why.campaign.nps-beacon': 'Recommendation survey (NPS)', 'why.campaign.ces-report': 'Report export survey (CES)',
    'why.campaign.checkin-start': 'Check-in when a goal starts', 'why.campaign.checkin-end': 'Check-in before a goal is due',
    'why.DUE': 'It shows now.', 'why.QUEUED': 'Waiting: another one shows first (one at a time).', 'why.ENDED': 'It has ended.',
    'why.NOT_TARGETED': 'It is not for your role.', 'why.NOT_STARTED': 'It has not started yet.',
    'why.NO_GOAL_PERIOD': 'It asks about a goal, so it waits until you set one.', 'why.NOT_TRIGGERED': 'Its moment has not come yet.',
    'why.DONE': 'You have been asked this already.', 'why.WAITING': 'It shows in a few moments.',
    'why.SAMPLED_OUT': 'You are not among the people asked.', 'why.SESSION_TOO_NEW': 'Not in the first minutes of a visit.',
    'why.SNOOZED': 'You asked to be asked later.', 'why.RECONTACT_PERIOD': 'You were asked this recently.',
    'why.USER_FATIGUE': 'You had a survey recently: at most one a day.', 'why.ROLE_CAP': 'Enough people in your role were asked recently.',
    'why.ACCOUNT_CAP': 'Enough people at your company were asked recently.', 'why.CONSENT_REQUIRED': 'It waits for your consent.',
    'why.other': 'Not now.',
    'action.identify1': 'Identify a visitor', 'action.identify10': 'Identify 10 visitors',
    'action.export1': 'Export a contact to the CRM', 'action.export5': 'Export 5 contacts',
    'action.deal': 'Create a deal from a web visitor ({amount})', 'action.sync': 'Sync revenue from the CRM',
    'done.identified': 'Visitors identified: {n}; fitting your ICP: {fit}', 'done.exported': 'Contacts exported to the CRM: {n}',
    'done.deal': 'Deal created: {amount} in pipeline', 'done.synced': 'Revenue synced from the CRM: {amount}',
    'done.notSynced': 'The revenue could not be synced: please try again.', 'done.thanks': 'Thanks! You answered {score}.',
    'scorecard.lead': 'A generated portfolio: {accounts, plural, one {# account} other {# accounts}}, 12 months of revenue, {answers, plural, one {# NPS answer} other {# NPS answers}}. Customer results and company results side by side, computed in this browser by clg-metrics. LTV : CAC divides the margin-adjusted CLV (CLV × gross margin) by CAC, so it reads lower than the CLV card over the CAC card.',
    'scorecard.link': 'Accounts whose roles reach their goals: NRR {nrrA}, retention {retA} ({accountsA, plural, one {# account} other {# accounts}}); the others: NRR {nrrB}, retention {retB} ({accountsB}). Spearman correlation of goal achievement with account NRR: {rho} (n = {n}).',
    'scorecard.window': 'For {window} as a whole (the accounts paying at its start), whichever month is shown above.',
    'scorecard.caveat': '{caveat}',
    na: 'n/a',
    'calc.loading': 'Loading the WebAssembly module…', 'calc.interval': '{level} % confidence interval: {low} to {high}',
    'calc.badEntry': 'Entry {position} (“{entry}”) is not a whole number from 0 to 10.',
    'calc.empty': 'Enter at least one score from 0 to 10.',
    'calc.failed': 'The NPS could not be computed from these scores.',
    'calc.loadFailed': 'The calculator could not load: please reload the page.',
  },
  es: {
    'action.report': 'Exportar el informe semanal', 'done.report': 'Informe semanal exportado (PDF)', 'done.checkIn': 'Repaso guardado: sus objetivos están actualizados.',
    'campaign.npsFollowUp': '¿Cuál es el motivo principal de su puntuación? (opcional)',
    'campaign.cesQuestion': 'Beacon me facilitó exportar el informe semanal.', 'campaign.cesFollowUp': '¿Qué lo haría más fácil? (opcional)',
    'why.title': '¿Por qué no hay encuesta ahora?', 'why.next': 'Posible desde: {at}',
    'why.campaign.nps-beacon': 'Encuesta de recomendación (NPS)', 'why.campaign.ces-report': 'Encuesta sobre la exportación del informe (CES)',
    'why.campaign.checkin-start': 'Repaso al empezar un objetivo', 'why.campaign.checkin-end': 'Repaso antes del plazo de un objetivo',
    'why.DUE': 'Se muestra ahora.', 'why.QUEUED': 'En espera: se muestra otra primero (una cada vez).', 'why.ENDED': 'Ha terminado.',
    'why.NOT_TARGETED': 'No es para su rol.', 'why.NOT_STARTED': 'Todavía no ha empezado.',
    'why.NO_GOAL_PERIOD': 'Pregunta por un objetivo, así que espera a que fije uno.', 'why.NOT_TRIGGERED': 'Aún no ha llegado su momento.',
    'why.DONE': 'Ya se le ha preguntado.', 'why.WAITING': 'Se mostrará en unos instantes.',
    'why.SAMPLED_OUT': 'No está entre las personas a las que se pregunta.', 'why.SESSION_TOO_NEW': 'No en los primeros minutos de una visita.',
    'why.SNOOZED': 'Pidió que se le preguntara más tarde.', 'why.RECONTACT_PERIOD': 'Se le preguntó esto hace poco.',
    'why.USER_FATIGUE': 'Ha respondido una encuesta hace poco: como mucho una al día.', 'why.ROLE_CAP': 'Ya se ha preguntado hace poco a bastantes personas de su rol.',
    'why.ACCOUNT_CAP': 'Ya se ha preguntado hace poco a bastantes personas de su empresa.', 'why.CONSENT_REQUIRED': 'Espera su consentimiento.',
    'why.other': 'Ahora no.',
    'action.identify1': 'Identificar un visitante', 'action.identify10': 'Identificar 10 visitantes',
    'action.export1': 'Exportar un contacto al CRM', 'action.export5': 'Exportar 5 contactos',
    'action.deal': 'Crear una oportunidad de un visitante web ({amount})', 'action.sync': 'Sincronizar ingresos desde el CRM',
    'done.identified': 'Visitantes identificados: {n}; encajan en su ICP: {fit}', 'done.exported': 'Contactos exportados al CRM: {n}',
    'done.deal': 'Oportunidad creada: {amount} en el pipeline', 'done.synced': 'Ingresos sincronizados desde el CRM: {amount}',
    'done.notSynced': 'No se pudieron sincronizar los ingresos: inténtelo de nuevo.', 'done.thanks': '¡Gracias! Ha respondido {score}.',
    'scorecard.lead': 'Una cartera generada: {accounts, plural, one {# cuenta} other {# cuentas}}, 12 meses de ingresos, {answers, plural, one {# respuesta NPS} other {# respuestas NPS}}. Resultados de los clientes y de la empresa, lado a lado, calculados en este navegador por clg-metrics. LTV : CAC divide el CLV ajustado por margen (CLV × margen bruto) entre el CAC, por eso es menor que la tarjeta CLV dividida entre la tarjeta CAC.',
    'scorecard.link': 'Cuentas cuyos roles alcanzan sus objetivos: NRR {nrrA}, retención {retA} ({accountsA, plural, one {# cuenta} other {# cuentas}}); las demás: NRR {nrrB}, retención {retB} ({accountsB}). Correlación de Spearman entre el logro de objetivos y el NRR de la cuenta: {rho} (n = {n}).',
    'scorecard.window': 'Para todo el periodo {window} (las cuentas que pagaban al inicio), sea cual sea el mes mostrado arriba.',
    'scorecard.caveat': 'El logro de objetivos y el NPS/CSAT solo anticipan la retención y la expansión junto al comportamiento (uso, renovaciones): léalos con él, nunca solos. Correlación no es causalidad.',
    na: 'n/d',
    'calc.title': 'Net Promoter Score, calculado en su navegador',
    'calc.lead': 'Escriba o pegue respuestas de 0 a 10 a «¿Qué probabilidad hay de que nos recomiende a un amigo o colega?». La puntuación y su intervalo de confianza de Wald ajustado los calcula el núcleo WebAssembly de clg-metrics; nada sale de la página.',
    'calc.scores': 'Puntuaciones (separadas por espacios, comas o saltos de línea)', 'calc.help': 'Números enteros del 0 al 10.',
    'calc.level': 'Nivel de confianza', 'calc.compute': 'Calcular el NPS', 'calc.loading': 'Cargando el módulo WebAssembly…',
    'calc.promoters': 'Promotores (9–10)', 'calc.passives': 'Pasivos (7–8)', 'calc.detractors': 'Detractores (0–6)', 'calc.responses': 'Respuestas',
    'calc.interval': 'Intervalo de confianza del {level} %: de {low} a {high}',
    'calc.badEntry': 'La entrada {position} («{entry}») no es un número entero del 0 al 10.',
    'calc.empty': 'Escriba al menos una puntuación del 0 al 10.',
    'calc.failed': 'No se pudo calcular el NPS con estas puntuaciones.',
    'calc.loadFailed': 'No se pudo cargar la calculadora: vuelva a cargar la página.',
    'nav.calculator': 'Calculadora NPS', 'nav.app': 'App Beacon', 'nav.scorecard': 'Cuadro de mando', 'nav.label': 'Páginas de la demo',
    language: 'Idioma', 'app.you': 'Usted es', 'app.reset': 'Empezar de nuevo',
    'app.subtitle': 'identifica las empresas que visitan su web',
    'app.lead': 'Un producto SaaS de ejemplo con clg-metrics dentro. Elija un rol, use el producto y vea cómo se mueven los resultados y los objetivos del rol. Todo se calcula y se guarda en este navegador.',
    'app.actions': 'Use el producto', 'app.actionsHelp': 'Cada acción es un evento registrado; las métricas generadas por la aplicación se actualizan al momento.',
    'app.goals': 'Sus resultados y objetivos',
    'scorecard.title': 'El cuadro de mando de crecimiento guiado por el cliente de Beacon',
    'scorecard.month': 'Mes', 'scorecard.linkTitle': '¿Se quedan y crecen los clientes que alcanzan sus objetivos?',
  },
  ru: {
    'action.report': 'Выгрузить недельный отчёт', 'done.report': 'Недельный отчёт выгружен (PDF)', 'done.checkIn': 'Ответ сохранён: цели обновлены.',
    'campaign.npsFollowUp': 'Какова главная причина вашей оценки? (необязательно)',
    'campaign.cesQuestion': 'Beacon позволил легко выгрузить недельный отчёт.', 'campaign.cesFollowUp': 'Что сделало бы это проще? (необязательно)',
    'why.title': 'Почему сейчас нет опроса?', 'why.next': 'Можно показать с {at}',
    'why.campaign.nps-beacon': 'Опрос о рекомендации (NPS)', 'why.campaign.ces-report': 'Опрос о выгрузке отчёта (CES)',
    'why.campaign.checkin-start': 'Сверка в начале цели', 'why.campaign.checkin-end': 'Сверка перед сроком цели',
    'why.DUE': 'Показывается сейчас.', 'why.QUEUED': 'В очереди: сначала покажется другой запрос (по одному за раз).', 'why.ENDED': 'Срок показа закончился.',
    'why.NOT_TARGETED': 'Не для вашей роли.', 'why.NOT_STARTED': 'Срок показа ещё не начался.',
    'why.NO_GOAL_PERIOD': 'Появится, когда вы зададите цель.', 'why.NOT_TRIGGERED': 'Время для этого ещё не пришло.',
    'why.DONE': 'Вас уже об этом спрашивали.', 'why.WAITING': 'Появится через несколько секунд.',
    'why.SAMPLED_OUT': 'Вы не в числе тех, кого спрашивают.', 'why.SESSION_TOO_NEW': 'Не в первые минуты визита.',
    'why.SNOOZED': 'Вы попросили спросить позже.', 'why.RECONTACT_PERIOD': 'Вас недавно об этом спрашивали.',
    'why.USER_FATIGUE': 'У вас недавно был опрос: не больше одного в день.', 'why.ROLE_CAP': 'Недавно уже спросили достаточно людей вашей роли.',
    'why.ACCOUNT_CAP': 'Недавно уже спросили достаточно людей из вашей компании.', 'why.CONSENT_REQUIRED': 'Ждёт вашего согласия.',
    'why.other': 'Не сейчас.',
    'action.identify1': 'Опознать посетителя', 'action.identify10': 'Опознать 10 посетителей',
    'action.export1': 'Выгрузить контакт в CRM', 'action.export5': 'Выгрузить 5 контактов',
    'action.deal': 'Создать сделку по веб-посетителю ({amount})', 'action.sync': 'Синхронизировать выручку из CRM',
    'done.identified': 'Опознано посетителей: {n}; подходят под ICP: {fit}', 'done.exported': 'Выгружено контактов в CRM: {n}',
    'done.deal': 'Сделка создана: {amount} в воронке', 'done.synced': 'Выручка синхронизирована из CRM: {amount}',
    'done.notSynced': 'Не удалось синхронизировать выручку: попробуйте ещё раз.', 'done.thanks': 'Спасибо! Ваша оценка: {score}.',
    'scorecard.lead': 'Сгенерированный портфель: {accounts, plural, one {# клиент} few {# клиента} many {# клиентов} other {# клиента}}, 12 месяцев выручки, {answers, plural, one {# ответ NPS} few {# ответа NPS} many {# ответов NPS} other {# ответа NPS}}. Результаты клиентов и компании рядом, посчитаны в этом браузере библиотекой clg-metrics. LTV : CAC — это CLV с учётом маржи (CLV × валовая маржа), делённый на CAC, поэтому он меньше, чем карточка CLV, делённая на карточку CAC.',
    'scorecard.link': 'Клиенты, чьи роли достигают целей: NRR {nrrA}, удержание {retA} ({accountsA, plural, one {# клиент} few {# клиента} many {# клиентов} other {# клиента}}); остальные: NRR {nrrB}, удержание {retB} ({accountsB}). Корреляция Спирмена между достижением целей и NRR клиента: {rho} (n = {n}).',
    'scorecard.window': 'За весь период {window} (клиенты, платившие в его начале), какой бы месяц ни был выбран выше.',
    'scorecard.caveat': 'Достижение целей и NPS/CSAT опережают удержание и расширение только вместе с поведением (использование, продления): смотрите их вместе, а не отдельно. Корреляция — не причинность.',
    na: 'н/д',
    'calc.title': 'Net Promoter Score, посчитанный в вашем браузере',
    'calc.lead': 'Введите или вставьте ответы от 0 до 10 на вопрос «Насколько вероятно, что вы порекомендуете нас другу или коллеге?». Оценку и её доверительный интервал (скорректированный метод Вальда) считает ядро clg-metrics на WebAssembly; данные не покидают страницу.',
    'calc.scores': 'Оценки (через пробел, запятую или с новой строки)', 'calc.help': 'Целые числа от 0 до 10.',
    'calc.level': 'Уровень доверия', 'calc.compute': 'Посчитать NPS', 'calc.loading': 'Загрузка модуля WebAssembly…',
    'calc.promoters': 'Промоутеры (9–10)', 'calc.passives': 'Нейтралы (7–8)', 'calc.detractors': 'Критики (0–6)', 'calc.responses': 'Ответы',
    'calc.interval': 'Доверительный интервал {level} %: от {low} до {high}',
    'calc.badEntry': 'Значение № {position} («{entry}») — не целое число от 0 до 10.',
    'calc.empty': 'Введите хотя бы одну оценку от 0 до 10.',
    'calc.failed': 'Не удалось посчитать NPS по этим оценкам.',
    'calc.loadFailed': 'Калькулятор не загрузился: обновите страницу.',
    'nav.calculator': 'Калькулятор NPS', 'nav.app': 'Приложение Beacon', 'nav.scorecard': 'Скоркард', 'nav.label': 'Страницы демо',
    language: 'Язык', 'app.you': 'Ваша роль', 'app.reset': 'Начать заново',
    'app.subtitle': 'узнаёт компании, которые посещают ваш сайт',
    'app.lead': 'Условный SaaS-продукт с clg-metrics внутри. Выберите роль, пользуйтесь продуктом и смотрите, как меняются результаты и цели роли. Всё считается и хранится в этом браузере.',
    'app.actions': 'Пользуйтесь продуктом', 'app.actionsHelp': 'Каждое действие — отслеживаемое событие; метрики приложения обновляются сразу.',
    'app.goals': 'Ваши результаты и цели',
    'scorecard.title': 'Скоркард роста через клиентов компании Beacon',
    'scorecard.month': 'Месяц', 'scorecard.linkTitle': 'Остаются ли и растут ли клиенты, достигающие своих целей?',
  },
};

/**
 * A demo text in the page's current language, `{name}` filled from `vars`
 * (numbers formatted for the language). A count's words take the language's
 * plural form, written as in ICU messages: `{n, plural, one {# answer} other
 * {# answers}}` (`#` is the number; the categories are Intl.PluralRules'
 * for the language, `other` when one is missing).
 */
export function demoText(key, vars = {}) {
  const lang = document.documentElement.lang;
  const text = TEXTS[lang]?.[key] ?? TEXTS.en[key] ?? key;
  const number = (n) => new Intl.NumberFormat(lang).format(n);
  const plural = new Intl.PluralRules(lang);
  return text.replace(/\{(\w+), plural,((?: \w+ \{[^{}]*\})+)\}|\{(\w+)\}/g, (_, counted, forms, name) => {
    if (name) return typeof vars[name] === 'number' ? number(vars[name]) : String(vars[name]);
    const n = vars[counted];
    const chosen = Object.fromEntries([...forms.matchAll(/(\w+) \{([^{}]*)\}/g)].map(([, category, form]) => [category, form]));
    return (chosen[plural.select(n)] ?? chosen.other).replaceAll('#', number(n));
  });
}

/** An amount in euros, in the page's language. */
export function euros(amount) {
  return new Intl.NumberFormat(document.documentElement.lang, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(amount);
}

/** The remembered language (default: the page's). */
export function savedLanguage() {
  const saved = localStorage.getItem(KEY);
  return LANGS.includes(saved) ? saved : document.documentElement.lang;
}

/**
 * Fills the `select` with the demo's languages, applies the remembered one,
 * wires the `select` to change and remember it, and calls `onChange(lang)`
 * now and after each change.
 */
export function useLanguage(select, onChange = () => {}) {
  select.replaceChildren(...LANGS.map((lang) => new Option(NAMES[lang], lang)));
  const english = new Map([...document.querySelectorAll('[data-text]')].map((el) => [el, el.textContent]));
  const englishLabels = new Map([...document.querySelectorAll('[data-label]')].map((el) => [el, el.getAttribute('aria-label')]));
  const apply = (lang) => {
    document.documentElement.lang = lang;
    select.value = lang;
    for (const [el, text] of english) el.textContent = TEXTS[lang]?.[el.dataset.text] ?? text;
    for (const [el, label] of englishLabels) el.setAttribute('aria-label', TEXTS[lang]?.[el.dataset.label] ?? label);
    onChange(lang);
  };
  select.addEventListener('change', () => {
    localStorage.setItem(KEY, select.value);
    apply(select.value);
  });
  apply(savedLanguage());
}
