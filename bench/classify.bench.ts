/**
 * npm run bench:classify [-- --short 20000 --rounds 5]
 *
 * The whole pipeline (classifyMessage: normalise, traditional check and
 * conversion, segment, rules) against raw nodejieba.cut of the same raw
 * texts, in the same process with the same dictionaries, after a warm-up.
 * Ratio = pipeline msgs/s ÷ cut msgs/s (1.0 would mean the rules are free).
 */
import * as path from 'node:path';
import * as nodejieba from 'nodejieba';
import { classifyMessage } from '../src/classification/classifier';
import { normalise } from '../src/classification/normaliser';
import { loadDefaultRuleset } from '../src/classification/ruleset';
import { loadSegmenter } from '../src/classification/segmenter';
import { readBoardMessages, readCsv } from '../scripts/lib/csv';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function time(run: () => number): { ms: number; checksum: number } {
  const start = process.hrtime.bigint();
  const checksum = run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, checksum };
}

function compare(label: string, texts: readonly string[], rounds: number): void {
  const ruleset = loadDefaultRuleset();
  const cut = (): number => {
    let n = 0;
    for (const t of texts) {
      n += nodejieba.cut(t).length;
    }
    return n;
  };
  const pipeline = (): number => {
    let n = 0;
    for (const t of texts) {
      n += classifyMessage(t, ruleset).tokens.length;
    }
    return n;
  };
  // Warm up both paths (JIT, dictionary pages, the ruleset cache).
  cut();
  pipeline();
  // Alternate the two so drift in machine speed hits both alike; keep the best round.
  let bestCut = Infinity;
  let bestPipeline = Infinity;
  for (let r = 0; r < rounds; r++) {
    bestCut = Math.min(bestCut, time(cut).ms);
    bestPipeline = Math.min(bestPipeline, time(pipeline).ms);
  }
  const cutRate = (texts.length / bestCut) * 1000;
  const pipelineRate = (texts.length / bestPipeline) * 1000;
  const chars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
  console.log(
    `\n${label}: ${texts.length} messages, mean ${chars.toFixed(0)} characters, best of ${rounds} rounds`,
  );
  console.log(
    `  nodejieba.cut      ${cutRate.toFixed(0).padStart(9)} msgs/s  (${((bestCut * 1000) / texts.length).toFixed(2)} µs/msg)`,
  );
  console.log(
    `  classifyMessage    ${pipelineRate.toFixed(0).padStart(9)} msgs/s  (${((bestPipeline * 1000) / texts.length).toFixed(2)} µs/msg)`,
  );
  console.log(`  ratio pipeline/cut ${(pipelineRate / cutRate).toFixed(3)}`);
}

function main(): void {
  const root = path.resolve(__dirname, '..');
  const shortCount = arg('short', 20000);
  const rounds = arg('rounds', 5);
  loadSegmenter();

  const comments = readCsv(path.join(root, 'test', 'data', 'weibo-comments-labeled.csv')).map(
    (r) => r.text,
  );
  const short = Array.from({ length: shortCount }, (_, i) => comments[i % comments.length]);
  const long = readBoardMessages(
    path.resolve(root, '..', 'shared', 'data', 'citizen-messages-labeled.csv'),
  ).map((m) => m.text);

  const traditional = comments.filter((t) => normalise(t).converted).length;
  console.log(
    `Weibo comments: ${comments.length} distinct, ${traditional} folded from traditional`,
  );
  compare('short Weibo comments', short, rounds);
  compare('long board messages', long, rounds * 4);
}

main();
