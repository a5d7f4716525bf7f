// clg-metrics/widgets/settings: the page-wide settings and languages of the
// widgets, for an app that imports single widgets (clg-metrics/widgets
// exports the same).
export { configureWidgets } from './element.js';
export { registerLocale } from './i18n.js';
