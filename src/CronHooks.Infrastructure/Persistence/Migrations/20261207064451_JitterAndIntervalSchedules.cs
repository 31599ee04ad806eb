using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class JitterAndIntervalSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "anchor",
                table: "webhooks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "interval_seconds",
                table: "webhooks",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "jitter_seconds",
                table: "webhooks",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "anchor",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "interval_seconds",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "jitter_seconds",
                table: "webhooks");
        }
    }
}
