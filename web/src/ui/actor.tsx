import { useI18n } from '../i18n/i18n';
import { revealBidi } from './user-text';

/** The name the first admin key carries: the variable it came from, not a name a person gave it. */
const FIRST_ADMIN_KEY = 'MINSHENG_ADMIN_KEY';
const KEY_ACTOR = /^(admin|leader|staff|auditor|evaluator):(.*)#([0-9a-f-]{8,})$/s;

/** A key's name as people read it: the first admin key by what it is. */
export function useKeyName(): (name: string) => string {
  const { t } = useI18n();
  return (name) => (name === FIRST_ADMIN_KEY ? t('actor.firstAdminKey') : revealBidi(name));
}

/**
 * Who did something, as the record writes it (`staff:局长办公室#<key id>`,
 * `system`, `weibo:<uid>`), said as a role and a name; the record's own
 * text stays in the title for whoever needs the key's id.
 */
export function actorLabel(
  actor: string,
  t: ReturnType<typeof useI18n>['t'],
  tx: ReturnType<typeof useI18n>['tx'],
): string {
  if (actor === 'system') {
    return t('actor.system');
  }
  const key = KEY_ACTOR.exec(actor);
  if (key) {
    const name = key[2] === FIRST_ADMIN_KEY ? t('actor.firstAdminKey') : revealBidi(key[2]);
    return t('actor.key', { role: tx('role', key[1]), name });
  }
  const weibo = /^weibo:(\d+)$/.exec(actor);
  if (weibo) {
    return t('actor.weibo', { uid: weibo[1] });
  }
  return revealBidi(actor);
}

export function ActorName({ actor }: { actor: string | null | undefined }) {
  const { t, tx } = useI18n();
  if (!actor) {
    return <span className="muted">—</span>;
  }
  return (
    <span className="actor" title={revealBidi(actor)}>
      {actorLabel(actor, t, tx)}
    </span>
  );
}
