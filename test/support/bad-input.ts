/**
 * Hostile requests for every operation of an OpenAPI document: malformed
 * path ids, query values, headers and bodies (wrong types, huge strings,
 * deep nesting, NUL, lone surrogates, prototype-pollution keys, SQL-looking
 * strings, huge page numbers). Built from the document alone, so an endpoint
 * added later is swept without anyone listing it.
 */

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
}

export interface SweptOperation {
  method: string;
  /** OpenAPI form: `/api/v1/leaders/{id}`. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  headerParams: string[];
  /** Null when the operation takes no body; `{}` when it takes one the document does not describe. */
  body: Schema | null;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function operationsOf(document: OpenApiDocument): SweptOperation[] {
  const schemas = document.components?.schemas ?? {};
  const resolve = (schema: Schema | undefined): Schema => {
    if (schema?.$ref) {
      return resolve(schemas[schema.$ref.replace('#/components/schemas/', '')]);
    }
    if (schema?.allOf) {
      const parts = schema.allOf.map(resolve);
      return {
        type: 'object',
        properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) as Record<
          string,
          Schema
        >,
        required: parts.flatMap((p) => p.required ?? []),
      };
    }
    return schema ?? {};
  };
  const operations: SweptOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) {
        continue;
      }
      const parameters = operation.parameters ?? [];
      // Header names are case-insensitive: Nest lists `Idempotency-Key` and `idempotency-key`.
      const names = (where: OpenApiParameter['in']) => [
        ...new Set(
          parameters
            .filter((p) => p.in === where)
            .map((p) => (where === 'header' ? p.name.toLowerCase() : p.name)),
        ),
      ];
      const content = operation.requestBody?.content;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: names('path'),
        queryParams: names('query'),
        headerParams: names('header'),
        body: operation.requestBody
          ? resolve(
              content?.['application/json']?.schema ?? Object.values(content ?? {})[0]?.schema,
            )
          : null,
      });
    }
  }
  return operations;
}

/** One request to send; every part already as it goes on the wire. */
export interface HostileRequest {
  /** What is hostile about it, for the failure message. */
  label: string;
  /** Path parameter values, percent-encoded. */
  pathValues: Record<string, string>;
  /** The query string without `?`, percent-encoded. */
  query: string;
  headers: Record<string, string>;
  body?: { contentType: string; bytes: Buffer };
}

/** A path id of each bad kind, percent-encoded. */
export const HOSTILE_PATH_VALUES: Record<string, string> = {
  'not an id': 'not-a-uuid',
  'huge number': '99999999999999999999',
  'SQL-looking': encodeURIComponent("1' OR '1'='1"),
  NUL: '%00',
  'lone surrogate (CESU-8 bytes)': '%ED%A0%BD',
  'bad percent escape': '%zz',
  __proto__: '__proto__',
  'encoded slash': '%2F',
  'huge string': 'x'.repeat(2_000),
  'unknown UUID': '5d0c3a4e-9e0b-4c59-9d5e-000000000000',
};

/** A query value of each bad kind, percent-encoded. */
export const HOSTILE_QUERY_VALUES: Record<string, string> = {
  empty: '',
  word: 'abc',
  negative: '-1',
  'huge number': '99999999999999999999',
  infinity: '1e309',
  NUL: '%00',
  'lone surrogate (CESU-8 bytes)': '%ED%A0%BD',
  'huge string': 'x'.repeat(4_000),
  'SQL-looking': encodeURIComponent("' OR 1=1; --"),
  'impossible date': encodeURIComponent('2025-13-45T99:99:99+99:99'),
};

const HOSTILE_EXTRA_QUERIES: Record<string, string> = {
  '__proto__ parameter': '__proto__=1',
  '__proto__[polluted] parameter': '__proto__%5Bpolluted%5D=1',
  'constructor[prototype] parameter': 'constructor%5Bprototype%5D%5Bpolluted%5D=1',
  'unknown parameter': 'zzz=1',
};

const HOSTILE_HEADER_VALUES: Record<string, string> = {
  'huge header': 'x'.repeat(8_000),
  'SQL-looking header': "' OR 1=1; --",
};

/** Marks a number literal too big for a double's integers, written bare into the JSON. */
const BARE_HUGE = '\u0001bare-huge';

/** A field value of each bad kind. */
export const HOSTILE_FIELD_VALUES: Record<string, unknown> = {
  null: null,
  number: 0,
  'huge float': 1e308,
  'huge integer literal': BARE_HUGE,
  boolean: true,
  'empty array': [],
  object: {},
  'huge string': 'x'.repeat(100_000),
  'empty string': '',
  NUL: '\u0000',
  'lone high surrogate': '\ud83d',
  'escape sequence': '\u001b[2J',
  'SQL-looking': "'; DROP TABLE leaders; --",
  'array of NUL': ['\u0000'],
  'pollution object': JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
};

