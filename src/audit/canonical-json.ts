/**
 * Canonical JSON: one byte sequence for one value, so that a hash computed
 * when an event is written is recomputed identically after a round trip
 * through PostgreSQL jsonb (which reorders keys and drops nothing we keep).
 *
 * - object keys sorted by UTF-16 code units (Array.prototype.sort), at every
 *   depth; properties whose value is undefined are left out;
 * - no whitespace anywhere;
 * - strings and numbers as JSON.stringify writes them (numbers in the
 *   shortest form that reads back to the same double; -0 is written 0);
 * - a Date becomes its ISO string (`2025-01-04T06:07:28.000Z`);
 * - undefined inside an array becomes null (as JSON.stringify does);
 * - NaN, Infinity, bigint, functions, symbols, Map, Set, RegExp, binary
 *   buffers and invalid dates are refused with a TypeError: they have no
 *   faithful JSON form. Other objects (entities, plain objects) are taken by
 *   their own enumerable string-keyed properties.
 */
export function canonicalJson(value: unknown): string {
  const text = write(value, new Set<object>());
  if (text === undefined) {
    throw new TypeError('canonicalJson: undefined has no JSON form');
  }
  return text;
}

function write(value: unknown, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      }
      return JSON.stringify(value);
    case 'bigint':
    case 'symbol':
    case 'function':
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
    case 'object':
      return value === null ? 'null' : writeObject(value, ancestors);
  }
}

function writeObject(value: object, ancestors: Set<object>): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new TypeError('canonicalJson: invalid Date');
    }
    return JSON.stringify(value.toISOString());
  }
  if (
    value instanceof Map ||
    value instanceof Set ||
    value instanceof RegExp ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value)
  ) {
    throw new TypeError(`canonicalJson: a ${value.constructor.name} has no faithful JSON form`);
  }
  if (ancestors.has(value)) {
    throw new TypeError('canonicalJson: circular structure');
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items = (value as unknown[]).map((item) => write(item, ancestors) ?? 'null');
      return `[${items.join(',')}]`;
    }
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = write(record[key], ancestors);
      if (member !== undefined) {
        members.push(`${JSON.stringify(key)}:${member}`);
      }
    }
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}
