using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// A one-time webhook is done once its occurrence is queued (<c>completed_at</c>). The scheduler used to read
    /// "needs a trigger" from the absence of its first attempt's row, so once retention removed that row a
    /// reconcile (or an edit) armed it again and it was delivered a second time. Webhooks whose attempt exists
    /// are completed here.
    /// </summary>
    public partial class OneTimeCompletion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE webhooks ADD COLUMN completed_at timestamptz;
                UPDATE webhooks w SET completed_at = a.created_at
                FROM (SELECT webhook_id, scheduled_for, min(created_at) AS created_at FROM all_executions
                      WHERE attempt_number = 1 AND trigger = 'Schedule' GROUP BY webhook_id, scheduled_for) a
                WHERE w.schedule_type = 'Once' AND a.webhook_id = w.id AND a.scheduled_for = w.scheduled_at;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(name: "completed_at", table: "webhooks");
        }
    }
}
