// A sample consumer: compiled with `tsc --noEmit --strict` against the
// published .d.ts. Lines marked @ts-expect-error must stay errors.
import { init, nps, type ClgMetricsError, type NpsResult } from 'clg-metrics';

await init();
await init(new URL('https://cdn.example/clg_metrics_bg.wasm'));

const result: NpsResult = nps([10, 9, 7, 3], { level: 0.9 });
const bytes: NpsResult = nps(new Uint8Array([10, 9]));
nps(new Float64Array([10, 9]));
const score: number = result.score + bytes.interval.low + result.interval.level;
const counts: number = result.promoters + result.passives + result.detractors + result.n;

try {
  nps([11]);
} catch (e) {
  const error = e as ClgMetricsError;
  const code: string = error.code;
  const field: string = error.field;
  console.log(code, field, score, counts);
}

// @ts-expect-error: scores must be numbers
nps(['10']);
// @ts-expect-error: level is a number
nps([10], { level: '0.9' });
// @ts-expect-error: unknown option
nps([10], { levle: 0.9 });
// @ts-expect-error: the result has no such field
result.average;
