using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ExecutionRequestSnapshot : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "request_body",
                table: "executions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Dictionary<string, string>>(
                name: "request_headers",
                table: "executions",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "request_method",
                table: "executions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "request_url",
                table: "executions",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "request_body",
                table: "executions");

            migrationBuilder.DropColumn(
                name: "request_headers",
                table: "executions");

            migrationBuilder.DropColumn(
                name: "request_method",
                table: "executions");

            migrationBuilder.DropColumn(
                name: "request_url",
                table: "executions");
        }
    }
}
