using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Time-ordered attempt ids for the ids PostgreSQL makes (AttemptIds): the 48-bit Unix time in milliseconds, then
    /// random bits, with the version (7) and variant of RFC 9562. Built from gen_random_uuid (PostgreSQL 14-17 have no
    /// uuidv7): its first 6 bytes are replaced by the time and its version nibble 0100 becomes 0111.
    /// </summary>
    public partial class TimeOrderedAttemptIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($$"""
                CREATE OR REPLACE FUNCTION {{AttemptIds.Function}}() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
                    SELECT encode(
                        set_bit(set_bit(
                            overlay(uuid_send(gen_random_uuid())
                                    PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                                    FROM 1 FOR 6),
                            52, 1), 53, 1),
                        'hex')::uuid
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"DROP FUNCTION IF EXISTS {AttemptIds.Function}()");
        }
    }
}
