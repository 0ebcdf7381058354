/**
 * Full-width ASCII (ＡＢＣ１２３？！) and the ideographic space to their
 * half-width forms. One code unit for one: offsets into the text stay valid,
 * so a span found on the folded text marks the same characters in the
 * original.
 */
export function foldFullWidth(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0xff01 && code <= 0xff5e) || code === 0x3000) {
      out += text.slice(from, i) + String.fromCharCode(code === 0x3000 ? 0x20 : code - 0xfee0);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}
