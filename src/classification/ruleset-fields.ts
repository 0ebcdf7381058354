import { DomainError } from '../common/domain-error';

/** The checks every field of an untrusted ruleset goes through; a failure names its path. */
export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface TermRule {
  terms: WeightedTerm[];
}

export class RulesetInvalid extends DomainError {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super('invalid', 'RULESET_INVALID', `${path} ${problem}`, { path });
    this.name = 'RulesetInvalid';
  }
}

export type Obj = Record<string, unknown>;

export function fail(path: string, problem: string): never {
  throw new RulesetInvalid(path, problem);
}

export function object(value: unknown, path: string, allowed: readonly string[]): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, 'must be an object');
  }
  const obj = value as Obj;
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      fail(`${path}.${key}`, `is not a known field (expected one of ${allowed.join(', ')})`);
    }
  }
  return obj;
}

export function string(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    fail(path, 'must be a non-empty string');
  }
  return value;
}

export function number(value: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(path, 'must be a number');
  }
  if (value < min || value > max) {
    fail(path, `must be between ${min} and ${max}`);
  }
  return value;
}

export function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) {
    fail(path, 'must be an array');
  }
  return value;
}

export function stringList(value: unknown, path: string): string[] {
  const seen = new Set<string>();
  return array(value, path).map((item, i) => {
    const s = string(item, `${path}[${i}]`);
    if (seen.has(s)) {
      fail(`${path}[${i}]`, `duplicates "${s}"`);
    }
    seen.add(s);
    return s;
  });
}

export function termRule(value: unknown, path: string): TermRule {
  const obj = object(value, path, ['terms']);
  const seen = new Set<string>();
  const terms = array(obj.terms, `${path}.terms`).map((item, i): WeightedTerm => {
    const at = `${path}.terms[${i}]`;
    const t = object(item, at, ['term', 'weight']);
    const term = string(t.term, `${at}.term`);
    if (/\s/.test(term)) {
      fail(`${at}.term`, 'must not contain whitespace (terms are matched against tokens)');
    }
    if (seen.has(term)) {
      fail(`${at}.term`, `duplicates "${term}"`);
    }
    seen.add(term);
    return { term, weight: number(t.weight, `${at}.weight`, -100, 100) };
  });
  return { terms };
}

export function record<K extends string, V>(
  value: unknown,
  path: string,
  keys: readonly K[],
  each: (v: unknown, p: string) => V,
): Record<K, V> {
  const obj = object(value, path, keys);
  const out = {} as Record<K, V>;
  for (const key of keys) {
    if (!(key in obj)) {
      fail(`${path}.${key}`, 'is missing');
    }
    out[key] = each(obj[key], `${path}.${key}`);
  }
  return out;
}

export function pattern(value: unknown, path: string): string {
  const source = string(value, path);
  try {
    new RegExp(source, 'iu');
  } catch (e) {
    fail(path, `is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`);
  }
  return source;
}
