using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Attempts sent per owner, clock minute and delivery node, for the per-account attempts-per-minute quota: a node
    /// adds to its own row in the statement that writes its outcomes, the claim sums an owner's rows for the current
    /// minute. Rows older than an hour are deleted by the history upkeep. No model change (plain SQL on the hot path).
    /// </summary>
    public partial class OwnerAttemptMinutes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Updated at every outcome group of its owner: fillfactor leaves room for HOT updates (no index on attempts).
            migrationBuilder.Sql("""
                CREATE TABLE owner_attempt_minutes (
                    owner_id uuid NOT NULL,
                    minute timestamptz NOT NULL,
                    node varchar(200) NOT NULL,
                    attempts integer NOT NULL,
                    CONSTRAINT pk_owner_attempt_minutes PRIMARY KEY (owner_id, minute, node)
                ) WITH (fillfactor = 70);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE owner_attempt_minutes;");
        }
    }
}
