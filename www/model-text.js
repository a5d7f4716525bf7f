// Beacon's own texts (role, metric, maturity level, unit, scale and data
// source names) in Spanish and Russian, registered with the widgets'
// `registerLocale` under the `model.*` keys: the way an app localises the
// model it defines. English comes from the model itself.
import { registerLocale } from '/dist/widgets/index.js';

const TEXTS = {
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
