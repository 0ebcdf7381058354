import { scanText, ScannedText } from './normaliser';
import { Classification, classifyTokens, TextSignals } from './rule-engine';
import { Ruleset } from './ruleset';
import { segment } from './segmenter';

// Reused per call: classification is synchronous.
const scanned: ScannedText = { text: '', converted: false, urls: 0, sameCharRun: -1, alnumRun: -1 };
const signals: TextSignals = { urls: 0 };

/** The whole pipeline for one raw comment: normalise, segment, apply the rules. */
export function classifyMessage(raw: string, ruleset: Ruleset): Classification {
  const { text, urls, sameCharRun, alnumRun } = scanText(raw, scanned);
  signals.urls = urls;
  signals.sameCharRun = sameCharRun >= 0 ? sameCharRun : undefined;
  signals.alnumRun = alnumRun >= 0 ? alnumRun : undefined;
  return classifyTokens(segment(text), text, ruleset, signals);
}
