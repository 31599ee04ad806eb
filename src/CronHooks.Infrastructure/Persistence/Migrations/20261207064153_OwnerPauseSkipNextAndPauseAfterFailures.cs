using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OwnerPauseSkipNextAndPauseAfterFailures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "pause_after_failures",
                table: "webhooks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "pause_recorded_through",
                table: "webhooks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "paused_at",
                table: "webhooks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "paused_until",
                table: "webhooks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "resumed_at",
                table: "webhooks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "skip_next",
                table: "webhooks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "failed_occurrence_streak",
                table: "webhook_delivery_state",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "ix_webhooks_owner_paused",
                table: "webhooks",
                column: "paused_until",
                filter: "paused_by = 'Owner' AND NOT is_active");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhooks_owner_paused",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "pause_after_failures",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "pause_recorded_through",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "paused_at",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "paused_until",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "resumed_at",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "skip_next",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "failed_occurrence_streak",
                table: "webhook_delivery_state");
        }
    }
}
