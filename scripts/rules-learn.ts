/**
 * npm run rules:learn [-- --train <csv>] [--ruleset <json>] [--version <v>]
 *
 * Learns the category weights from the labelled board messages
 * (citizen-messages-train.csv, 8,151 messages; see learn/train.ts) and
 * writes them into the ruleset's `learned` section, one term a line so that
 * a change of weights reads as a diff. The segmented rows of the training
 * file are joined and segmented again with our dictionary, so that their
 * tokens break where the service's tokens break; their stopwords are gone,
 * and the tokens that the original rows use often but the segmented rows
 * never hold become the model's skip list, dropped from both forms and from
 * every text the service scores.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { validateRuleset } from '../src/classification/ruleset';
import { learnModel, readTrainMessages, sharedDataFile } from './lib/board-train';
import { formatRuleset } from './lib/ruleset-json';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const trainFile = arg('train', sharedDataFile('citizen-messages-train.csv'));
  const rulesetFile = arg(
    'ruleset',
    path.join(root, 'src', 'classification', 'ruleset.default.json'),
  );
  const started = Date.now();
  const messages = readTrainMessages(trainFile);
  const learned = learnModel(
    messages,
    undefined,
    `Multinomial logistic regression (L2) over jieba content tokens and neighbouring pairs of ${messages.length} labelled 问政 board messages (${path.basename(trainFile)}), written by npm run rules:learn.`,
  );
  const current = JSON.parse(fs.readFileSync(rulesetFile, 'utf8')) as Record<string, unknown>;
  const next = validateRuleset({
    ...current,
    version: arg('version', String(current.version)),
    learned,
  });
  // Formatted as the repository's formatter would, so the file passes its check as written.
  const options = (await prettier.resolveConfig(rulesetFile)) ?? {};
  fs.writeFileSync(
    rulesetFile,
    await prettier.format(formatRuleset(next), { ...options, filepath: rulesetFile }),
  );
  const terms = Object.values(learned.categories).reduce((s, c) => s + (c?.terms.length ?? 0), 0);
  const distinct = new Set(
    Object.values(learned.categories).flatMap((c) => c?.terms.map((t) => t.term) ?? []),
  ).size;
  process.stderr.write(
    `${messages.length} messages, ${learned.skip.length} skipped tokens, ${terms} weights over ${distinct} terms, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s; written to ${rulesetFile} (version ${next.version})\n`,
  );
}

void main();
