import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as nodejieba from 'nodejieba';

/**
 * nodejieba keeps one global dictionary. It is loaded here once, with the
 * default dictionaries named explicitly (load() replaces all of them) and
 * the domain user dictionary on top.
 */
const USER_DICT_CANDIDATES = [
  path.join(__dirname, 'dict', 'user.dict.utf8'),
  // Compiled code in dist/src/classification: the dictionary stays in src.
  path.resolve(__dirname, '..', '..', '..', 'src', 'classification', 'dict', 'user.dict.utf8'),
];

/** The wrapper exports these paths but its typings do not declare them. */
const defaults = nodejieba as unknown as {
  DEFAULT_DICT: string;
  DEFAULT_HMM_DICT: string;
  DEFAULT_IDF_DICT: string;
  DEFAULT_STOP_WORD_DICT: string;
};

let loaded = false;

export function userDictionaryPath(): string {
  const found = USER_DICT_CANDIDATES.find((p) => fs.existsSync(p));
  if (found === undefined) {
    throw new Error(`jieba user dictionary not found at ${USER_DICT_CANDIDATES.join(' or ')}`);
  }
  return found;
}

/** Loads the dictionaries; called by segment() on first use, or earlier to move the cost to boot. */
export function loadSegmenter(): void {
  if (loaded) {
    return;
  }
  nodejieba.load({
    dict: defaults.DEFAULT_DICT,
    hmmDict: defaults.DEFAULT_HMM_DICT,
    userDict: userDictionaryPath(),
    idfDict: defaults.DEFAULT_IDF_DICT,
    stopWordDict: defaults.DEFAULT_STOP_WORD_DICT,
  });
  loaded = true;
}

/**
 * The addon's cutEnds(text), when the postinstall patch built it
 * (scripts/patch-nodejieba.js): the same segmentation as cut(text), the
 * tokens' ends in UTF-16 units instead of a new string per token.
 */
type CutEnds = (text: string) => Uint32Array;
let cutEnds: CutEnds | null | undefined;

function findCutEnds(): CutEnds | null {
  try {
    // The wrapper loads this same file; Node hands back the one loaded addon.
    const load = createRequire(__filename);
    const addon = load(
      path.join(path.dirname(load.resolve('nodejieba')), 'build', 'Release', 'nodejieba.node'),
    ) as { cutEnds?: CutEnds };
    return typeof addon.cutEnds === 'function' ? addon.cutEnds.bind(addon) : null;
  } catch {
    return null;
  }
}

function addonCutEnds(): CutEnds | null {
  if (cutEnds === undefined) {
    cutEnds = findCutEnds();
  }
  return cutEnds;
}

/** Whether segment() slices tokens out of the text (true) or takes cut()'s strings. */
export function segmentsByEnds(): boolean {
  return addonCutEnds() !== null;
}

/** A lone surrogate: cut() hands it back as U+FFFD, a slice would keep it. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Splits normalised text into jieba tokens (punctuation and spaces included). */
export function segment(text: string): string[] {
  if (!loaded) {
    loadSegmenter();
  }
  const byEnds = addonCutEnds();
  if (byEnds === null) {
    return nodejieba.cut(text);
  }
  const ends = byEnds(text);
  // Tokens tile the text; anything else (a text cppjieba could not read
  // whole) is left to cut(), as is a lone surrogate.
  if (
    (ends.length === 0 ? 0 : ends[ends.length - 1]) !== text.length ||
    LONE_SURROGATE.test(text)
  ) {
    return nodejieba.cut(text);
  }
  const tokens = new Array<string>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i];
    tokens[i] = text.slice(start, end);
    start = end;
  }
  return tokens;
}
