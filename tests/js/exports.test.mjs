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
