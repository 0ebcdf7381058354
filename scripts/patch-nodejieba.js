#!/usr/bin/env node
/**
 * postinstall: two changes to nodejieba's addon, then a rebuild.
 *
 * 1. load() builds the whole dictionary twice, once for the segmenter
 *    (cppjieba::Jieba) and once more for the TextRank keyword extractor,
 *    which reads the same dictionary and HMM files into a second trie.
 *    minsheng only segments, so the second copy is about 110 MB of resident
 *    memory for nothing. cppjieba's TextRankExtractor has a constructor that
 *    borrows the Jieba instance's trie and model; load() is switched to it.
 *    textRankExtract keeps working on the shared dictionary.
 * 2. cut() hands every token back as a new JavaScript string, one N-API
 *    string and one array store per token: on a 300-character message that
 *    costs about as much as the segmentation. `cutEnds(text)` runs the same
 *    segmentation (the same cppjieba call, MixSegment without HMM as cut(text)
 *    does) and returns where each token ends, in UTF-16 units, as one
 *    Uint32Array; segmenter.ts slices the tokens out of the text itself.
 *
 * Segmentation is unchanged: the segmenter is the same object and the same
 * cut. Idempotent: each change is applied once, recognised by its marker. If
 * the source is not the one expected, or the rebuild fails, it says so and
 * leaves the working addon in place (segmenter.ts falls back to cut()).
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SHARED_MARKER = '/* minsheng: TextRank shares the segmenter dictionary */';
const ENDS_MARKER = '/* minsheng: cutEnds */';

const CUT_ENDS = `
${ENDS_MARKER}
Napi::Value NodeJieba::cutEnds(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() == 0 || !info[0].IsString()) {
    Napi::TypeError::New(env, "cutEnds(text): text must be a string").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (!_jieba_handle) {
    Napi::Error::New(env, "Before calling any other function you have to call load() first").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string sentence = info[0].As<Napi::String>();
  std::vector<cppjieba::Word> words;
  _jieba_handle->Cut(sentence, words, false);
  // Each token's end in UTF-16 units: one per UTF-8 lead byte, two for a
  // four-byte sequence (a character outside the BMP is a surrogate pair).
  Napi::Uint32Array ends = Napi::Uint32Array::New(env, words.size());
  uint32_t end = 0;
  for (size_t i = 0; i < words.size(); i++) {
    const std::string& word = words[i].word;
    for (size_t b = 0; b < word.size(); b++) {
      unsigned char c = static_cast<unsigned char>(word[b]);
      end += ((c & 0xC0) != 0x80) + (c >= 0xF0);
    }
    ends[i] = end;
  }
  return ends;
}
`;

/** Each change: its file, its marker, and the edit (null when the source is not the expected one). */
const PATCHES = [
  {
    name: 'the TextRank extractor shares the segmenter dictionary',
    file: 'nodejieba.cpp',
    marker: SHARED_MARKER,
    apply(text) {
      const unpatched =
        /_text_rank_extractor_handle = new cppjieba\s*::TextRankExtractor\(dictPath,\s*modelPath,\s*stopWordsPath,\s*userDictPath\);/;
      if (!unpatched.test(text)) {
        return null;
      }
      return text.replace(
        unpatched,
        `${SHARED_MARKER}\n  _text_rank_extractor_handle = new cppjieba::TextRankExtractor(*_jieba_handle, stopWordsPath);`,
      );
    },
  },
  {
    name: 'cutEnds returns token ends instead of token strings',
    file: 'nodejieba.cpp',
    marker: ENDS_MARKER,
    apply(text) {
      const register = 'InstanceMethod("cut", &NodeJieba::cut),';
      if (!text.includes(register)) {
        return null;
      }
      return (
        text.replace(register, `${register}\n    InstanceMethod("cutEnds", &NodeJieba::cutEnds),`) +
        CUT_ENDS
      );
    },
  },
  {
    name: 'cutEnds declared',
    file: 'nodejieba.h',
    marker: ENDS_MARKER,
    apply(text) {
      const declared = 'Napi::Value cut(const Napi::CallbackInfo& info);';
      if (!text.includes(declared)) {
        return null;
      }
      return text.replace(
        declared,
        `${declared}\n  ${ENDS_MARKER}\n  Napi::Value cutEnds(const Napi::CallbackInfo& info);`,
      );
    },
  },
];

function log(message) {
  process.stderr.write(`patch-nodejieba: ${message}\n`);
}

function nodeGyp() {
  // npm passes its own node-gyp to lifecycle scripts; otherwise find npm's copy.
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ].filter(Boolean);
  return candidates.find((candidate) => fs.existsSync(candidate));
}

function nodeDir() {
  if (process.env.npm_config_nodedir) {
    return process.env.npm_config_nodedir;
  }
  try {
    const configured = execFileSync('npm', ['config', 'get', 'nodedir'], {
      encoding: 'utf8',
    }).trim();
    return configured && configured !== 'undefined' ? configured : undefined;
  } catch {
    return undefined;
  }
}

function main() {
  let root;
  try {
    root = path.dirname(require.resolve('nodejieba/package.json'));
  } catch {
    log('nodejieba is not installed; nothing to do');
    return;
  }
  const sources = new Map();
  for (const file of new Set(PATCHES.map((p) => p.file))) {
    sources.set(file, fs.readFileSync(path.join(root, 'lib', file), 'utf8'));
  }
  const applied = [];
  for (const patch of PATCHES) {
    const text = sources.get(patch.file);
    if (text.includes(patch.marker)) {
      continue;
    }
    const next = patch.apply(text);
    if (next === null) {
      log(`lib/${patch.file} is not the expected source; left without: ${patch.name}`);
      continue;
    }
    sources.set(patch.file, next);
    applied.push(patch.name);
  }
  if (applied.length === 0) {
    log('already patched');
    return;
  }
  const gyp = nodeGyp();
  if (gyp === undefined) {
    log('node-gyp not found; the addon is left as installed');
    return;
  }
  // Build in a scratch copy: the installed addon is replaced only by a build that succeeded.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nodejieba-'));
  try {
    for (const entry of ['binding.gyp', 'lib', 'submodules', 'node_modules', 'package.json']) {
      if (fs.existsSync(path.join(root, entry))) {
        fs.cpSync(path.join(root, entry), path.join(scratch, entry), { recursive: true });
      }
    }
    for (const [file, text] of sources) {
      fs.writeFileSync(path.join(scratch, 'lib', file), text);
    }
    const dir = nodeDir();
    execFileSync(process.execPath, [gyp, 'rebuild', ...(dir ? [`--nodedir=${dir}`] : [])], {
      cwd: scratch,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const built = path.join(scratch, 'build', 'Release', 'nodejieba.node');
    const installed = path.join(root, 'build', 'Release', 'nodejieba.node');
    fs.copyFileSync(built, `${installed}.patched`);
    fs.renameSync(`${installed}.patched`, installed);
    for (const [file, text] of sources) {
      fs.writeFileSync(path.join(root, 'lib', file), text);
    }
    log(`rebuilt: ${applied.join('; ')}`);
  } catch (error) {
    const detail =
      error && error.stderr ? String(error.stderr).split('\n').slice(-5).join(' ') : String(error);
    log(`rebuild failed, the installed addon is unchanged: ${detail}`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main();
