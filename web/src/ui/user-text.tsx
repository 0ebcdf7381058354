import { Fragment, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * Unicode's bidirectional embedding, override and isolate controls
 * (U+202A–U+202E, U+2066–U+2069). In text that came from a citizen or
 * another user they would reorder what is shown ("已处理\u202Egnp.exe" reads
 * as "已处理exe.png"), so they are shown as a visible marker instead.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function bidiMarker(control: string): string {
  return `⟨U+${control.codePointAt(0)!.toString(16).toUpperCase()}⟩`;
}

/** For places that take only a string (an option, a title): each control as its marker. */
export function revealBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, bidiMarker);
}

/** Text written by someone else, with its direction controls shown, not obeyed. */
export function UserText({ text }: { text: string | null | undefined }) {
  const { t } = useI18n();
  if (!text) {
    return <>{text ?? ''}</>;
  }
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(BIDI_CONTROLS)) {
    const at = match.index;
    if (at > last) {
      parts.push(<Fragment key={`t${last}`}>{text.slice(last, at)}</Fragment>);
    }
    const marker = bidiMarker(match[0]);
    parts.push(
      <span key={`b${at}`} className="bidi-marker" title={t('bidi.marker', { code: marker })}>
        {marker}
      </span>,
    );
    last = at + match[0].length;
  }
  if (last === 0) {
    return <>{text}</>;
  }
  if (last < text.length) {
    parts.push(<Fragment key={`t${last}`}>{text.slice(last)}</Fragment>);
  }
  return <>{parts}</>;
}
