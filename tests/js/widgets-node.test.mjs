// The widget entries without a DOM (Node, server rendering): they load,
// export their API, and register nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('the widget entries load in Node and register nothing', async () => {
  assert.equal(typeof globalThis.HTMLElement, 'undefined');
  for (const entry of ['widgets', 'widgets/survey-prompts', 'widgets/goal-progress', 'widgets/role-goals', 'widgets/scorecard', 'widgets/check-in', 'widgets/prompt-host', 'widgets/settings']) {
    const module = await import(`clg-metrics/${entry}`);
    assert.ok(Object.keys(module).length > 0, entry);
  }
  const { registerLocale, paceState } = await import('clg-metrics/widgets');
  registerLocale('de', { 'survey.submit': 'Senden' });
  assert.equal(paceState({ status: 'achieved' }), 'achieved');
});
