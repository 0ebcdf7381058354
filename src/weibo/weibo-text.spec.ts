import fc from 'fast-check';
import { cleanWeiboHtml, decodeEntities, parseCount } from './weibo-text';

describe('cleanWeiboHtml', () => {
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

describe('decodeEntities', () => {
  it('leaves unknown entities and bad code points alone', () => {
    expect(decodeEntities('&bogus; &#99999999;')).toBe('&bogus; &#99999999;');
  });
});

describe('parseCount', () => {
  it.each<[unknown, number]>([
    [12, 12],
    ['12', 12],
    ['100+', 100],
    ['1万+', 10000],
    ['3.2万', 32000],
    ['1.5亿', 150000000],
    ['1,234', 1234],
    [' 7 ', 7],
    [undefined, 0],
    [null, 0],
    ['', 0],
    ['很多', 0],
    [-3, 0],
    [Number.NaN, 0],
  ])('parseCount(%j) = %d', (input, expected) => {
    expect(parseCount(input)).toBe(expected);
  });

  it('reads any integer string exactly', () => {
    fc.assert(
      fc.property(fc.nat(), (n) => {
        expect(parseCount(String(n))).toBe(n);
        expect(parseCount(`${n}+`)).toBe(n);
      }),
    );
  });
});
