using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Splits the executions table, which was both the delivery queue and the history, into a narrow hot queue
    /// (<c>execution_queue</c>: pending and running attempts) and an insert-only history (<c>executions</c>:
    /// finished attempts) partitioned by the occurrence's time, so retention drops whole partitions. Moves
    /// every existing row to where it belongs. Why: docs/adr/003-queue-and-partitioned-history.md.
    /// </summary>
    public partial class QueueAndHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS executions_notify ON executions;
                DROP FUNCTION IF EXISTS cronhooks_notify_executions();
                ALTER TABLE executions RENAME TO executions_before_split;
                ALTER TABLE executions_before_split DROP CONSTRAINT pk_executions;
                DROP INDEX ix_executions_owner_id_created_at, ix_executions_queue_due, ix_executions_queue_leases,
                    ix_executions_queue_owner_due, ix_executions_webhook_id_created_at,
                    ix_executions_webhook_id_scheduled_for_attempt_number;

                -- The queue: rows come and go thousands of times a second, so pages keep room for updated versions
                -- and autovacuum runs by row counts (not a fraction of the table) and without throttling.
                CREATE TABLE execution_queue (
                    id uuid NOT NULL,
                    webhook_id uuid NOT NULL,
                    owner_id uuid NOT NULL,
                    scheduled_for timestamptz NOT NULL,
                    attempt_number integer NOT NULL,
                    trigger varchar(16) NOT NULL,
                    due_at timestamptz NOT NULL,
                    created_at timestamptz NOT NULL,
                    lease_owner varchar(200),
                    lease_expires_at timestamptz,
                    CONSTRAINT pk_execution_queue PRIMARY KEY (id)
                ) WITH (fillfactor = 70,
                        autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000,
                        autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000,
                        autovacuum_vacuum_cost_delay = 0);
                CREATE UNIQUE INDEX ix_execution_queue_webhook_id_scheduled_for_attempt_number
                    ON execution_queue (webhook_id, scheduled_for, attempt_number);
                CREATE INDEX ix_execution_queue_owner_due ON execution_queue (owner_id, due_at, id) WHERE lease_owner IS NULL;
                CREATE INDEX ix_execution_queue_due ON execution_queue (due_at) WHERE lease_owner IS NULL;
                CREATE INDEX ix_execution_queue_leases ON execution_queue (owner_id, lease_expires_at) WHERE lease_owner IS NOT NULL;

                -- One NOTIFY per statement that queued something (not per row; not for an INSERT … ON CONFLICT that added nothing).
                CREATE FUNCTION cronhooks_notify_queue() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM inserted) THEN PERFORM pg_notify('cronhooks_executions', ''); END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER execution_queue_notify AFTER INSERT ON execution_queue
                    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION cronhooks_notify_queue();

                -- The history: one row per finished attempt, never updated. Partitioned by the occurrence, so the
                -- (webhook, occurrence, attempt) key stays unique across partitions and an occurrence's attempts share one.
                CREATE TABLE executions (
                    id uuid NOT NULL,
                    webhook_id uuid NOT NULL,
                    owner_id uuid NOT NULL,
                    status varchar(16) NOT NULL,
                    attempt_number integer NOT NULL,
                    trigger varchar(16) NOT NULL,
                    scheduled_for timestamptz NOT NULL,
                    due_at timestamptz NOT NULL,
                    executed_at timestamptz,
                    duration_ms integer,
                    response_code integer,
                    response_body text,
                    response_truncated boolean NOT NULL,
                    error_kind varchar(64),
                    error_message varchar(2048),
                    lease_owner varchar(200),
                    created_at timestamptz NOT NULL,
                    finished_at timestamptz,
                    request_method text,
                    request_url text,
                    request_headers jsonb,
                    request_body text,
                    CONSTRAINT pk_executions PRIMARY KEY (id, scheduled_for)
                ) PARTITION BY RANGE (scheduled_for);
                CREATE UNIQUE INDEX ix_executions_webhook_id_scheduled_for_attempt_number
                    ON executions (webhook_id, scheduled_for, attempt_number);
                CREATE INDEX ix_executions_webhook_id_created_at ON executions (webhook_id, created_at DESC, id DESC);
                CREATE INDEX ix_executions_owner_id_created_at ON executions (owner_id, created_at DESC, id DESC);
                -- Catches rows outside every partition (upkeep behind, or an old occurrence whose partition was dropped).
                CREATE TABLE executions_default PARTITION OF executions DEFAULT;

                -- The history's partitions and their bounds, read from the catalog.
                CREATE FUNCTION cronhooks_execution_partitions() RETURNS TABLE (partition regclass, starts timestamptz, ends timestamptz)
                LANGUAGE sql STABLE AS $$
                    SELECT c.oid::regclass,
                           (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'))[1]::timestamptz,
                           (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz
                    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = 'executions'::regclass AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
                $$;

                -- Creates the partitions of width `width` (aligned to the Unix epoch, so days are UTC days) that cover
                -- [from_time, to_time) and overlap none that exists; rows already in the default partition for a new
                -- range move into it. Returns how many it created. Callers serialise it (an advisory lock).
                CREATE FUNCTION cronhooks_create_execution_partitions(from_time timestamptz, to_time timestamptz, width interval)
                RETURNS integer LANGUAGE plpgsql AS $$
                DECLARE
                    seconds double precision := extract(epoch FROM width);
                    lo timestamptz := to_timestamp(floor(extract(epoch FROM from_time) / seconds) * seconds);
                    hi timestamptz;
                    name text;
                    created integer := 0;
                BEGIN
                    WHILE lo < to_time LOOP
                        hi := lo + width;
                        IF NOT EXISTS (SELECT 1 FROM cronhooks_execution_partitions() p WHERE p.starts < hi AND p.ends > lo) THEN
                            name := 'executions_' || to_char(lo AT TIME ZONE 'UTC', 'YYYYMMDD"t"HH24MISS');
                            EXECUTE format('CREATE TABLE %I (LIKE executions INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
                            EXECUTE format('WITH moved AS (DELETE FROM executions_default WHERE scheduled_for >= $1 AND scheduled_for < $2 RETURNING *) '
                                           'INSERT INTO %I SELECT * FROM moved', name) USING lo, hi;
                            -- ATTACH, not CREATE … PARTITION OF: it locks the parent in SHARE UPDATE EXCLUSIVE mode, so
                            -- reads and inserts of the history go on meanwhile.
                            EXECUTE format('ALTER TABLE executions ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
                            created := created + 1;
                        END IF;
                        lo := hi;
                    END LOOP;
                    RETURN created;
                END $$;

                -- Retention: drops the partitions that end at or before `before`, and deletes the default partition's
                -- rows older than it (at most `batch`). Returns the rows gone from the default partition.
                CREATE FUNCTION cronhooks_drop_execution_partitions(before timestamptz, batch integer, OUT dropped integer, OUT deleted integer)
                LANGUAGE plpgsql AS $$
                DECLARE
                    p record;
                BEGIN
                    dropped := 0;
                    FOR p IN SELECT * FROM cronhooks_execution_partitions() WHERE ends <= before ORDER BY starts LOOP
                        EXECUTE format('DROP TABLE %s', p.partition);
                        dropped := dropped + 1;
                    END LOOP;
                    DELETE FROM executions_default WHERE ctid = ANY (ARRAY(
                        SELECT ctid FROM executions_default WHERE scheduled_for < before LIMIT batch));
                    GET DIAGNOSTICS deleted = ROW_COUNT;
                END $$;

                -- Every existing row where it belongs: finished ones into partitions covering their days, the rest into the queue.
                -- Partitions ahead are the scheduler nodes' job (at their width); until then the default partition takes rows.
                SELECT cronhooks_create_execution_partitions(d, d + interval '1 day', interval '1 day')
                FROM (SELECT DISTINCT date_bin('1 day', scheduled_for, timestamptz '2000-01-01 00:00:00+00') AS d
                      FROM executions_before_split WHERE status NOT IN ('Pending', 'Running')) days;
                INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, executed_at,
                                        duration_ms, response_code, response_body, response_truncated, error_kind, error_message,
                                        lease_owner, created_at, finished_at, request_method, request_url, request_headers, request_body)
                SELECT id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, executed_at,
                       duration_ms, response_code, response_body, response_truncated, error_kind, error_message,
                       lease_owner, created_at, coalesce(finished_at, executed_at, created_at), request_method, request_url, request_headers, request_body
                FROM executions_before_split WHERE status NOT IN ('Pending', 'Running');
                INSERT INTO execution_queue (id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at,
                                             lease_owner, lease_expires_at)
                SELECT id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at,
                       CASE WHEN status = 'Running' THEN lease_owner END, CASE WHEN status = 'Running' THEN lease_expires_at END
                FROM executions_before_split WHERE status IN ('Pending', 'Running');
                DROP TABLE executions_before_split;

                -- What the API reads: queued and finished attempts together, in the shape of one attempt.
                CREATE VIEW all_executions AS
                SELECT id, webhook_id, owner_id,
                       (CASE WHEN lease_owner IS NULL THEN 'Pending' ELSE 'Running' END)::varchar(16) AS status,
                       attempt_number, trigger, scheduled_for, due_at,
                       NULL::timestamptz AS executed_at, NULL::integer AS duration_ms, NULL::integer AS response_code,
                       NULL::text AS response_body, false AS response_truncated, NULL::varchar(64) AS error_kind,
                       NULL::varchar(2048) AS error_message, lease_owner, lease_expires_at, created_at,
                       NULL::timestamptz AS finished_at, NULL::text AS request_method, NULL::text AS request_url,
                       NULL::jsonb AS request_headers, NULL::text AS request_body
                FROM execution_queue
                UNION ALL
                SELECT id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at,
                       executed_at, duration_ms, response_code, response_body, response_truncated, error_kind,
                       error_message, lease_owner, NULL::timestamptz, created_at, finished_at, request_method, request_url,
                       request_headers, request_body
                FROM executions;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP VIEW all_executions;
                ALTER TABLE executions RENAME TO executions_after_split;
                ALTER TABLE executions_after_split RENAME CONSTRAINT pk_executions TO pk_executions_after_split;
                ALTER INDEX ix_executions_webhook_id_scheduled_for_attempt_number RENAME TO ix_executions_after_split_attempt;
                ALTER INDEX ix_executions_webhook_id_created_at RENAME TO ix_executions_after_split_webhook;
                ALTER INDEX ix_executions_owner_id_created_at RENAME TO ix_executions_after_split_owner;
                CREATE TABLE executions (
                    id uuid NOT NULL, webhook_id uuid NOT NULL, owner_id uuid NOT NULL, status varchar(16) NOT NULL,
                    attempt_number integer NOT NULL, trigger varchar(16) NOT NULL, scheduled_for timestamptz NOT NULL,
                    due_at timestamptz NOT NULL, executed_at timestamptz, duration_ms integer, response_code integer,
                    response_body text, response_truncated boolean NOT NULL, error_kind varchar(64), error_message varchar(2048),
                    lease_owner varchar(200), lease_expires_at timestamptz, created_at timestamptz NOT NULL, finished_at timestamptz,
                    request_body text, request_headers jsonb, request_method text, request_url text,
                    CONSTRAINT pk_executions PRIMARY KEY (id));
                INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, executed_at,
                                        duration_ms, response_code, response_body, response_truncated, error_kind, error_message,
                                        lease_owner, created_at, finished_at, request_body, request_headers, request_method, request_url)
                SELECT id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, executed_at,
                       duration_ms, response_code, response_body, response_truncated, error_kind, error_message,
                       lease_owner, created_at, finished_at, request_body, request_headers, request_method, request_url
                FROM executions_after_split;
                INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at,
                                        response_truncated, lease_owner, lease_expires_at, created_at)
                SELECT id, webhook_id, owner_id, CASE WHEN lease_owner IS NULL THEN 'Pending' ELSE 'Running' END, attempt_number,
                       trigger, scheduled_for, due_at, false, lease_owner, lease_expires_at, created_at
                FROM execution_queue;
                DROP TABLE executions_after_split;
                DROP TABLE execution_queue;
                DROP FUNCTION cronhooks_notify_queue();
                DROP FUNCTION cronhooks_drop_execution_partitions(timestamptz, integer);
                DROP FUNCTION cronhooks_create_execution_partitions(timestamptz, timestamptz, interval);
                DROP FUNCTION cronhooks_execution_partitions();
                CREATE INDEX ix_executions_owner_id_created_at ON executions (owner_id, created_at DESC);
                CREATE INDEX ix_executions_webhook_id_created_at ON executions (webhook_id, created_at DESC);
                CREATE UNIQUE INDEX ix_executions_webhook_id_scheduled_for_attempt_number ON executions (webhook_id, scheduled_for, attempt_number);
                CREATE INDEX ix_executions_queue_due ON executions (due_at) WHERE status = 'Pending';
                CREATE INDEX ix_executions_queue_owner_due ON executions (owner_id, due_at, id) WHERE status = 'Pending';
                CREATE INDEX ix_executions_queue_leases ON executions (lease_expires_at) WHERE status = 'Running';
                CREATE FUNCTION cronhooks_notify_executions() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_notify('cronhooks_executions', ''); RETURN NULL; END $$;
                CREATE TRIGGER executions_notify AFTER INSERT ON executions
                    FOR EACH STATEMENT EXECUTE FUNCTION cronhooks_notify_executions();
                """);
        }
    }
}
