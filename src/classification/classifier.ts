import { normalise } from './normaliser';
import { Classification, classifyTokens } from './rule-engine';
import { Ruleset } from './ruleset';
import { segment } from './segmenter';

/** The whole pipeline for one raw comment: normalise, segment, apply the rules. */
export function classifyMessage(raw: string, ruleset: Ruleset): Classification {
  const { text, urls } = normalise(raw);
  return classifyTokens(segment(text), text, ruleset, { urls });
}
