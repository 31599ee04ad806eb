using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Moves what the delivery engine keeps per webhook (last execution, failure streak) off the webhook's row
    /// into its own: every outcome wrote the webhook row, locking it and changing its row version, so an API
    /// edit of a busy webhook conflicted with deliveries. No foreign key: an outcome recorded while its webhook
    /// is being deleted must not fail; EF deletes the row with the webhook.
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
                    CONSTRAINT pk_webhook_delivery_state PRIMARY KEY (webhook_id)
                ) WITH (fillfactor = 70);
                INSERT INTO webhook_delivery_state (webhook_id, last_execution_at, failure_streak, failure_streak_started_by, failing_alert_raised)
                SELECT id, last_execution_at, failure_streak, failure_streak_started_by, failing_alert_raised FROM webhooks
                WHERE last_execution_at IS NOT NULL OR failure_streak > 0 OR failing_alert_raised;
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
