import { classifyMessage } from '../../src/classification/classifier';
import { loadDefaultRuleset } from '../../src/classification/ruleset';
import { classifyLeaderReply } from '../../src/cases/reply-matcher';
import { generateScenario, scenarioCounts, seededRandom } from './scenario';
import { CITIZEN_TEXTS, CITIZEN_THREAD_TEXTS, TRADITIONAL_TEXTS } from './scenario-texts';

const now = new Date('2026-12-02T10:00:00+08:00');
const DAY = 86_400_000;

describe('the demo scenario', () => {
  const scenario = generateScenario({ seed: 2026, now });
  const counts = scenarioCounts(scenario);

  it('is the same for the same seed, and another for another seed', () => {
    expect(JSON.stringify(generateScenario({ seed: 2026, now }))).toBe(JSON.stringify(scenario));
    expect(JSON.stringify(generateScenario({ seed: 7, now }))).not.toBe(JSON.stringify(scenario));
    const a = seededRandom(1);
    const b = seededRandom(1);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('holds what SPEC 8 asks of the demo: 5+ leaders, 300+ comments of every kind over 30 days', () => {
    expect(counts.leaders).toBeGreaterThanOrEqual(5);
    expect(counts.comments).toBeGreaterThanOrEqual(300);
    for (const kind of ['complaint', 'help', 'inquiry', 'suggestion', 'praise', 'spam'] as const) {
      expect(counts.byKind[kind]).toBeGreaterThan(5);
    }
    expect(counts.traditional).toBeGreaterThan(0);
    const times = scenario.comments.map((c) => c.comment.createdAt.getTime());
    expect(Math.min(...times)).toBeGreaterThan(now.getTime() - 30 * DAY);
    expect(Math.max(...times)).toBeLessThan(now.getTime());
    expect(scenario.replies.every((r) => r.reply.createdAt.getTime() < now.getTime())).toBe(true);
  });

  it('has leader replies on time, late and boilerplate, and one slow leader', () => {
    expect(counts.timings.on_time).toBeGreaterThan(10);
    expect(counts.timings.late).toBeGreaterThan(5);
    expect(counts.timings.boilerplate).toBeGreaterThan(5);
    const slow = scenario.leaders.find((l) => l.style === 'slow')!;
    const prompt = scenario.leaders.find((l) => l.style === 'prompt')!;
    const replyShare = (uid: string) => {
      const posts = new Set(scenario.posts.filter((p) => p.uid === uid).map((p) => p.post.id));
      const asked = scenario.comments.filter(
        (c) =>
          posts.has(c.postId) && ['complaint', 'help', 'inquiry', 'suggestion'].includes(c.kind),
      );
      const answered = new Set(
        scenario.replies.filter((r) => r.reply.userId === uid).map((r) => r.rootId),
      );
      return asked.filter((c) => answered.has(c.comment.id)).length / asked.length;
    };
    expect(replyShare(slow.uid)).toBeLessThan(0.3);
    expect(replyShare(prompt.uid)).toBeGreaterThan(0.6);
  });

  it('gives every leader a thread longer than a page of replies', () => {
    const perRoot = new Map<string, number>();
    for (const r of scenario.replies) {
      perRoot.set(r.rootId, (perRoot.get(r.rootId) ?? 0) + 1);
    }
    const long = [...perRoot.entries()].filter(([, n]) => n > 10).map(([root]) => root);
    const postOf = new Map(scenario.comments.map((c) => [c.comment.id, c.postId]));
    const uidOf = new Map(scenario.posts.map((p) => [p.post.id, p.uid]));
    expect(new Set(long.map((root) => uidOf.get(postOf.get(root)!))).size).toBe(
      scenario.leaders.length,
    );
  });

  it('uses unique ids, and plans staff work only on actionable comments', () => {
    const ids = [
      ...scenario.posts.map((p) => p.post.id),
      ...scenario.comments.map((c) => c.comment.id),
      ...scenario.replies.map((r) => r.reply.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    const kinds = new Map(scenario.comments.map((c) => [c.comment.id, c.kind]));
    expect(scenario.followUps.length).toBeGreaterThan(5);
    expect(scenario.surveys.length).toBeGreaterThan(2);
    for (const f of [...scenario.followUps, ...scenario.surveys]) {
      expect(['complaint', 'help', 'inquiry', 'suggestion']).toContain(kinds.get(f.commentId));
    }
  });

  it('resolves cases only with follow-ups that say what was done (boilerplate cannot resolve: SPEC 4)', () => {
    const resolutions = scenario.followUps.filter((f) => f.type === 'resolved');
    expect(resolutions.length).toBeGreaterThan(0);
    for (const f of resolutions) {
      expect([f.text, classifyLeaderReply(f.text)]).toEqual([f.text, 'substantive']);
    }
  });

  it('writes each hand-written comment so the classifier reads the kind it means', () => {
    const ruleset = loadDefaultRuleset();
    for (const [kind, texts] of Object.entries(CITIZEN_TEXTS)) {
      for (const text of texts) {
        expect([text, classifyMessage(text, ruleset).kind]).toEqual([text, kind]);
      }
    }
    for (const text of CITIZEN_THREAD_TEXTS) {
      expect([text, classifyMessage(text, ruleset).actionable]).toEqual([text, false]);
    }
    expect(TRADITIONAL_TEXTS.size).toBe(3);
  });
});
