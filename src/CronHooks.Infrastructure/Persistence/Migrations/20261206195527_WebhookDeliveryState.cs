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
                DROP TABLE webhook_delivery_state;
                """);
        }
    }
}
