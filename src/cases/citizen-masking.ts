/**
 * What an evaluator may not see (SPEC 6: the message's text, author and
 * Weibo id are "masked for evaluators"; SPEC 8: "evaluators see no citizen
 * names"). An evaluator audits figures, not people: every Weibo id, uid and
 * link that leads back to a citizen's comment is null, the citizen's own
 * words are withheld (a verbatim comment is found again under the leader's
 * post in seconds), and a name written into a reply (`回复@NAME:`) is
 * hidden. What the figures are computed from stays: kind, category, the
 * terms that decided them, every time (a message's `createdAt` is its case's
 * `openedAt`, the start of its clocks), and the leader's and staff's answers.
 * Field names stay, so one client reads every role's answer.
 */

export const MASKED_NAME = '***';
export const MASKED_TEXT = '***';

/** `@NAME` as Weibo writes a mention: the name ends at a space, punctuation or the next `@`. */
const MENTION = /@[\p{L}\p{N}_\-·]{1,30}/gu;

/** A text written by the leader or staff, with the names of the people it mentions hidden. */
export function hideMentions(text: string): string {
  return text.replace(MENTION, `@${MASKED_NAME}`);
}

/** Fields of an audit event's before/after that point at a citizen's comment or account. */
const IDENTIFYING_FIELDS: ReadonlySet<string> = new Set([
  'weiboId',
  'weiboReplyId',
  'commentId',
  'postId',
  'parentId',
  'authorUid',
  'evidenceUrl',
]);

/**
 * An audit payload as an evaluator reads it: identifying fields null at any
 * depth, names masked, texts without the names they mention. The stored
 * event is untouched (its hash is the auditor's to verify, not the evaluator's).
 */
export function maskAuditPayload(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(maskAuditPayload);
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) {
    return value;
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (IDENTIFYING_FIELDS.has(key)) {
        return [key, inner === undefined ? inner : null];
      }
      if (key === 'authorName' && typeof inner === 'string') {
        return [key, MASKED_NAME];
      }
      if (key === 'text' && typeof inner === 'string') {
        return [key, hideMentions(inner)];
      }
      return [key, maskAuditPayload(inner)];
    }),
  );
}
