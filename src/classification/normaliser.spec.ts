import fc from 'fast-check';
import { readWeiboText } from '../weibo/weibo-text';
import { normalise, scanClean, type ScannedText, scanText } from './normaliser';

const fresh = (): ScannedText => ({
  text: '',
  converted: false,
  urls: 0,
  sameCharRun: -1,
  alnumRun: -1,
});

describe('normalise', () => {
  it('keeps emoji alt text in both quoting styles and drops the image markup', () => {
    const raw =
      '太好了<span class="url-icon"><img alt=[微笑] src="https://h5.sinaimg.cn/d_hehe.png" style="width:1em;" /></span>' +
      '<span class="url-icon"><img alt="[赞]" src="x.png" /></span>';
    expect(normalise(raw).text).toBe('太好了[微笑][赞]');
  });

  it('turns a mention link into @NAME', () => {
    expect(normalise("回复<a href='/n/平安北京'>@平安北京</a>:谢谢").text).toBe(
      '回复@平安北京:谢谢',
    );
  });

  it('drops link cards and their icons, counting them as URLs', () => {
    const raw =
      '看这里<a data-url="http://t.cn/A6x" href="https://video.weibo.com/show?fid=1"><span class="url-icon">' +
      '<img style="width: 1rem" src="//h5.sinaimg.cn/timeline_card_small_web_default.png"></span>' +
      '<span class="surl-text">网页链接</span></a>';
    expect(normalise(raw)).toEqual({ text: '看这里', converted: false, urls: 1 });
  });

  it('drops bare URLs (http, https, t.cn) and counts them', () => {
    const result = normalise(
      '注册就送 https://t.cn/A6xYz9Kp 还有 t.cn/R2Wx 和 http://bet.example.cc/a?b=1',
    );
    expect(result.text).toBe('注册就送 还有 和');
    expect(result.urls).toBe(3);
  });

  it('decodes HTML entities', () => {
    expect(normalise('噪音&amp;油烟 &lt;严重&gt; &#21917;').text).toBe('噪音&油烟 <严重> 喝');
  });

  it('folds full-width ASCII, including full-width URLs, and the ideographic space', () => {
    expect(normalise('ＱＱ１２３４５６　请问？').text).toBe('QQ123456 请问?');
    expect(normalise('ｈｔｔｐｓ：／／ｔ．ｃｎ／ＡＢＣ 看').urls).toBe(1);
  });

  it('folds traditional characters to simplified and says so', () => {
    expect(normalise('請問戶口遷移怎麼辦理？')).toEqual({
      text: '请问户口迁移怎么办理?',
      converted: true,
      urls: 0,
    });
  });

  it('leaves simplified text alone, including characters the tw table would mangle (么)', () => {
    expect(normalise('为什么没人管,怎么回事')).toEqual({
      text: '为什么没人管,怎么回事',
      converted: false,
      urls: 0,
    });
  });

  it('drops invisible format characters: zero-width, direction controls, soft hyphens', () => {
    expect(normalise('投\u200B诉').text).toBe('投诉');
    expect(normalise('\u202E投诉\u202C 派出所\u00AD不作为\u2066').text).toBe('投诉 派出所不作为');
    expect(normalise('投\u200D诉 \u200B http://t.cn/A6x')).toEqual({
      text: '投诉',
      converted: false,
      urls: 1,
    });
  });

  it('collapses whitespace', () => {
    expect(normalise('  楼下\n\n 广场舞\t太吵 ').text).toBe('楼下 广场舞 太吵');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const once = normalise(s).text;
        expect(normalise(once).text).toBe(once);
      }),
    );
  });

  it('reads a stored clean text by its signals: the link card it kept in its words is taken out and counted', () => {
    const stored = readWeiboText(
      '看这里<a data-url="http://t.cn/A6x" href="https://video.weibo.com/show?fid=1"><span class="url-icon">' +
        '<img src="//h5.sinaimg.cn/timeline_card_small_web_default.png"></span>' +
        '<span class="surl-text">网页链接</span></a>',
    );
    expect(stored.text).toBe('看这里网页链接');
    expect(normalise(stored.text, stored.signals)).toEqual({
      text: '看这里',
      converted: false,
      urls: 1,
    });
    // The same words as plain text: no link left to see.
    expect(normalise(stored.text)).toEqual({ text: '看这里网页链接', converted: false, urls: 0 });
  });

  it('counts a link card with no words, an icon alone', () => {
    const stored = readWeiboText(
      '看<a href="https://bet.example.com"><img src="icon.png"></a>这里',
    );
    expect(stored.text).toBe('看这里');
    expect(normalise(stored.text, stored.signals)).toEqual({
      text: '看 这里',
      converted: false,
      urls: 1,
    });
  });

  it('does not decode a stored text a second time', () => {
    const stored = readWeiboText('a &amp;lt;b&amp;gt;');
    expect(stored.text).toBe('a &lt;b&gt;');
    expect(normalise(stored.text, stored.signals).text).toBe('a &lt;b&gt;');
  });

  it('normalises a raw text exactly as the clean text and signals readWeiboText makes of it', () => {
    const part = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.string({ maxLength: 4, unit: 'binary' }),
      fc.constantFrom(
        '<br />',
        '<img alt=[赞] src="a">',
        '<img src="icon.png">',
        '<span class="url-icon">',
        '</span>',
        "<a href='/n/张三'>@张三</a>",
        '<a href="https://weibo.cn/sinaurl?u=x"><img src="i.png">网页链接</a>',
        '<a href="http://spam.example">点我</a>',
        '<a href="https://video.weibo.com/x"><img src="icon.png"></a>',
        ' http://t.cn/A6x ',
        'ｈｔｔｐ：／／ａ．ｃｎ',
        // Letters by dots and slashes that are no link, and the pieces of one.
        'A6区',
        '5.1',
        '2019/5/7',
        'www',
        'WｗW',
        '.',
        '．',
        '/',
        '://',
        'http',
        't',
        'T',
        'cn',
        'ｃＮ',
        '&amp;',
        '&#21917;',
        '請問戶口',
        'ＱＱ１２３',
        '　',
        '\n\n\n',
        '哈哈哈哈哈',
        '\u0000',
        '\ud83d',
        '\ude00\u000b\u0085',
        '😀',
        '\u200b',
        '\u202e',
        '\u2066',
        '\u00ad',
        ' \u200d ',
      ),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), (parts) => {
        const raw = parts.join('');
        const direct = { ...scanText(raw, fresh()) };
        const viaClean = { ...scanClean(readWeiboText(raw), fresh()) };
        expect([direct.text, direct.converted, direct.urls]).toEqual([
          viaClean.text,
          viaClean.converted,
          viaClean.urls,
        ]);
        for (const run of ['sameCharRun', 'alnumRun'] as const) {
          if (direct[run] >= 0 && viaClean[run] >= 0) {
            expect(direct[run]).toBe(viaClean[run]);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
