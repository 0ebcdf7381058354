import * as fs from 'node:fs';

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, optional BOM. */
export function parseCsv(content: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = content.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < content.length; i++) {
    const c = content[i];
    if (quoted) {
      if (c === '"') {
        if (content[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && content[i + 1] === '\n') {
        i++;
      }
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/** Rows as objects keyed by the header row. */
export function readCsv(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  if (header === undefined) {
    return [];
  }
  return rows.map((cells) => {
    const record: Record<string, string> = {};
    header.forEach((name, i) => {
      record[name] = cells[i] ?? '';
    });
    return record;
  });
}

/** The labels of the 问政 board (一级标签) that map onto SPEC categories. */
export const BOARD_LABELS: Record<string, string> = {
  城乡建设: 'urban',
  环境保护: 'environment',
  交通运输: 'traffic',
  教育文体: 'education',
  劳动和社会保障: 'labour',
  商贸旅游: 'commerce',
  卫生计生: 'health',
};

export interface BoardMessage {
  id: string;
  text: string;
  category: string;
}

/**
 * The labelled board messages, subject and body joined, labels mapped to
 * SPEC categories. A message id that appears with two labels is noise and is
 * dropped (37042 in the shipped file).
 */
export function readBoardMessages(file: string): BoardMessage[] {
  const rows = readCsv(file);
  const labelsById = new Map<string, Set<string>>();
  for (const r of rows) {
    const id = r['留言编号'];
    labelsById.set(id, (labelsById.get(id) ?? new Set()).add(r['一级标签']));
  }
  const seen = new Set<string>();
  const out: BoardMessage[] = [];
  for (const r of rows) {
    const id = r['留言编号'];
    const category = BOARD_LABELS[r['一级标签']];
    if ((labelsById.get(id)?.size ?? 0) > 1 || seen.has(id) || category === undefined) {
      continue;
    }
    seen.add(id);
    out.push({ id, text: `${r['留言主题']}。${r['留言详情']}`, category });
  }
  return out;
}
