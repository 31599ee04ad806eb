using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Each user's webhook count, kept by statement-level triggers (one UPDATE per statement, however many
    /// rows: a bulk load does not rewrite the user's row per webhook). The create handler reads it after its
    /// insert, in the same transaction, to enforce the per-user limit without counting the user's webhooks.
    /// </summary>
    public partial class UserWebhookCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "webhook_count",
                table: "users",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.Sql("""
                UPDATE users u SET webhook_count = c.n
                FROM (SELECT owner_id, count(*) AS n FROM webhooks GROUP BY owner_id) c
                WHERE c.owner_id = u.id;

                CREATE FUNCTION cronhooks_count_inserted_webhooks() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE users u SET webhook_count = u.webhook_count + c.n
                    FROM (SELECT owner_id, count(*) AS n FROM inserted GROUP BY owner_id) c
                    WHERE c.owner_id = u.id;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER webhooks_count_inserted AFTER INSERT ON webhooks
                    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION cronhooks_count_inserted_webhooks();

                CREATE FUNCTION cronhooks_count_deleted_webhooks() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE users u SET webhook_count = u.webhook_count - c.n
                    FROM (SELECT owner_id, count(*) AS n FROM deleted GROUP BY owner_id) c
                    WHERE c.owner_id = u.id;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER webhooks_count_deleted AFTER DELETE ON webhooks
                    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION cronhooks_count_deleted_webhooks();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS webhooks_count_deleted ON webhooks;
                DROP FUNCTION IF EXISTS cronhooks_count_deleted_webhooks();
                DROP TRIGGER IF EXISTS webhooks_count_inserted ON webhooks;
                DROP FUNCTION IF EXISTS cronhooks_count_inserted_webhooks();
                """);

            migrationBuilder.DropColumn(
                name: "webhook_count",
                table: "users");
        }
    }
}
