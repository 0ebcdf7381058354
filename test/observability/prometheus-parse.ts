/** A small reader of the Prometheus text format, enough for the tests to check series. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  types: Map<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP')) {
      continue;
    }
    if (line.startsWith('# TYPE')) {
      const [, , name, type] = line.split(' ');
      types.set(name, type);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (match === null) {
      throw new Error(`not a Prometheus sample line: ${line}`);
    }
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(LABEL)) {
      labels[label[1]] = label[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    const raw = match[3];
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    // Prometheus parsers read NaN case-insensitively; prom-client writes a gauge
    // it has no sample for yet (event-loop lag before its first tick) as "Nan".
    if (Number.isNaN(value) && raw.toLowerCase() !== 'nan') {
      throw new Error(`not a number in: ${line}`);
    }
    samples.push({ name: match[1], labels, value });
  }
  return { samples, types };
}

/** The samples of a name whose labels include `labels`. */
export function find(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): Sample[] {
  return exposition.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}

/** The one value of a series; fails when there is none or more than one. */
export function value(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number {
  const found = find(exposition, name, labels);
  if (found.length !== 1) {
    throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  }
  return found[0].value;
}
