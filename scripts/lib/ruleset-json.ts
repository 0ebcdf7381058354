import type { Ruleset } from '../../src/classification/ruleset';

/**
 * A ruleset as JSON with one term a line (`{ "term": …, "weight": … }`) and
 * short string lists on one line, so that a reviewer reads it and a diff
 * shows each changed weight on its own line.
 */
export function formatRuleset(ruleset: Ruleset): string {
  return `${write(ruleset, '')}\n`;
}

function isTerm(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).join() === 'term,weight'
  );
}

function write(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return '[]';
    }
    if (value.every(isTerm)) {
      const items = value.map((t: { term: string; weight: number }) => {
        return `${inner}{ "term": ${JSON.stringify(t.term)}, "weight": ${JSON.stringify(t.weight)} }`;
      });
      return `[\n${items.join(',\n')}\n${indent}]`;
    }
    return `[\n${value.map((v) => inner + write(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) {
      return '{}';
    }
    const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner)}`);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
