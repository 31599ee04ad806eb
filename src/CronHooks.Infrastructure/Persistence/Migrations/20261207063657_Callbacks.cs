using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Callbacks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "callback_url",
                table: "webhooks",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "failure_callback_url",
                table: "webhooks",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "details",
                table: "alerts",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_alerts_callbacks_execution",
                table: "alerts",
                column: "execution_id",
                filter: "kind IN ('callback', 'failure_callback')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_alerts_callbacks_execution",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "callback_url",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "failure_callback_url",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "details",
                table: "alerts");
        }
    }
}
