// An app that imports one widget entry: only the elements that import
// registers are typed by tag (compiled on its own, without the other
// samples, which import every widget).
import { CheckIn } from 'clg-metrics/widgets/check-in';

const checkIn: CheckIn = document.createElement('clg-check-in');
checkIn.metrics = null;
// Not registered by this import: a plain HTMLElement, without the scorecard's properties.
// @ts-expect-error: clg-scorecard is not typed as Scorecard here
document.createElement('clg-scorecard').scorecard = null;
