using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Room on each page of webhooks for one more version of its rows: the clock completes every one-time webhook as it
    /// queues its attempt (completed_at, in no index), and on a full page that update wrote the whole row elsewhere with
    /// an entry in three indexes; with room it is a HOT update (docs/PERFORMANCE.md, round 13). Pages written from now on.
    /// </summary>
    public partial class WebhooksRoomForCompletion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE webhooks SET (fillfactor = 85)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE webhooks RESET (fillfactor)");
        }
    }
}
