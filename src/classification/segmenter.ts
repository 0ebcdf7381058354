import * as fs from 'node:fs';
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

/** Splits normalised text into jieba tokens (punctuation and spaces included). */
export function segment(text: string): string[] {
  if (!loaded) {
    loadSegmenter();
  }
  return nodejieba.cut(text);
}
