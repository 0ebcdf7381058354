import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type {
  FlagCase,
  FlagFollowUp,
  FlagInputs,
  FlagLeaderReply,
  FlagSurvey,
} from './integrity-flags';

/**
 * The rows the integrity flags are computed from, for one leader's cases
 * opened in [from, to): the cases, the leader's replies in each case's
 * thread (at or after the citizen's comment, withdrawn ones included), the
 * staff follow-ups that respond or close, and the surveys.
 */
@Injectable()
export class IntegrityRepository {
  constructor(private readonly db: Database) {}

  async loadFlagInputs(leaderId: string, window: { from: Date; to: Date }): Promise<FlagInputs> {
    const params = [leaderId, window.from, window.to];
    const inWindow = `c.leader_id = $1::uuid AND c.opened_at >= $2 AND c.opened_at < $3`;
    const [cases, leaderReplies, followUps, surveys] = await Promise.all([
      this.db.query<{
        id: string;
        kind: string;
        status: string;
        outcome: string | null;
        closed_at: Date | null;
      }>(
        `SELECT c.id, c.kind, c.status, c.outcome, c.closed_at FROM cases c WHERE ${inWindow}`,
        params,
      ),
      this.db.query<{
        case_id: string;
        id: string;
        author_uid: string;
        created_at: Date;
        text: string;
        withdrawn_at: Date | null;
      }>(
        `SELECT c.id AS case_id, r.id, r.author_uid, r.created_at, r.text, r.withdrawn_at
         FROM cases c
         JOIN comments m ON m.id = c.comment_id
         JOIN comments r ON r.root_id = m.id AND r.id <> m.id AND r.by_leader
                        AND r.created_at >= m.created_at
                       
         WHERE ${inWindow}`,
        params,
      ),
      this.db.query<{
        case_id: string;
        id: string;
        type: FlagFollowUp['type'];
        text: string;
        actor: string;
        recorded_at: Date;
      }>(
        `SELECT f.case_id, f.id, f.type, f.text, f.actor, f.recorded_at
         FROM follow_ups f JOIN cases c ON c.id = f.case_id
         WHERE ${inWindow} AND f.type <> 'note'`,
        params,
      ),
      this.db.query<{ case_id: string; id: string; actor: string; recorded_at: Date }>(
        `SELECT s.case_id, s.id, s.actor, s.recorded_at
         FROM satisfaction_surveys s JOIN cases c ON c.id = s.case_id
         WHERE ${inWindow}`,
        params,
      ),
    ]);
    return {
      cases: cases.map((r): FlagCase => ({
        id: r.id,
        kind: r.kind,
        status: r.status,
        outcome: r.outcome,
        closedAt: r.closed_at,
      })),
      leaderReplies: leaderReplies.map((r): FlagLeaderReply => ({
        caseId: r.case_id,
        replyId: r.id,
        authorUid: r.author_uid,
        at: r.created_at,
        text: r.text,
        withdrawnAt: r.withdrawn_at,
      })),
      followUps: followUps.map((r): FlagFollowUp => ({
        caseId: r.case_id,
        id: r.id,
        type: r.type,
        text: r.text,
        actor: r.actor,
        at: r.recorded_at,
      })),
      surveys: surveys.map((r): FlagSurvey => ({
        caseId: r.case_id,
        id: r.id,
        actor: r.actor,
        at: r.recorded_at,
      })),
    };
  }
}
