import fc from 'fast-check';
import { normalise } from './normaliser';

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
});
