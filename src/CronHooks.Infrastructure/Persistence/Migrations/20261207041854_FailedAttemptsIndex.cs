using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The dead-letter listing (an owner's failed attempts, newest first) reads a small partial index instead of walking
    /// the owner's whole history past its successes. Built on every history partition (the parent's index cascades); on a
    /// large history the build scans it once, while writes to the history wait. No model change.
    /// </summary>
    public partial class FailedAttemptsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_executions_owner_id_created_at_failed ON executions (owner_id, created_at DESC, id DESC) WHERE status = 'Failed';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_executions_owner_id_created_at_failed;");
        }
    }
}
