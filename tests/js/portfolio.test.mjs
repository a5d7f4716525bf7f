// The demo's generated portfolio (www/portfolio.js, shown by /scorecard.html)
// must look like a real SaaS business when the package computes its KPIs:
// the ranges below are those of healthy B2B SaaS companies (trial conversion
// 15-35 %, activation 40-75 %, monthly logo churn 0.3-3 %, NRR 98-115 %,
// NPS 15-50, CSAT 70-90 %, CES mean 4.5-6.5 of 7, LTV:CAC 2-8 over the year).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompanyData, ces, csat, init, nps } from 'clg-metrics';
import { generatePortfolio, MONTHS } from '../../www/portfolio.js';

await init();

const portfolio = generatePortfolio();
const data = CompanyData.fromRecords(portfolio.records);
const months = data.metrics();
const sum = (values) => values.reduce((s, x) => s + x, 0);
const mean = (values) => sum(values) / values.length;
const within = (value, low, high, what) => assert.ok(value >= low && value <= high, `${what}: ${value} not within ${low}..${high}`);

test('the portfolio is deterministic and the package accepts it', () => {
  assert.deepEqual(generatePortfolio(), portfolio);
  assert.equal(portfolio.records.accounts.length, 300);
  assert.equal(portfolio.achieving.length, 300);
  assert.equal(months.length, MONTHS.length);
});

test('trials: about a quarter convert, half activate, none of the months at 0 % or 100 %', () => {
  const trials = sum(months.map((m) => m.funnel.trials));
  const converted = sum(months.map((m) => (m.funnel.trials * (m.funnel.trialConversion.value ?? 0)) / 100));
  within(trials, 80, 200, 'trials in the year');
  within((100 * converted) / trials, 15, 35, 'trial conversion over the year, %');
  const activated = sum(months.map((m) => (m.funnel.signups * (m.funnel.activation.value ?? 0)) / 100));
  within((100 * activated) / sum(months.map((m) => m.funnel.signups)), 40, 75, 'activation over the year, %');
  for (const [i, m] of months.entries()) {
    within(m.funnel.trialConversion.value, 1, 99, `trial conversion in month ${i}`);
    within(m.funnel.activation.value, 1, 99, `activation in month ${i}`);
  }
  const ttv = months[MONTHS.length - 1].funnel.timeToValue;
  within(ttv.median.value, 0, 14, 'median days to first value');
});

test('revenue: churn near 1 % a month, NRR a little above 100 %, expansion and renewals present', () => {
  within(mean(months.map((m) => m.revenue.logoChurn.value)), 0.3, 3, 'monthly logo churn, %');
  within(mean(months.map((m) => m.revenue.nrr.value)), 98, 115, 'monthly NRR, %');
  within(mean(months.map((m) => m.revenue.grr.value)), 90, 100, 'monthly GRR, %');
  assert.ok(months.every((m) => m.revenue.expansionMrr > 0), 'every month has expansion');
  assert.ok(months.some((m) => m.revenue.renewalRate.value !== null), 'annual contracts come up for renewal');
  // Over the year: the mean customer lifetime value against the pooled CAC.
  const cac = sum(portfolio.records.finance.map((f) => f.acquisitionCost)) / sum(months.map((m) => m.revenue.newAccounts));
  const clv = mean(months.filter((m) => m.finance.clvMargin.value !== null).map((m) => m.finance.clvMargin.value));
  within(clv / cac, 2, 8, 'LTV:CAC over the year');
  const last = months[MONTHS.length - 1];
  within(last.finance.ltvCac.value, 1, 15, 'LTV:CAC of the last month');
  within(last.finance.runway.value, 6, 60, 'runway, months');
  within(last.finance.netMargin.value, -60, 20, 'net margin, % (a growing company may burn)');
  within(last.revenue.arpu.value, 10, 100, 'ARPU per seat');
  assert.ok(last.revenue.accounts > months[0].revenue.accounts, 'the customer base grows');
});

test('support and usage: first-contact resolution and stickiness of a B2B product', () => {
  within(mean(months.map((m) => m.support.fcr.value)), 60, 85, 'FCR, %');
  within(mean(months.map((m) => m.usage.stickiness.value)), 10, 40, 'DAU/MAU, %');
});

test('surveys: NPS around 30, CSAT around 80 %, CES mostly easy, achievers warmer', () => {
  const scores = (list) => list.map((r) => r.score);
  within(nps(scores(portfolio.npsResponses)).score, 15, 50, 'NPS');
  within(csat(scores(portfolio.csatResponses), { scale: 5 }).score, 70, 90, 'CSAT, %');
  within(ces(scores(portfolio.cesResponses), { scale: 7 }).mean, 4.5, 6.5, 'CES mean');
  for (const list of [portfolio.npsResponses, portfolio.csatResponses, portfolio.cesResponses]) {
    assert.ok(list.length >= 100, `${list[0].kind}: ${list.length} answers`);
  }
  const byAchiever = (flag) => scores(portfolio.npsResponses.filter((r) => portfolio.achieving[Number(r.respondent.accountId.slice(5))] === flag));
  assert.ok(nps(byAchiever(true)).score > nps(byAchiever(false)).score + 10);
  const ids = new Set(portfolio.records.accounts.map((a) => a.id));
  assert.ok(portfolio.npsResponses.every((r) => ids.has(r.respondent.accountId)), 'answers come from the portfolio accounts');
});
