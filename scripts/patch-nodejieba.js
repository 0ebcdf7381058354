#!/usr/bin/env node
/**
 * postinstall: nodejieba's load() builds the whole dictionary twice, once for
 * the segmenter (cppjieba::Jieba) and once more for the TextRank keyword
 * extractor, which reads the same dictionary and HMM files into a second trie.
 * minsheng only segments, so the second copy is about 110 MB of resident
 * memory for nothing. cppjieba's TextRankExtractor has a constructor that
 * borrows the Jieba instance's trie and model; this script switches the
 * addon's load() to it and rebuilds the addon. Segmentation is unchanged
 * (the segmenter is the same object); textRankExtract keeps working on the
 * shared dictionary.
 *
 * Idempotent. If the source is not the one expected, or the rebuild fails,
 * it says so and leaves the working, unpatched addon in place.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const MARKER = '/* minsheng: TextRank shares the segmenter dictionary */';
const UNPATCHED =
  /_text_rank_extractor_handle = new cppjieba\s*::TextRankExtractor\(dictPath,\s*modelPath,\s*stopWordsPath,\s*userDictPath\);/;
const PATCHED = `${MARKER}\n  _text_rank_extractor_handle = new cppjieba::TextRankExtractor(*_jieba_handle, stopWordsPath);`;

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
  const source = path.join(root, 'lib', 'nodejieba.cpp');
  const text = fs.readFileSync(source, 'utf8');
  if (text.includes(MARKER)) {
    log('already patched');
    return;
  }
  if (!UNPATCHED.test(text)) {
    log('nodejieba.cpp is not the expected source; left unpatched (the dictionary loads twice)');
    return;
  }
  const gyp = nodeGyp();
  if (gyp === undefined) {
    log('node-gyp not found; left unpatched (the dictionary loads twice)');
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
    fs.writeFileSync(path.join(scratch, 'lib', 'nodejieba.cpp'), text.replace(UNPATCHED, PATCHED));
    const dir = nodeDir();
    execFileSync(process.execPath, [gyp, 'rebuild', ...(dir ? [`--nodedir=${dir}`] : [])], {
      cwd: scratch,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const built = path.join(scratch, 'build', 'Release', 'nodejieba.node');
    const installed = path.join(root, 'build', 'Release', 'nodejieba.node');
    fs.copyFileSync(built, `${installed}.patched`);
    fs.renameSync(`${installed}.patched`, installed);
    fs.writeFileSync(source, text.replace(UNPATCHED, PATCHED));
    log('rebuilt: the TextRank extractor shares the segmenter dictionary');
  } catch (error) {
    const detail =
      error && error.stderr ? String(error.stderr).split('\n').slice(-5).join(' ') : String(error);
    log(`rebuild failed, the installed addon is unchanged (the dictionary loads twice): ${detail}`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main();
