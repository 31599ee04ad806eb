using System.Collections.Generic;
using CronHooks.Domain.Webhooks;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SuccessCriteriaAndRetryClasses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "max_retry_age_seconds",
                table: "webhooks",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "retry_on",
                table: "webhooks",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<SuccessCriteria>(
                name: "success_criteria",
                table: "webhooks",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "max_retry_age_seconds",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "retry_on",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "success_criteria",
                table: "webhooks");
        }
    }
}
