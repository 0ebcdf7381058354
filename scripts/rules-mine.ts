/**
 * npm run rules:mine -- <labelled.csv> [--text-cols 留言主题,留言详情] [--label-col 一级标签]
 *                        [--max-terms 150] [--min-count 2] [--min-z 1] [--prior-mass 5000]
 *                        [--lead-weight 2] [--all]
 *
 * Proposes weighted terms per category from labelled messages (log-odds
 * with an informative Dirichlet prior over jieba tokens, see term-miner.ts)
 * and prints a JSON fragment, category → [{ term, weight }], for a person to
 * review and merge into a ruleset's `categories`. Terms the default ruleset
 * already has for that category are left out unless --all is given. The
 * text columns are joined with 。, so the first (a subject line) is the
 * opening sentence that --lead-weight emphasises, as the ruleset's `lead`
 * does when classifying.
 *
 * Labels may be SPEC category codes or the 问政 board's 一级标签 (mapped);
 * rows with other labels are skipped and counted.
 */
import { normalise } from '../src/classification/normaliser';
import { loadDefaultRuleset } from '../src/classification/ruleset';
import { segment } from '../src/classification/segmenter';
import { isCategory, RuledCategory } from '../src/classification/taxonomy';
import { mineTerms } from '../src/classification/term-miner';
import { BOARD_LABELS, readCsv } from './lib/csv';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function numberOption(name: string): number | undefined {
  const v = option(name);
  return v === undefined ? undefined : Number(v);
}

function main(): void {
  const file = process.argv[2];
  if (file === undefined || file.startsWith('--')) {
    console.error(
      'usage: npm run rules:mine -- <labelled.csv> [--text-cols a,b] [--label-col name]',
    );
    process.exit(2);
  }
  const rows = readCsv(file);
  const header = Object.keys(rows[0] ?? {});
  const labelCol =
    option('label-col') ?? ['一级标签', 'category', 'label'].find((c) => header.includes(c));
  const textCols =
    option('text-cols')?.split(',') ??
    (header.includes('留言详情') ? ['留言主题', '留言详情'] : ['text']);
  if (labelCol === undefined || !header.includes(labelCol)) {
    console.error(
      `no label column (looked for ${labelCol ?? '一级标签, category, label'}) in ${file}`,
    );
    process.exit(2);
  }
  for (const col of textCols) {
    if (!header.includes(col)) {
      console.error(`no text column "${col}" in ${file} (columns: ${header.join(', ')})`);
      process.exit(2);
    }
  }

  // A message id seen with two labels is noise (the board file has one).
  const idCol = header.includes('留言编号') ? '留言编号' : undefined;
  const labelsById = new Map<string, Set<string>>();
  if (idCol !== undefined) {
    for (const r of rows) {
      labelsById.set(r[idCol], (labelsById.get(r[idCol]) ?? new Set()).add(r[labelCol]));
    }
  }
  let skipped = 0;
  const docs: { label: string; tokens: string[] }[] = [];
  for (const r of rows) {
    const raw = r[labelCol].trim();
    const label = BOARD_LABELS[raw] ?? raw;
    const conflicting = idCol !== undefined && (labelsById.get(r[idCol])?.size ?? 0) > 1;
    if (!isCategory(label) || label === 'other' || conflicting) {
      skipped++;
      continue;
    }
    const text = normalise(textCols.map((c) => r[c]).join('。')).text;
    docs.push({ label, tokens: segment(text) });
  }

  const mined = mineTerms(docs, {
    maxTermsPerLabel: numberOption('max-terms'),
    minCount: numberOption('min-count'),
    minZ: numberOption('min-z'),
    priorMass: numberOption('prior-mass'),
    leadWeight: numberOption('lead-weight'),
  });
  const defaults = loadDefaultRuleset();
  const all = process.argv.includes('--all');
  const fragment: Record<string, { term: string; weight: number }[]> = {};
  for (const [label, terms] of Object.entries(mined)) {
    const known = new Set(defaults.categories[label as RuledCategory].terms.map((t) => t.term));
    fragment[label] = terms
      .filter((t) => all || !known.has(t.term))
      .map(({ term, weight }) => ({ term, weight }));
  }
  console.error(
    `${docs.length} messages used, ${skipped} skipped; ` +
      Object.entries(fragment)
        .map(([l, t]) => `${l} ${t.length}`)
        .join(', '),
  );
  // One term per line, so a reviewer can read, cut and paste.
  const lines = Object.entries(fragment).map(
    ([label, terms]) =>
      `  ${JSON.stringify(label)}: [` +
      terms.map((t) => `\n    ${JSON.stringify(t)}`).join(',') +
      (terms.length > 0 ? '\n  ]' : ']'),
  );
  console.log(`{\n${lines.join(',\n')}\n}`);
}

main();
