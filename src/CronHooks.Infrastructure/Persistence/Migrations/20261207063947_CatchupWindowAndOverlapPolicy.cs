using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CatchupWindowAndOverlapPolicy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing webhooks keep today's behaviour: a 60 s catch-up window and overlapping occurrences allowed.
            migrationBuilder.AddColumn<int>(
                name: "catchup_window_seconds",
                table: "webhooks",
                type: "integer",
                nullable: false,
                defaultValue: 60);

            migrationBuilder.AddColumn<string>(
                name: "overlap_policy",
                table: "webhooks",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Allow");

            migrationBuilder.AddColumn<int>(
                name: "missed_occurrences",
                table: "alerts",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "catchup_window_seconds",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "overlap_policy",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "missed_occurrences",
                table: "alerts");
        }
    }
}
