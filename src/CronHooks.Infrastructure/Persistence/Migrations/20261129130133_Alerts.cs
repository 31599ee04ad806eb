using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Alerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "alert_consecutive_failures",
                table: "webhooks",
                type: "integer",
                nullable: false,
                // Domain.Alerts.AlertSettings.DefaultConsecutiveFailures, for webhooks that exist already.
                defaultValue: 3);

            migrationBuilder.AddColumn<string>(
                name: "alert_url",
                table: "webhooks",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "failing_alert_raised",
                table: "webhooks",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "failure_streak",
                table: "webhooks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "failure_streak_started_by",
                table: "webhooks",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    webhook_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    event_key = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    execution_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scheduled_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempt_number = table.Column<int>(type: "integer", nullable: false),
                    error_kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    response_code = table.Column<int>(type: "integer", nullable: true),
                    consecutive_failures = table.Column<int>(type: "integer", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    lease_owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    lease_token = table.Column<Guid>(type: "uuid", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error_kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    last_error_message = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    last_response_code = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alerts", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_queue_due",
                table: "alerts",
                column: "due_at",
                filter: "status IN ('Pending', 'Sending')");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_webhook_id_kind_event_key",
                table: "alerts",
                columns: new[] { "webhook_id", "kind", "event_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropColumn(
                name: "alert_consecutive_failures",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "alert_url",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "failing_alert_raised",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "failure_streak",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "failure_streak_started_by",
                table: "webhooks");
        }
    }
}
