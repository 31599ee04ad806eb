using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Per recurring schedule, the latest occurrence the clock has dealt with (<c>enqueued_through</c>), moved in the
    /// statement that enqueues it. Quartz moves a trigger on when it fires, before the enqueue has been written, so an
    /// occurrence whose enqueue never landed (the database away, the node stopped) was invisible; a node compares the
    /// two at start and on every reconcile and enqueues what is missing. Existing schedules start from now.
    /// </summary>
    public partial class ScheduleWatermarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Updated at every firing of its schedule: fillfactor leaves room for HOT updates.
            migrationBuilder.Sql($"""
                CREATE TABLE schedule_watermarks (
                    schedule_key varchar(64) NOT NULL,
                    enqueued_through timestamptz NOT NULL,
                    CONSTRAINT pk_schedule_watermarks PRIMARY KEY (schedule_key)
                ) WITH (fillfactor = 70);
                INSERT INTO schedule_watermarks (schedule_key, enqueued_through)
                SELECT DISTINCT trigger_name, now() FROM {QuartzSchema.TablePrefix}triggers
                WHERE trigger_group = 'schedules' AND trigger_name LIKE 'cron-%';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE schedule_watermarks;");
        }
    }
}
