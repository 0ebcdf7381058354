/**
 * npm run classify:snapshot -- --write FILE | --check FILE
 *
 * Classifies every text the project has (the training file, as given and
 * with segmented rows joined, the labelled sample and both Weibo sets) with
 * the default ruleset and writes kind, category, actionable, score, matches
 * and tokens, one JSON line per text; --check compares against such a file
 * and counts the texts whose result differs. A change meant to make the
 * pipeline faster must leave this count at 0.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyMessage } from '../src/classification/classifier';
import { loadDefaultRuleset } from '../src/classification/ruleset';
import { sharedDataFile } from './lib/board-train';
import { readBoardMessages, readCsv } from './lib/csv';

function texts(): string[] {
  const root = path.resolve(__dirname, '..');
  const out: string[] = [];
  for (const r of readCsv(sharedDataFile('citizen-messages-train.csv'))) {
    out.push(r['文本']);
    if (r['文本形式'] === '分词') {
      out.push(r['文本'].replace(/\s+/g, ''));
    }
  }
  for (const m of readBoardMessages(sharedDataFile('citizen-messages-labeled.csv'))) {
    out.push(m.text);
  }
  for (const name of ['weibo-comments-labeled.csv', 'weibo-comments-measure.csv']) {
    for (const r of readCsv(path.join(root, 'test', 'data', name))) {
      out.push(r.text);
    }
  }
  return out;
}

function main(): void {
  const mode = process.argv[2];
  const file = process.argv[3];
  if ((mode !== '--write' && mode !== '--check') || file === undefined) {
    throw new Error('usage: classify-snapshot --write FILE | --check FILE');
  }
  const ruleset = loadDefaultRuleset();
  const lines = texts().map((text) => {
    const c = classifyMessage(text, ruleset);
    return JSON.stringify([c.kind, c.category, c.actionable, c.score, c.matches, c.tokens]);
  });
  if (mode === '--write') {
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    process.stdout.write(`${lines.length} texts written to ${file}\n`);
    return;
  }
  const expected = fs.readFileSync(file, 'utf8').split('\n');
  let differ = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== expected[i]) {
      differ++;
      if (differ <= 5) {
        process.stdout.write(`text ${i}:\n  expected ${expected[i]}\n  got      ${lines[i]}\n`);
      }
    }
  }
  process.stdout.write(`${lines.length} texts, ${differ} differ\n`);
  process.exitCode = differ === 0 && expected.length - 1 === lines.length ? 0 : 1;
}

main();
