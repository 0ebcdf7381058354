import { createHash } from 'node:crypto';

import { computeMetrics } from './metric-formulas';
import {
  canonicalJson,
  CSV_COLUMN_KEYS,
  snapshotCanonicalContent,
  snapshotHash,
  snapshotToCsv,
} from './snapshot-format';
import type { SnapshotContent, SnapshotItem } from './snapshot-format';

const window = {
  from: new Date('2025-03-01T00:00:00+08:00'),
  to: new Date('2025-04-01T00:00:00+08:00'),
  asOf: new Date('2025-04-02T00:00:00+08:00'),
};

const metrics = computeMetrics({
  window,
  cases: [
    {
      openedAt: new Date('2025-03-03T09:00:00+08:00'),
      acknowledgeDeadline: new Date('2025-03-04T09:00:00+08:00'),
      firstResponseAt: new Date('2025-03-03T11:40:00+08:00'),
      firstResponseBy: 'leader',
      resolvedAt: null,
      closedAt: null,
      satisfactionScore: 75,
      satisfactionAt: new Date('2025-03-05T09:00:00+08:00'),
    },
  ],
  receivedCount: 3,
  coverage: { held: 9, reported: 10 },
});

function item(overrides: Partial<SnapshotItem> = {}): SnapshotItem {
  return {
    leaderId: 'L1',
    name: '张警官',
    unit: '广州市公安局',
    regionCode: '440100',
    score: metrics.score.value,
    metrics,
    ...overrides,
  };
}

const snapshot: SnapshotContent = { definitionVersion: 'v1', window, items: [item()] };

describe('canonicalJson', () => {
  it('sorts keys at every level, writes no whitespace, Dates as UTC ISO', () => {
    expect(
      canonicalJson({
        b: 1,
        a: [{ d: null, c: '民声' }],
        at: new Date('2025-03-01T00:00:00+08:00'),
      }),
    ).toBe('{"a":[{"c":"民声","d":null}],"at":"2025-02-28T16:00:00.000Z","b":1}');
  });

  it('orders keys by UTF-16 code units, not locale', () => {
    expect(canonicalJson({ b: 1, B: 2, é: 3, a: 4 })).toBe('{"B":2,"a":4,"b":1,"é":3}');
  });

  it('omits undefined properties and refuses what JSON would silently change', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: Infinity })).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
    expect(() => canonicalJson({ a: new Map() })).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
    expect(() => canonicalJson({ a: new Date('x') })).toThrow(TypeError);
  });
});

