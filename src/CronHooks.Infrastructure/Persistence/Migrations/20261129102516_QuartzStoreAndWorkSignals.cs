using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Quartz's clustered job store (from the DDL its own assembly embeds) and the NOTIFY signals that
    /// wake scheduler nodes: statement-level triggers, so a 10,000-row enqueue sends one notification,
    /// and transactional, so nobody is woken for a change that rolled back.
    /// </summary>
    public partial class QuartzStoreAndWorkSignals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(QuartzSchema.CreateScript());

            migrationBuilder.Sql("""
                CREATE FUNCTION cronhooks_notify_executions() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_notify('cronhooks_executions', ''); RETURN NULL; END $$;
                CREATE TRIGGER executions_notify AFTER INSERT ON executions
                    FOR EACH STATEMENT EXECUTE FUNCTION cronhooks_notify_executions();

                CREATE FUNCTION cronhooks_notify_schedule_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_notify('cronhooks_schedule_outbox', ''); RETURN NULL; END $$;
                CREATE TRIGGER schedule_outbox_notify AFTER INSERT ON schedule_outbox
                    FOR EACH STATEMENT EXECUTE FUNCTION cronhooks_notify_schedule_outbox();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS schedule_outbox_notify ON schedule_outbox;
                DROP FUNCTION IF EXISTS cronhooks_notify_schedule_outbox();
                DROP TRIGGER IF EXISTS executions_notify ON executions;
                DROP FUNCTION IF EXISTS cronhooks_notify_executions();
                DROP SCHEMA IF EXISTS quartz CASCADE;
                """);
        }
    }
}
