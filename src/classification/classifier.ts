import type { WeiboText } from '../weibo/weibo-text';
import { scanClean, scanText, ScannedText } from './normaliser';
import { Classification, classifyTokens, TextSignals } from './rule-engine';
import { Ruleset } from './ruleset';
import { segment } from './segmenter';

// Reused per call: classification is synchronous.
const scanned: ScannedText = { text: '', converted: false, urls: 0, sameCharRun: -1, alnumRun: -1 };
const signals: TextSignals = { urls: 0 };

function classifyScanned({ text, urls, sameCharRun, alnumRun }: ScannedText, ruleset: Ruleset) {
  signals.urls = urls;
  signals.sameCharRun = sameCharRun >= 0 ? sameCharRun : undefined;
  signals.alnumRun = alnumRun >= 0 ? alnumRun : undefined;
  return classifyTokens(segment(text), text, ruleset, signals);
}

/**
 * The whole pipeline for one message as ingestion stores it (the clean text
 * and its signals, see readWeiboText): normalise, segment, apply the rules.
 */
export function classifyText(input: WeiboText, ruleset: Ruleset): Classification {
  return classifyScanned(scanClean(input, scanned), ruleset);
}

/** The same for a raw text, HTML or plain: read by readWeiboText first. */
export function classifyMessage(raw: string, ruleset: Ruleset): Classification {
  return classifyScanned(scanText(raw, scanned), ruleset);
}
