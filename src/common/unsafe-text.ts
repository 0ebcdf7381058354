/**
 * Text a client may not send: control characters (Unicode Cc, except tab,
 * line feed and carriage return), unpaired UTF-16 surrogates, and the
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), with which a note "已处理\u202Egnp.exe" displays as
 * "已处理exe.png" in the record for good. PostgreSQL
 * refuses NUL in text and lone surrogates in jsonb, and the other controls
 * are never part of a name, a note or a rule; they are refused wherever they
 * appear in a request, in values and in field names alike.
 */

/** C0 controls but tab, line feed and carriage return; DEL; C1 controls. */
function isRefusedControl(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f)
  );
}

export interface UnsafeText {
  /** Where it was found: `name`, `leaderIds[1]`, `holidays[0].name`. */
  field: string;
  problem: string;
}

/** Why `text` may not be stored, or null when it may. */
export function textProblem(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isRefusedControl(code)) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      return `must not contain control characters (U+${hex})`;
    }
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
      const hex = code.toString(16).toUpperCase();
      return `must not contain bidirectional control characters (U+${hex}), which reorder how the text reads`;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++; // a pair: one character
        continue;
      }
      return 'must not contain unpaired UTF-16 surrogates';
    }
  }
  return null;
}

const MAX_DEPTH = 64;

/**
 * The first string or key inside `value` that may not be stored, named by
 * its path under `root` (`''` for a whole body or query). Arrays and plain
 * objects are searched; other values pass.
 */
export function findUnsafeText(value: unknown, root = ''): UnsafeText | null {
  return search(value, root, 0);
}

function search(value: unknown, path: string, depth: number): UnsafeText | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem === null ? null : { field: path || 'value', problem };
  }
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) {
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = search(value[i], `${path}[${i}]`, depth + 1);
      if (found) {
        return found;
      }
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    const field = path ? `${path}.${key}` : key;
    if (keyProblem !== null) {
      return { field: path || 'field name', problem: `has a field name that ${keyProblem}` };
    }
    const found = search(item, field, depth + 1);
    if (found) {
      return found;
    }
  }
  return null;
}
