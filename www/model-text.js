// Beacon's own texts (role, metric, maturity level, unit, scale and data
// source names) in Spanish and Russian, registered with the widgets'
// `registerLocale` under the `model.*` keys: the way an app localises the
// model it defines. English comes from the model itself, but for a unit's
// singular ("1 visitor"). A unit beside a number
// takes its plural form (`model.unit.<unit>.one`, `.few`, `.many`, `.other`);
// `model.unit.<unit>` names it on its own, in a field's label.
import { registerLocale } from '/dist/widgets/index.js';

const TEXTS = {
  en: {
    'model.unit.visitors.one': 'visitor',
    'model.unit.points.one': 'point',
    'model.unit.contacts.one': 'contact',
    'model.unit.companies.one': 'company',
    'model.unit.meetings.one': 'meeting',
  },
  es: {
    'model.role.marketer': 'Especialista en marketing digital',
    'model.role.sdr': 'Representante de desarrollo de ventas',
    'model.role.vp': 'Directora de marketing',
    'model.metric.identified': 'Visitantes identificados por semana',
    'model.metric.icp': 'Visitantes identificados que encajan en el ICP',
    'model.metric.targeting': 'Confianza en la segmentación de campañas',
    'model.metric.contacts': 'Contactos aportados por semana',
    'model.metric.companies': 'Empresas contactadas este mes',
    'model.metric.meetings': 'Reuniones concertadas por semana',
    'model.metric.pipeline': 'Pipeline de visitantes web este trimestre',
    'model.metric.revenue': 'Ingresos de visitantes web',
    'model.maturity.Initial': 'Inicial',
    'model.maturity.Developing': 'En desarrollo',
    'model.maturity.Defined': 'Definido',
    'model.maturity.Managed': 'Gestionado',
    'model.maturity.Leading': 'Referente',
    'model.unit.visitors': 'visitantes',
    'model.unit.points': 'puntos',
    'model.unit.contacts': 'contactos',
    'model.unit.companies': 'empresas',
    'model.unit.meetings': 'reuniones',
    'model.unit.visitors.one': 'visitante',
    'model.unit.visitors.other': 'visitantes',
    'model.unit.points.one': 'punto',
    'model.unit.points.other': 'puntos',
    'model.unit.contacts.one': 'contacto',
    'model.unit.contacts.other': 'contactos',
    'model.unit.companies.one': 'empresa',
    'model.unit.companies.other': 'empresas',
    'model.unit.meetings.one': 'reunión',
    'model.unit.meetings.other': 'reuniones',
    'model.scale.targeting.1': 'Adivinando',
    'model.scale.targeting.2': 'Algunos datos',
    'model.scale.targeting.3': 'Basada en datos',
    'model.scale.targeting.4': 'Probada',
    'model.scale.targeting.5': 'Demostrada',
    'model.source.Beacon tracking': 'Seguimiento de Beacon',
    'model.source.Beacon exports': 'Exportaciones de Beacon',
    'model.source.Beacon deals': 'Oportunidades de Beacon',
    'model.source.Your calendar': 'Su calendario',
    'model.source.CRM integration': 'Integración con el CRM',
  },
  ru: {
    'model.role.marketer': 'Интернет-маркетолог',
    'model.role.sdr': 'Менеджер по развитию продаж',
    'model.role.vp': 'Директор по маркетингу',
    'model.metric.identified': 'Опознанные посетители за неделю',
    'model.metric.icp': 'Опознанные посетители, подходящие под ICP',
    'model.metric.targeting': 'Уверенность в таргетинге кампаний',
    'model.metric.contacts': 'Контакты за неделю',
    'model.metric.companies': 'Компании, охваченные в этом месяце',
    'model.metric.meetings': 'Встречи за неделю',
    'model.metric.pipeline': 'Воронка от веб-посетителей в этом квартале',
    'model.metric.revenue': 'Выручка от веб-посетителей',
    'model.maturity.Initial': 'Начальный',
    'model.maturity.Developing': 'Развивающийся',
    'model.maturity.Defined': 'Определённый',
    'model.maturity.Managed': 'Управляемый',
    'model.maturity.Leading': 'Лидирующий',
    'model.unit.visitors': 'посетителей',
    'model.unit.points': 'баллов',
    'model.unit.contacts': 'контактов',
    'model.unit.companies': 'компаний',
    'model.unit.meetings': 'встреч',
    'model.unit.visitors.one': 'посетитель',
    'model.unit.visitors.few': 'посетителя',
    'model.unit.visitors.many': 'посетителей',
    'model.unit.visitors.other': 'посетителя',
    'model.unit.points.one': 'балл',
    'model.unit.points.few': 'балла',
    'model.unit.points.many': 'баллов',
    'model.unit.points.other': 'балла',
    'model.unit.contacts.one': 'контакт',
    'model.unit.contacts.few': 'контакта',
    'model.unit.contacts.many': 'контактов',
    'model.unit.contacts.other': 'контакта',
    'model.unit.companies.one': 'компания',
    'model.unit.companies.few': 'компании',
    'model.unit.companies.many': 'компаний',
    'model.unit.companies.other': 'компании',
    'model.unit.meetings.one': 'встреча',
    'model.unit.meetings.few': 'встречи',
    'model.unit.meetings.many': 'встреч',
    'model.unit.meetings.other': 'встречи',
    'model.scale.targeting.1': 'Наугад',
    'model.scale.targeting.2': 'Есть данные',
    'model.scale.targeting.3': 'На основе данных',
    'model.scale.targeting.4': 'Проверено',
    'model.scale.targeting.5': 'Доказано',
    'model.source.Beacon tracking': 'Отслеживание Beacon',
    'model.source.Beacon exports': 'Выгрузки Beacon',
    'model.source.Beacon deals': 'Сделки Beacon',
    'model.source.Your calendar': 'Ваш календарь',
    'model.source.CRM integration': 'Интеграция с CRM',
  },
};

/** A role's name in `lang` (English from the model). */
export function roleName(lang, { id, name }) {
  return TEXTS[lang]?.[`model.role.${id}`] ?? name;
}

/** Registers Beacon's texts; `names` gives each role id its English name (for scorecard lines keyed by role id). */
export function registerModelTexts(names) {
  registerLocale('en', Object.fromEntries(names.map(({ id, name }) => [`model.role.${id}`, name])));
  for (const [lang, texts] of Object.entries(TEXTS)) registerLocale(lang, texts);
}
