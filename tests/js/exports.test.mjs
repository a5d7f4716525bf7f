// Every entry of package.json's "exports" provides at run time exactly the
// values (functions, classes, constants) its .d.ts declares: code that type
// checks also loads. Read with the TypeScript compiler's API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The value exports (not types) declared by the .d.ts at `file`. */
function declaredValues(file) {
  const program = ts.createProgram([file], { noEmit: true, skipLibCheck: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file));
  return checker.getExportsOfModule(module)
    .filter((s) => ((s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s).flags & ts.SymbolFlags.Value) !== 0)
    .map((s) => s.name)
    .sort();
}

test('each entry exports at run time what its types declare', async () => {
  const entries = Object.entries(exports).filter(([, target]) => typeof target === 'object' && target.types);
  assert.ok(entries.length >= 15);
  for (const [entry, { types }] of entries) {
    const name = `clg-metrics${entry.slice(1)}`;
    const runtime = Object.keys(await import(name)).sort();
    assert.deepEqual(runtime, declaredValues(join(root, types)), name);
  }
});

test("in Node every entry's functions and classes keep their names, in `.name` and in stack frames", async () => {
  // The bundled entries' node.js renamed `compare` to `compare2` and the class in
  // SurveyAggregate's frames to `_SurveyAggregate` (a randomized review across entries).
  const entries = Object.keys(exports).filter((entry) => !entry.includes('widgets') && !entry.endsWith('.wasm') && entry !== './package.json');
  for (const entry of entries) {
    const name = `clg-metrics${entry.slice(1)}`;
    for (const [key, value] of Object.entries(await import(name))) {
      if (typeof value === 'function') assert.equal(value.name, key, `${name}: ${key}`);
    }
  }
  const frame = (call) => {
    try {
      call();
    } catch (error) {
      return error.stack;
    }
    assert.fail('no error');
  };
  for (const dir of ['scores', 'in-app', '']) {
    const { SurveyAggregate, compare } = await import(`clg-metrics${dir && `/${dir}`}`);
    assert.match(frame(() => new SurveyAggregate('nps').summary({ level: 2 })), /\n {4}at SurveyAggregate\.summary \(/, dir);
    assert.match(frame(() => compare('nps', [11], [1])), /\n {4}at (Module\.)?compare \(/, dir);
  }
  const { ResultsStore } = await import('clg-metrics/results');
  assert.match(frame(() => new ResultsStore().kpis('x')), /\n {4}at ResultsStore\.kpis \(/);
});
