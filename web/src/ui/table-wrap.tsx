import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * A table that may be wider than its card: it scrolls inside its own box,
 * and says so while columns are out of sight (a line of text and a fade on
 * the side that has more), so a phone never hides columns without a word.
 */
export function TableWrap({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState<{ left: boolean; right: boolean }>({
    left: false,
    right: false,
  });
  useEffect(() => {
    const element = box.current;
    if (!element) {
      return;
    }
    const measure = () => {
      const left = element.scrollLeft > 1;
      const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
      setMore((previous) =>
        previous.left === left && previous.right === right ? previous : { left, right },
      );
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) {
      observer.observe(element.firstElementChild);
    }
    return () => {
      element.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, []);
  const scrolls = more.left || more.right;
  return (
    <div
      className={`table-scroller${more.left ? ' more-left' : ''}${more.right ? ' more-right' : ''}`}
    >
      {scrolls ? (
        <p className="scroll-hint" aria-hidden="true">
          {t('common.scrollHint')}
        </p>
      ) : null}
      <div
        className="table-wrap"
        ref={box}
        // A box that scrolls must be reachable by keyboard to be scrolled.
        tabIndex={scrolls ? 0 : undefined}
        role={scrolls ? 'region' : undefined}
        aria-label={scrolls ? t('common.scrollHint') : undefined}
      >
        {children}
      </div>
    </div>
  );
}
