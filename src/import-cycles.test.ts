import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No module imports itself through others (type imports included): a cycle means two files
 * are one concept, or a third one is missing (issue #12). TypeScript's own pre-processor lists
 * each file's imports, so the check needs no extra dependency.
 */
const ROOTS = ['src', 'bench', 'e2e'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'results' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [resolve(path)] : [];
  });
}

/** Every cycle a depth-first walk meets, each as the list of files from its start back to it. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const dep of graph.get(file) ?? []) {
      if (state.get(dep) === 'open') cycles.push([...stack.slice(stack.indexOf(dep)), dep]);
      else if (!state.has(dep) && graph.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('imports', () => {
  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('have no cycle in src, bench or e2e', () => {
    const graph = new Map<string, string[]>();
    for (const file of ROOTS.flatMap((root) => sourceFiles(root))) {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, false);
      graph.set(
        file,
        importedFiles.map((f) => f.fileName).filter((name) => name.startsWith('.')).map((name) => resolve(dirname(file), name)),
      );
    }
    expect(graph.size).toBeGreaterThan(100);
    expect(findCycles(graph).map((cycle) => cycle.map((f) => relative('.', f)).join(' -> '))).toEqual([]);
  });
});
