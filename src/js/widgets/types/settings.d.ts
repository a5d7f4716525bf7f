// Types of clg-metrics/widgets/settings: the widgets' page-wide settings and languages.
export { configureWidgets, registerLocale, type WidgetSettings } from '../elements.js';
