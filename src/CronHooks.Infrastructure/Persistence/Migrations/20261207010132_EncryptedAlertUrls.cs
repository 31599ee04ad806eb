using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EncryptedAlertUrls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Room for the ciphertext; `migrate` encrypts the plaintext values after the schema (PlaintextAlertUrls).
            migrationBuilder.AlterColumn<string>(
                name: "alert_url",
                table: "webhooks",
                type: "character varying(4096)",
                maxLength: 4096,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(2048)",
                oldMaxLength: 2048,
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "alert_url",
                table: "webhooks",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(4096)",
                oldMaxLength: 4096,
                oldNullable: true);
        }
    }
}
