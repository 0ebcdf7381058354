import * as fs from 'node:fs';
import * as path from 'node:path';
import * as nodejieba from 'nodejieba';
import { normalise } from './normaliser';
import { loadSegmenter, segment, segmentsByEnds } from './segmenter';

/** The project's labelled Weibo comments, raw and as the pipeline cleans them. */
function labelledComments(): string[] {
  const dir = path.resolve(__dirname, '..', '..', 'test', 'data');
  const texts: string[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split(/\r?\n/).slice(1);
    for (const line of lines.filter((l) => l.length > 0)) {
      texts.push(line, normalise(line).text);
    }
  }
  return texts;
}

describe('segment', () => {
  beforeAll(() => loadSegmenter());

  it('slices tokens out of the text with the patched addon', () => {
    // scripts/patch-nodejieba.js builds cutEnds at install; without it every
    // message pays for one N-API string per token.
    expect(segmentsByEnds()).toBe(true);
  });

  it('gives exactly the tokens of nodejieba.cut on every labelled comment', () => {
    const texts = labelledComments();
    expect(texts.length).toBeGreaterThan(1000);
    // Long texts as well: whole files' worth of comments joined.
    for (let i = 0; i + 40 <= texts.length; i += 40) {
      texts.push(texts.slice(i, i + 40).join('，'));
    }
    const differing = texts.filter(
      (t) => segment(t).join('\u0001') !== nodejieba.cut(t).join('\u0001'),
    );
    expect(differing).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['spaces', '   '],
    ['emoji outside the BMP', '😀派出所😀不管🚓，投诉👮‍♂️'],
    ['a NUL and controls', '投诉\u0000小区\u0007噪音'],
    ['ASCII, digits and a link', '电话13812345678 https://t.cn/A6abc 加V: abc_123'],
    ['traditional characters', '派出所不作為，我要投訴'],
    ['combining marks and full width', 'ｅ\u0301ＡＢＣ１２３！？'],
    ['a CJK extension B character', '𠀋𠀌小区'],
    ['line breaks', '第一行\r\n第二行\n\n第三行'],
  ])('agrees with nodejieba.cut on %s', (_name, text) => {
    expect(segment(text)).toEqual(nodejieba.cut(text));
  });

  it('leaves a lone surrogate to cut(), which reads it as U+FFFD', () => {
    const text = '投诉\ud800小区';
    expect(segment(text)).toEqual(nodejieba.cut(text));
    expect(segment(text).join('')).toContain('\ufffd');
  });

  it('tiles the text: the tokens joined are the text', () => {
    const text = '我要投诉，小区门口每天晚上都有人飙车炸街😡，派出所也不管';
    expect(segment(text).join('')).toBe(text);
  });
});
