import fc from 'fast-check';
import { decodeEntities, readWeiboText } from './weibo-text';

const cleanWeiboHtml = (html: string): string => readWeiboText(html).text;

describe('readWeiboText: the clean text', () => {
  it('keeps emoji alt text, unquoted and quoted', () => {
    expect(
      cleanWeiboHtml(
        '好<span class="url-icon"><img alt=[微笑] src="https://face.t.sinajs.cn/t4/smile.png" style="width:1em; height:1em;" /></span>' +
          '<img alt="[怒]" src="x.png">' +
          "<img alt='[哈哈]' src='y.png'/>" +
          '<img alt=[赞]/>',
      ),
    ).toBe('好[微笑][怒][哈哈][赞]');
  });

  it('turns mentions into @NAME and keeps topics', () => {
    const html =
      "回复<a href='/n/张三'>@张三</a>:已处理 " +
      '<a href="https://m.weibo.cn/search?containerid=231522type%3D1%26q%3D%23平安%23" data-hide=""><span class="surl-text">#平安#</span></a>';
    expect(cleanWeiboHtml(html)).toBe('回复@张三:已处理 #平安#');
  });

  it('drops link icons and other markup but keeps link text', () => {
    const html =
      '详见<a href="https://weibo.cn/sinaurl?u=x" data-hide=""><span class=\'url-icon\'>' +
      "<img style='width: 1rem;height: 1rem' src='https://h5.sinaimg.cn/timeline_card_small_web_default.png'></span>" +
      '<span class="surl-text">网页链接</span></a>';
    expect(cleanWeiboHtml(html)).toBe('详见网页链接');
  });

  it('turns <br /> into newlines and decodes entities', () => {
    expect(
      cleanWeiboHtml(
        '第一行<br />第二行<br>a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; &#x4e2d;&#25991;',
      ),
    ).toBe('第一行\n第二行\na <b> & "c" \'d\' 中文');
  });

  it('drops the 全文 link of a truncated long post', () => {
    expect(cleanWeiboHtml('通报内容...<a href="/status/5100000000000001">全文</a>')).toBe(
      '通报内容...',
    );
  });

  it('never leaves a tag behind', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string().map((s) => s.replace(/[<>&]/g, '')),
            fc.constantFrom(
              '<br />',
              '<img alt=[x] src="a">',
              '<span class="url-icon">',
              '</span>',
              "<a href='/n/x'>",
            ),
          ),
        ),
        (parts) => {
          expect(cleanWeiboHtml(parts.join(''))).not.toMatch(/<[a-z/]/i);
        },
      ),
    );
  });
});

describe('readWeiboText: the signals', () => {
  const card =
    '<a data-url="http://t.cn/A6abc" href="https://weibo.cn/sinaurl?u=https%3A%2F%2Fbet.example.com%2Fx" data-hide="">' +
    "<span class='url-icon'><img style='width: 1rem;height: 1rem' src='https://h5.sinaimg.cn/timeline_card_small_web_default.png'></span>" +
    '<span class="surl-text">网页链接</span></a>';

  it('marks a link card with its address and the host it leads to, keeping its words in the text', () => {
    const { text, signals } = readWeiboText(`加我 ${card} 领彩金`);
    expect(text).toBe('加我 网页链接 领彩金');
    expect(signals.links).toEqual([
      {
        start: 3,
        end: 7,
        text: '网页链接',
        href: 'https://weibo.cn/sinaurl?u=https%3A%2F%2Fbet.example.com%2Fx',
        host: 'bet.example.com',
      },
    ]);
  });

  it('finds emoji, mentions and topics in the clean text, where they sit', () => {
    const html =
      "回复<a href='/n/张三'>@张三</a>:已处理<img alt=[赞] src='x.png'> " +
      '<a href="https://m.weibo.cn/search?containerid=231522type%3D1%26q%3D%23平安%23"><span class="surl-text">#平安#</span></a>';
    const { text, signals } = readWeiboText(html);
    expect(text).toBe('回复@张三:已处理[赞] #平安#');
    expect(signals.mentions).toEqual([{ start: 2, end: 5, text: '@张三' }]);
    expect(signals.emoji).toEqual([{ start: 9, end: 12, text: '[赞]' }]);
    expect(signals.topics).toEqual([{ start: 13, end: 17, text: '#平安#' }]);
    // A mention and a topic search are Weibo's own pages, not links out.
    expect(signals.links).toEqual([]);
  });

  it('finds addresses written in the text, full-width ones too, and not twice inside a link', () => {
    const { signals } = readWeiboText(
      '看 http://t.cn/A6x 和 ｈｔｔｐｓ：／／ｔ．ｃｎ／ＡＢＣ 还有 <a href="http://spam.example">http://spam.example</a>',
    );
    expect(signals.links.map((l) => [l.href, l.host])).toEqual([
      ['http://t.cn/A6x', 't.cn'],
      ['https://t.cn/ABC', 't.cn'],
      ['http://spam.example', 'spam.example'],
    ]);
  });

  it('gives plain text the signals its HTML had, link cards aside', () => {
    const html = `求助<img alt="[泪]" src="a.png"><a href='/n/平安北京'>@平安北京</a> #寻人# ${card}`;
    const fromHtml = readWeiboText(html);
    const fromText = readWeiboText(fromHtml.text);
    expect(fromText.text).toBe(fromHtml.text);
    expect({ ...fromText.signals, links: [] }).toEqual({ ...fromHtml.signals, links: [] });
    expect(fromHtml.signals.links).toHaveLength(1);
  });

  it('keeps spans on their characters when spacing is tidied', () => {
    const { text, signals } = readWeiboText(`  \r\n第一行 <br><br><br><br>看${card}  \n`);
    expect(text).toBe('第一行\n\n看网页链接');
    expect(signals.links.map((l) => text.slice(l.start, l.end))).toEqual(['网页链接']);
  });

  it('is storable whatever it is given: no control, no lone surrogate, in the text or the signals', () => {
    const unstorable = /[^\P{Cc}\t\n]|\p{Cs}/u;
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'binary' }),
            fc.constantFrom(
              '&#0;',
              '&#xD800;',
              '&#27;',
              '<a href="http://x.cn/\u0000">',
              '</a>',
              '@',
              '[赞]',
            ),
          ),
        ),
        (parts) => {
          const read = readWeiboText(parts.join(''));
          expect(read.text).not.toMatch(unstorable);
          expect(JSON.stringify(read.signals)).not.toMatch(/\\u00[01]|\\ud[89a-f]/i);
          for (const span of [
            ...read.signals.links,
            ...read.signals.emoji,
            ...read.signals.mentions,
          ]) {
            expect(read.text.slice(span.start, span.end)).toBe(span.text);
          }
        },
      ),
    );
  });
});

describe('decodeEntities', () => {
  it('leaves unknown entities and bad code points alone', () => {
    expect(decodeEntities('&bogus; &#99999999;')).toBe('&bogus; &#99999999;');
  });

  it('leaves entities of controls and surrogate halves alone: they could not be stored', () => {
    expect(decodeEntities('&#0;&#x1b;&#xD83D;&#x4e2d;')).toBe('&#0;&#x1b;&#xD83D;中');
  });
});
