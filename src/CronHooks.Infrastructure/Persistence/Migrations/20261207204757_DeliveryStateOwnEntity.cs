using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The model only: webhook_delivery_state becomes an entity of its own (it was an owned type, always joined), so the
    /// delivery engine's webhook loads can leave it out. The table is unchanged, and still has no foreign key in the
    /// database (see WebhookDeliveryState): EF generated a drop and re-add of one, which is left out.
    /// </summary>
    public partial class DeliveryStateOwnEntity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
