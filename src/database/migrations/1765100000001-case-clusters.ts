import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Near-duplicate clusters (SPEC 9): where each case was placed when it was
 * clustered. `cluster_id` is the cluster's first case (null: alone so far);
 * the case it matched and the similarity are kept as the evidence.
 */
export class CaseClusters1765100000001 implements MigrationInterface {
  name = 'CaseClusters1765100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE case_clusters (
        case_id uuid PRIMARY KEY REFERENCES cases (id),
        leader_id uuid NOT NULL REFERENCES leaders (id),
        cluster_id uuid REFERENCES cases (id),
        matched_case_id uuid REFERENCES cases (id),
        similarity double precision NOT NULL DEFAULT 0 CHECK (similarity BETWEEN 0 AND 1),
        placed_at timestamptz NOT NULL
      );
      CREATE INDEX case_clusters_leader_cluster ON case_clusters (leader_id, cluster_id)
        WHERE cluster_id IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE case_clusters`);
  }
}
