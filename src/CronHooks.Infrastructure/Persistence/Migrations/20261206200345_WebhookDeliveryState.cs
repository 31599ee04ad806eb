using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Moves what the delivery engine keeps per webhook (last execution, failure streak, last outcome) off the webhook's row
    /// into its own: every outcome wrote the webhook row, locking it and changing its row version, so an API
    /// edit of a busy webhook conflicted with deliveries. No foreign key: an outcome recorded while its webhook
    /// is being deleted must not fail; EF deletes the row with the webhook. The last outcome is kept here so the
    /// webhook list does not search a webhook's whole history for it.
    /// </summary>
    public partial class WebhookDeliveryState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE webhook_delivery_state (
                    webhook_id uuid NOT NULL,
                    last_execution_at timestamptz,
                    failure_streak integer NOT NULL,
                    failure_streak_started_by uuid,
                    failing_alert_raised boolean NOT NULL,
                    last_outcome_id uuid,
                    last_outcome_status varchar(16),
                    last_outcome_response_code integer,
                    last_outcome_error_kind varchar(64),
                    last_outcome_finished_at timestamptz,
                    success_count bigint NOT NULL DEFAULT 0,
                    failed_count bigint NOT NULL DEFAULT 0,
                    retrying_count bigint NOT NULL DEFAULT 0,
                    skipped_count bigint NOT NULL DEFAULT 0,
                    CONSTRAINT pk_webhook_delivery_state PRIMARY KEY (webhook_id)
                ) WITH (fillfactor = 70);
                INSERT INTO webhook_delivery_state (webhook_id, last_execution_at, failure_streak, failure_streak_started_by, failing_alert_raised,
                                                    last_outcome_id, last_outcome_status, last_outcome_response_code, last_outcome_error_kind,
                                                    last_outcome_finished_at)
                SELECT w.id, w.last_execution_at, w.failure_streak, w.failure_streak_started_by, w.failing_alert_raised,
                       l.id, l.status, l.response_code, l.error_kind, l.finished_at
                FROM webhooks w
                LEFT JOIN (SELECT DISTINCT ON (webhook_id) webhook_id, id, status, response_code, error_kind, finished_at
                           FROM executions WHERE finished_at IS NOT NULL ORDER BY webhook_id, finished_at DESC, id DESC) l ON l.webhook_id = w.id
                WHERE w.last_execution_at IS NOT NULL OR w.failure_streak > 0 OR w.failing_alert_raised OR l.id IS NOT NULL;
                ALTER TABLE webhooks DROP COLUMN last_execution_at, DROP COLUMN failure_streak,
                    DROP COLUMN failure_streak_started_by, DROP COLUMN failing_alert_raised;

                -- Each webhook's history counts per status, kept as history rows come (this trigger, once per statement,
                -- locking state rows in webhook order like the outcome writer) and go (retention, below).
                CREATE FUNCTION cronhooks_count_history(delta integer, changed_webhook uuid[], changed_status text[]) RETURNS void
                LANGUAGE sql AS $$
                    INSERT INTO webhook_delivery_state AS s (webhook_id, failure_streak, failing_alert_raised,
                                                             success_count, failed_count, retrying_count, skipped_count)
                    SELECT webhook_id, 0, false,
                           delta * count(*) FILTER (WHERE status = 'Success'), delta * count(*) FILTER (WHERE status = 'Failed'),
                           delta * count(*) FILTER (WHERE status = 'Retrying'), delta * count(*) FILTER (WHERE status = 'Skipped')
                    FROM unnest(changed_webhook, changed_status) AS c(webhook_id, status)
                    GROUP BY webhook_id
                    ORDER BY webhook_id
                    ON CONFLICT (webhook_id) DO UPDATE
                    SET success_count = s.success_count + excluded.success_count, failed_count = s.failed_count + excluded.failed_count,
                        retrying_count = s.retrying_count + excluded.retrying_count, skipped_count = s.skipped_count + excluded.skipped_count
                $$;
                CREATE FUNCTION cronhooks_count_inserted_history() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM cronhooks_count_history(1, array_agg(webhook_id), array_agg(status::text)) FROM inserted HAVING count(*) > 0;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER executions_count_inserted AFTER INSERT ON executions
                    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION cronhooks_count_inserted_history();
                INSERT INTO webhook_delivery_state AS s (webhook_id, failure_streak, failing_alert_raised,
                                                         success_count, failed_count, retrying_count, skipped_count)
                SELECT webhook_id, 0, false, count(*) FILTER (WHERE status = 'Success'), count(*) FILTER (WHERE status = 'Failed'),
                       count(*) FILTER (WHERE status = 'Retrying'), count(*) FILTER (WHERE status = 'Skipped')
                FROM executions GROUP BY webhook_id
                ON CONFLICT (webhook_id) DO UPDATE
                SET success_count = excluded.success_count, failed_count = excluded.failed_count,
                    retrying_count = excluded.retrying_count, skipped_count = excluded.skipped_count;

                -- Retention takes what it drops or deletes off the counts.
                CREATE OR REPLACE FUNCTION cronhooks_drop_execution_partitions(before timestamptz, batch integer, OUT dropped integer, OUT deleted integer)
                LANGUAGE plpgsql AS $$
                DECLARE
                    p record;
                    webhook_ids uuid[];
                    statuses text[];
                BEGIN
                    dropped := 0;
                    FOR p IN SELECT * FROM cronhooks_execution_partitions() WHERE ends <= before ORDER BY starts LOOP
                        EXECUTE format('SELECT array_agg(webhook_id), array_agg(status::text) FROM %s', p.partition) INTO webhook_ids, statuses;
                        PERFORM cronhooks_count_history(-1, webhook_ids, statuses);
                        EXECUTE format('DROP TABLE %s', p.partition);
                        dropped := dropped + 1;
                    END LOOP;
                    WITH gone AS (
                        DELETE FROM executions_default WHERE ctid = ANY (ARRAY(
                            SELECT ctid FROM executions_default WHERE scheduled_for < before LIMIT batch))
                        RETURNING webhook_id, status)
                    SELECT count(*), array_agg(webhook_id), array_agg(status::text) INTO deleted, webhook_ids, statuses FROM gone;
                    PERFORM cronhooks_count_history(-1, webhook_ids, statuses);
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE webhooks ADD COLUMN last_execution_at timestamptz, ADD COLUMN failure_streak integer NOT NULL DEFAULT 0,
                    ADD COLUMN failure_streak_started_by uuid, ADD COLUMN failing_alert_raised boolean NOT NULL DEFAULT false;
                UPDATE webhooks w SET last_execution_at = s.last_execution_at, failure_streak = s.failure_streak,
                    failure_streak_started_by = s.failure_streak_started_by, failing_alert_raised = s.failing_alert_raised
                FROM webhook_delivery_state s WHERE s.webhook_id = w.id;
                DROP TRIGGER executions_count_inserted ON executions;
                DROP FUNCTION cronhooks_count_inserted_history();
                CREATE OR REPLACE FUNCTION cronhooks_drop_execution_partitions(before timestamptz, batch integer, OUT dropped integer, OUT deleted integer)
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
                DROP FUNCTION cronhooks_count_history(integer, uuid[], text[]);
                DROP TABLE webhook_delivery_state;
                """);
        }
    }
}