describe('snapshotHash', () => {
  it('is the SHA-256 hex of the canonical content', () => {
    const content = snapshotCanonicalContent(snapshot);
    expect(snapshotHash(snapshot)).toBe(createHash('sha256').update(content, 'utf8').digest('hex'));
    expect(snapshotHash(snapshot)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('pins a known value', () => {
    const tiny: SnapshotContent = {
      definitionVersion: 'v1',
      window: {
        from: '2025-03-01T00:00:00.000Z',
        to: '2025-04-01T00:00:00.000Z',
        asOf: '2025-04-01T00:00:00.000Z',
      },
      items: [],
    };
    expect(snapshotCanonicalContent(tiny)).toBe(
      '{"definitionVersion":"v1","items":[],"window":{"asOf":"2025-04-01T00:00:00.000Z","from":"2025-03-01T00:00:00.000Z","to":"2025-04-01T00:00:00.000Z"}}',
    );
    // printf '%s' '<the line above>' | sha256sum
    expect(snapshotHash(tiny)).toBe(
      'be2c926e1c412f34d6d5ec79e816b6486388dae20b3e743f2c55691b2aabc133',
    );
  });

  it('does not change when keys come in another order, or with id/createdAt/hash attached', () => {
    const reordered = JSON.parse(JSON.stringify(snapshot), (_key, value: unknown) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        return Object.fromEntries(Object.entries(value).reverse());
      }
      return value;
    }) as SnapshotContent;
    expect(Object.keys(reordered.items[0])[0]).not.toBe(Object.keys(snapshot.items[0])[0]);
    // the JSON round trip turned Dates into the same ISO strings
    expect(snapshotHash(reordered)).toBe(snapshotHash(snapshot));
    const stored = { id: 'S1', createdAt: new Date(), hash: 'x', ...snapshot };
    expect(snapshotHash(stored)).toBe(snapshotHash(snapshot));
  });

  it('changes when any figure or the item order changes', () => {
    const other = item({ leaderId: 'L2' });
    const base = snapshotHash({ ...snapshot, items: [item(), other] });
    expect(snapshotHash({ ...snapshot, items: [other, item()] })).not.toBe(base);
    const bumped = { ...metrics, received: { value: 4, numerator: 4, denominator: 1 } };
    expect(snapshotHash({ ...snapshot, items: [item({ metrics: bumped }), other] })).not.toBe(base);
  });
});

/** A strict RFC 4180 reader, to check what Excel or any client will see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else {
      expect(ch).not.toBe('\n');
      field += ch;
    }
    i += 1;
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

describe('snapshotToCsv', () => {
  it('starts with a BOM, ends every record with CRLF, one row per item', () => {
    const csv = snapshotToCsv({ ...snapshot, items: [item(), item({ leaderId: 'L2' })] });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = parseCsv(csv.slice(1));
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.length === CSV_COLUMN_KEYS.length)).toBe(true);
  });

  it('writes bilingual or English headers', () => {
    const [bilingual] = parseCsv(snapshotToCsv(snapshot).slice(1));
    expect(bilingual.slice(0, 3)).toEqual(['排名(rank)', '领导ID(leaderId)', '姓名(name)']);
    const [english] = parseCsv(snapshotToCsv(snapshot, { header: 'en' }).slice(1));
    expect(english).toEqual(CSV_COLUMN_KEYS);
    expect(english.slice(0, 8)).toEqual([
      'rank',
      'leaderId',
      'name',
      'unit',
      'regionCode',
      'score',
      'received',
      'cases',
    ]);
  });

  it('writes numbers with a dot, null as empty, Chinese as is, window as ISO', () => {
    const [header, row] = parseCsv(snapshotToCsv(snapshot, { header: 'en' }).slice(1));
    const cell = (key: string): string => row[header.indexOf(key)];
    expect(cell('rank')).toBe('1');
    expect(cell('name')).toBe('张警官');
    expect(cell('score')).toBe(String(metrics.score.value));
    expect(cell('medianFirstResponseHours')).toBe('2.67');
    expect(cell('resolutionRate')).toBe('0');
    expect(cell('coverage')).toBe('0.9');
    expect(cell('satisfaction')).toBe('75');
    expect(cell('windowFrom')).toBe('2025-02-28T16:00:00.000Z');
    const none = computeMetrics({
      window,
      cases: [],
      receivedCount: 0,
      coverage: { held: 0, reported: 0 },
    });
    const [, empty] = parseCsv(
      snapshotToCsv(
        { ...snapshot, items: [item({ metrics: none, score: null })] },
        { header: 'en' },
      ).slice(1),
    );
    expect(empty[header.indexOf('responseRate')]).toBe('');
    expect(empty[header.indexOf('score')]).toBe('');
    expect(snapshotToCsv({ ...snapshot, items: [item({ score: 1e-7 })] })).toContain(',0.0000001,');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    const csv = snapshotToCsv(
      { ...snapshot, items: [item({ name: '王"老"五', unit: '公安局,治安科\r\n二组' })] },
      { header: 'en' },
    );
    expect(csv).toContain(',"王""老""五","公安局,治安科\r\n二组",');
    const [, row] = parseCsv(csv.slice(1));
    expect(row.slice(2, 4)).toEqual(['王"老"五', '公安局,治安科\r\n二组']);
  });

  it.each(['=HYPERLINK("http://x","点我")', '+86 138', '-1+1', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'neutralises a formula-looking text cell %j',
    (name) => {
      const [header, row] = parseCsv(
        snapshotToCsv({ ...snapshot, items: [item({ name })] }, { header: 'en' }).slice(1),
      );
      expect(row[header.indexOf('name')]).toBe(`'${name}`);
    },
  );

  it('leaves numeric cells and harmless text alone', () => {
    const [header, row] = parseCsv(
      snapshotToCsv(
        { ...snapshot, items: [item({ name: '李=警官', rank: 7 })] },
        { header: 'en' },
      ).slice(1),
    );
    expect(row[header.indexOf('name')]).toBe('李=警官');
    expect(row[header.indexOf('rank')]).toBe('7');
    expect(row[header.indexOf('regionCode')]).toBe('440100');
  });
});