const nestedText = (depth: number): string =>
  `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

/** Whole bodies of each bad kind, as raw text. */
function rawBodies(base: unknown): Record<string, string | Buffer> {
  const baseText = JSON.stringify(base ?? {});
  const withKey = (key: string, value: string) =>
    baseText === '{}' ? `{"${key}":${value}}` : `${baseText.slice(0, -1)},"${key}":${value}}`;
  return {
    'not JSON': '{"name": ',
    'empty body': '',
    'JSON null': 'null',
    'JSON array': '[]',
    'JSON string': '"x"',
    'JSON number': '42',
    'nested 5,000 deep': nestedText(5_000),
    'nested 33 deep': nestedText(33),
    '__proto__ key': withKey('__proto__', '{"polluted":true}'),
    'constructor.prototype key': withKey('constructor', '{"prototype":{"polluted":true}}'),
    'unknown field': withKey('zzz', '1'),
    'NUL in a field name': withKey('\\u0000', '1'),
    'invalid UTF-8': Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    'over 1 MB': `{"x":"${'a'.repeat(1_100_000)}"}`,
  };
}

/** A plausible valid value for a schema: its example, first enum value, or a value of its type. */
export function sampleOf(schema: Schema): unknown {
  if (schema.example !== undefined) {
    return schema.example;
  }
  if (schema.enum && schema.enum.length > 0) {
    return schema.enum[0];
  }
  if (schema.type === 'number' || schema.type === 'integer') {
    return 1;
  }
  if (schema.type === 'boolean') {
    return true;
  }
  if (schema.type === 'array') {
    return [];
  }
  if (schema.type === 'object') {
    return Object.fromEntries(
      (schema.required ?? []).map((name) => [name, sampleOf(schema.properties?.[name] ?? {})]),
    );
  }
  return 'x';
}

function jsonBody(value: unknown): { contentType: string; bytes: Buffer } {
  const text = JSON.stringify(value).replaceAll(`"${BARE_HUGE}"`, '99999999999999999999');
  return { contentType: 'application/json', bytes: Buffer.from(text, 'utf8') };
}

/** Shown in a failure message: what was sent, cut short. */
export function describeBody(body: HostileRequest['body']): string {
  if (!body) {
    return 'no body';
  }
  const text = body.bytes.toString('utf8');
  const shown = JSON.stringify(text.length > 160 ? `${text.slice(0, 160)}…` : text);
  return `${body.contentType} ${shown} (${body.bytes.length} bytes)`;
}

/**
 * Every hostile request for one operation. `valid` is the well-formed
 * request (path ids that exist, a sample body); each hostile one changes
 * one part of it. With `guardOnly` (the caller's role is refused before any
 * validation) only what runs before the guard is varied: the path and the
 * raw body.
 */
export function hostileRequests(
  operation: SweptOperation,
  validPathValues: Record<string, string>,
  guardOnly = false,
): HostileRequest[] {
  const base = operation.body ? sampleOf(operation.body) : undefined;
  const valid: HostileRequest = {
    label: 'the valid request',
    pathValues: validPathValues,
    query: '',
    headers: {},
    ...(operation.body ? { body: jsonBody(base) } : {}),
  };
  const requests: HostileRequest[] = [valid];
  const vary = (label: string, change: Partial<HostileRequest>) =>
    requests.push({ ...valid, label, ...change });

  for (const param of operation.pathParams) {
    for (const [kind, value] of Object.entries(HOSTILE_PATH_VALUES)) {
      vary(`path ${param} = ${kind}`, { pathValues: { ...validPathValues, [param]: value } });
    }
  }
  if (operation.body) {
    for (const [kind, text] of Object.entries(rawBodies(base))) {
      const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
      vary(`body ${kind}`, { body: { contentType: 'application/json', bytes } });
    }
    vary('body as text/plain', {
      body: { contentType: 'text/plain', bytes: valid.body?.bytes ?? Buffer.alloc(0) },
    });
  }
  if (guardOnly) {
    return requests;
  }
  for (const param of operation.queryParams) {
    for (const [kind, value] of Object.entries(HOSTILE_QUERY_VALUES)) {
      vary(`query ${param} = ${kind}`, { query: `${param}=${value}` });
    }
    vary(`query ${param} twice`, { query: `${param}=1&${param}=2` });
  }
  for (const [kind, query] of Object.entries(HOSTILE_EXTRA_QUERIES)) {
    vary(kind, { query });
  }
  for (const header of operation.headerParams) {
    for (const [kind, value] of Object.entries(HOSTILE_HEADER_VALUES)) {
      vary(`${header}: ${kind}`, { headers: { [header]: value } });
    }
  }
  const properties = operation.body?.properties ?? {};
  if (typeof base === 'object' && base !== null && !Array.isArray(base)) {
    for (const field of Object.keys(properties)) {
      for (const [kind, value] of Object.entries(HOSTILE_FIELD_VALUES)) {
        vary(`body ${field} = ${kind}`, { body: jsonBody({ ...base, [field]: value }) });
      }
    }
  }
  return requests;
}

/** `/api/v1/leaders/{id}` with its path values put in. */
export function pathWith(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_whole, name: string) => values[name] ?? 'x');
}
