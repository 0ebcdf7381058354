/**
 * Prints the capability graph of src/ (each folder and the folders its
 * files import) and exits non-zero when the folders import each other in a
 * cycle. Run by `npm run lint`, so CI fails on a cycle.
 *
 *   npm run graph
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..', 'src');
/** Files directly in src/ (main, app module, CLI) wire the house together. */
const TOP = '(app)';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return sourceFiles(path);
    }
    return name.endsWith('.ts') ? [path] : [];
  });
}

function folderOf(path: string): string {
  const parts = relative(ROOT, path).split(sep);
  return parts.length === 1 ? TOP : parts[0];
}

const SPECIFIERS =
  /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?(?:from\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The folders each folder imports, from the relative specifiers of its files. */
export function capabilityGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(ROOT)) {
    const from = folderOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIERS)) {
      const specifier = match[1] ?? match[2];
      if (!specifier.startsWith('.')) {
        continue;
      }
      const target = resolve(dirname(file), specifier);
      if (!target.startsWith(ROOT + sep)) {
        continue;
      }
      const to = folderOf(target);
      if (to !== from) {
        edges.add(to);
      }
    }
  }
  return graph;
}

/** Strongly connected components with more than one folder (Tarjan). */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) {
        found.push(component.sort());
      }
    }
  };
  for (const node of [...graph.keys()].sort()) {
    if (!indices.has(node)) {
      visit(node);
    }
  }
  return found;
}

function main(): void {
  const graph = capabilityGraph();
  for (const folder of [...graph.keys()].sort()) {
    const targets = [...graph.get(folder)!].sort();
    console.log(`${folder.padEnd(17)} -> ${targets.length > 0 ? targets.join(', ') : '(nothing)'}`);
  }
  const found = cycles(graph);
  if (found.length > 0) {
    for (const component of found) {
      console.error(`cycle: ${component.join(' <-> ')}`);
    }
    process.exit(1);
  }
  console.log('no cycle');
}

main();
