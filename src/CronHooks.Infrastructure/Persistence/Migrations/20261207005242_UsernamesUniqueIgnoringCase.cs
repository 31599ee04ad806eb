using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Usernames unique regardless of case ("Alice" and "alice" are one name to people). EF cannot model an
    /// expression index, so it is SQL here and the model keeps its exact-match index (logins look up by it).
    /// Accounts registered before this that differ only in case keep working: the oldest keeps its name, each
    /// later one gets "-" and the first 8 hex digits of its id appended (docs/security.md says so).
    /// </summary>
    public partial class UsernamesUniqueIgnoringCase : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE users u
                SET username = left(u.username, 55) || '-' || left(replace(u.id::text, '-', ''), 8)
                WHERE EXISTS (
                    SELECT 1 FROM users o
                    WHERE lower(o.username) = lower(u.username) AND (o.created_at, o.id) < (u.created_at, u.id));
                CREATE UNIQUE INDEX ix_users_username_lower ON users (lower(username));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_users_username_lower;");
        }
    }
}
