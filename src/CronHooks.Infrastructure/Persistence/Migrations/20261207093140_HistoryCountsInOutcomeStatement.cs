using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The history's count trigger leaves out a statement marked as counting its own rows (HistoryCounts): the outcome
    /// statement writes each webhook's state row anyway, and the trigger's upsert wrote it a second time.
    /// </summary>
    public partial class HistoryCountsInOutcomeStatement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($$"""
                CREATE OR REPLACE FUNCTION cronhooks_count_inserted_history() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- Marked by the statement itself, just before it: it counted these rows; the mark covers it alone.
                    IF current_setting('{{HistoryCounts.CountedSetting}}', true) = 'on' THEN
                        PERFORM set_config('{{HistoryCounts.CountedSetting}}', '', true);
                        RETURN NULL;
                    END IF;
                    PERFORM cronhooks_count_history(1, array_agg(webhook_id), array_agg(status::text)) FROM inserted HAVING count(*) > 0;
                    RETURN NULL;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION cronhooks_count_inserted_history() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM cronhooks_count_history(1, array_agg(webhook_id), array_agg(status::text)) FROM inserted HAVING count(*) > 0;
                    RETURN NULL;
                END $$;
                """);
        }
    }
}
