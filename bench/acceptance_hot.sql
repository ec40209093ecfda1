-- Acceptance as a HOT update: is the UPDATE of 950.000 pending memberships cheaper than a COPY of the same
-- rows when no index has to change? Raw SQL on scratch tables shaped like memberships_membership (same
-- columns and indexes); touches nothing of Lindung's. Results: docs/benchmarks.md, "Acceptance as a HOT update".
--
--   createdb -h 127.0.0.1 -U postgres lindung_hot
--   psql -h 127.0.0.1 -U postgres lindung_hot -v ff=45 -f bench/acceptance_hot.sql
--
-- Part 1, today's schema: the floor (INSERT of the accepted rows into an empty indexed copy) and the
-- acceptance UPDATE (status pending -> active, KPJ, start date). Part 2, a candidate schema: status out of
-- every index key and predicate (a stored generated column ``holding`` carries the unique rule) and the
-- table's fillfactor set by ``-v ff=N``; the UPDATE then changes no indexed value and, where the page has
-- room, is a heap-only (HOT) update that writes no index entry at all.
\timing on
DROP TABLE IF EXISTS hot_m1, hot_mf, hot_k1, hot_m2, hot_k2;

-- Part 1: today's schema
CREATE TABLE hot_m1 (id bigserial PRIMARY KEY, person_id bigint, programme_id bigint, funder_id bigint,
  region_code varchar(13), regency_code varchar(5), batch_id bigint, status varchar(10), start_date date,
  end_date date, end_reason varchar(20), lapsed_on date, kpj varchar(20), wage bigint, officer_kind varchar(20),
  created_at timestamptz, updated_at timestamptz);
CREATE INDEX ON hot_m1 (programme_id, status);
CREATE INDEX ON hot_m1 (regency_code, status);
CREATE INDEX ON hot_m1 (person_id);
CREATE INDEX ON hot_m1 (region_code varchar_pattern_ops);
CREATE INDEX ON hot_m1 (batch_id);
CREATE UNIQUE INDEX ON hot_m1 (person_id, programme_id) WHERE status IN ('pending', 'active');
INSERT INTO hot_m1 (person_id, programme_id, funder_id, region_code, regency_code, batch_id, status, start_date,
  kpj, officer_kind, created_at, updated_at)
SELECT g, 1, 1, '16.05.01.2001', '16.05', 7, 'pending', '2026-12-01', '', '', now(), now()
FROM generate_series(1, 950000) g;
CREATE TABLE hot_k1 AS SELECT id AS membership_id, lpad(id::text, 11, '9') AS kpj FROM hot_m1;
ANALYZE hot_m1; ANALYZE hot_k1;
CREATE TABLE hot_mf (LIKE hot_m1 INCLUDING ALL);
CHECKPOINT;
-- floor
INSERT INTO hot_mf (person_id, programme_id, funder_id, region_code, regency_code, batch_id, status, start_date,
  kpj, officer_kind, created_at, updated_at)
SELECT membership_id, 1, 1, '16.05.01.2001', '16.05', 7, 'active', '2026-12-01', kpj, '', now(), now()
FROM hot_k1;
CHECKPOINT;
-- acceptance today
UPDATE hot_m1 SET status = 'active', updated_at = now(), start_date = '2027-01-01', kpj = k.kpj
FROM hot_k1 k WHERE hot_m1.id = k.membership_id AND hot_m1.status IN ('pending');

-- Part 2: candidate schema
CREATE TABLE hot_m2 (id bigserial PRIMARY KEY, person_id bigint, programme_id bigint, funder_id bigint,
  region_code varchar(13), regency_code varchar(5), batch_id bigint, status varchar(10), start_date date,
  end_date date, end_reason varchar(20), lapsed_on date, kpj varchar(20), wage bigint, officer_kind varchar(20),
  created_at timestamptz, updated_at timestamptz,
  holding boolean GENERATED ALWAYS AS (status IN ('pending', 'active')) STORED) WITH (fillfactor = :ff);
CREATE INDEX ON hot_m2 (programme_id);
CREATE INDEX ON hot_m2 (regency_code);
CREATE INDEX ON hot_m2 (person_id);
CREATE INDEX ON hot_m2 (region_code varchar_pattern_ops);
CREATE INDEX ON hot_m2 (batch_id);
CREATE UNIQUE INDEX ON hot_m2 (person_id, programme_id) WHERE holding;
CHECKPOINT;
-- the import's insert of pending memberships under the candidate schema
INSERT INTO hot_m2 (person_id, programme_id, funder_id, region_code, regency_code, batch_id, status, start_date,
  kpj, officer_kind, created_at, updated_at)
SELECT g, 1, 1, '16.05.01.2001', '16.05', 7, 'pending', '2026-12-01', '', '', now(), now()
FROM generate_series(1, 950000) g;
CREATE TABLE hot_k2 AS SELECT id AS membership_id, lpad(id::text, 11, '9') AS kpj FROM hot_m2;
ANALYZE hot_m2; ANALYZE hot_k2;
CHECKPOINT;
-- acceptance under the candidate schema
UPDATE hot_m2 SET status = 'active', updated_at = now(), start_date = '2027-01-01', kpj = k.kpj
FROM hot_k2 k WHERE hot_m2.id = k.membership_id AND hot_m2.status IN ('pending');
SELECT n_tup_upd AS updated, n_tup_hot_upd AS heap_only FROM pg_stat_user_tables WHERE relname = 'hot_m2';
SELECT pg_size_pretty(pg_relation_size('hot_m1')) AS today_after, pg_size_pretty(pg_relation_size('hot_m2')) AS candidate_after;

DROP TABLE hot_m1, hot_mf, hot_k1, hot_m2, hot_k2;
