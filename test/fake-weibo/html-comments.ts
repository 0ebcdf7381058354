/**
 * Comment HTML as m.weibo.cn writes it, for the fake Weibo to serve: link
 * cards (an icon and 网页链接 in an anchor to a weibo.cn/sinaurl redirect),
 * emoji images, mention anchors and topic searches.
 */

/** A link card as Weibo writes one for an address a citizen pasted. */
export function linkCard(target: string, shortUrl = 'http://t.cn/A6abcdEF'): string {
  return (
    `<a data-url="${shortUrl}" href="https://weibo.cn/sinaurl?u=${encodeURIComponent(target)}" data-hide="">` +
    "<span class='url-icon'><img style='width: 1rem;height: 1rem' " +
    "src='https://h5.sinaimg.cn/upload/2015/09/25/3/timeline_card_small_web_default.png'></span>" +
    '<span class="surl-text">网页链接</span></a>'
  );
}

export function emoji(alt: string): string {
  return (
    `<span class="url-icon"><img alt=${alt} src="https://face.t.sinajs.cn/t4/appstyle/expression/ext/normal/e3/2018new_weixioa02_org.png" ` +
    'style="width:1em; height:1em;" /></span>'
  );
}

export function mention(name: string): string {
  return `<a href='/n/${name}'>@${name}</a>`;
}

export function topic(name: string): string {
  return (
    `<a href="https://m.weibo.cn/search?containerid=231522type%3D1%26t%3D10%26q%3D%23${encodeURIComponent(name)}%23" data-hide="">` +
    `<span class="surl-text">#${name}#</span></a>`
  );
}

/** Comments whose HTML carries what the clean text alone no longer shows. */
export const HTML_COMMENTS = {
  /** Gambling spam with a link card: its link is a spam signal. */
  spamWithLink: `博彩平台注册就送彩金，日赚三千，戳这里${linkCard('https://bet365-vip.example.com/reg?code=88')}`,
  /** A complaint with an emoji, a mention and a topic. */
  complaint:
    `${mention('平安A市')} 我要投诉，小区门口每天晚上都有人飙车炸街，吵得睡不着${emoji('[怒]')}` +
    `派出所也不管 ${topic('噪音扰民')}`,
  /** Traditional characters and full-width forms, with a line break and an entity. */
  traditional: '請問戶口遷移需要什麼材料？<br />在哪裏辦理&amp;要多久',
  /** A link written out in the text, no card. */
  writtenLink: '兼职刷单日结 加我看 http://t.cn/R2WxYz 详情',
};
