import { normaliseReply, replyCore } from './reply-text';

describe('reply text', () => {
  it('reads HTML with the one HTML-to-text step: emoji alt kept, entities decoded, markup gone', () => {
    expect(
      normaliseReply(
        "回复<a href='/n/市民甲'>@市民甲</a>:已處理&amp;回訪<img alt=[赞] src='x.png'><br />ＯＫ",
      ),
    ).toBe('已处理&回访[赞]\nok');
  });

  it('takes emoji, mentions and links out of the core, keeping the words after an address', () => {
    expect(replyCore('回复@市民甲:详见 http://t.cn/A6x已处理 @交警支队 [赞]')).toBe('详见已处理');
  });
});
