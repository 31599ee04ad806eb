using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The outbox by schedule key: a node applies all of a key's pending rows at once, and reconciliation discards
    /// the rows of a range of keys and walks the keys in order. Adding an index is compatible with older nodes.
    /// </summary>
    public partial class OutboxByScheduleKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_schedule_outbox_schedule_key_id ON schedule_outbox (schedule_key, id);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_schedule_outbox_schedule_key_id;");
        }
    }
}
