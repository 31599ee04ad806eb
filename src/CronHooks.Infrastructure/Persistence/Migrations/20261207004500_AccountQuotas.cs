using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CronHooks.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Counters for the per-account quotas, one row per owner, period and delivery node: a node adds to its own rows in
    /// the statement that writes its outcomes (nodes never wait on each other's counts), the claim sums an owner's rows.
    /// Attempts per minute, attempts per minute to one destination host, stored response-body bytes per UTC day. The
    /// history upkeep deletes old rows. cronhooks_url_host gives claim and outcome the same host for a URL. No model change.
    /// </summary>
    public partial class AccountQuotas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Updated at every outcome group of their owner: fillfactor leaves room for HOT updates (no index on the counts).
            migrationBuilder.Sql("""
                CREATE TABLE owner_attempt_minutes (
                    owner_id uuid NOT NULL,
                    minute timestamptz NOT NULL,
                    node varchar(200) NOT NULL,
                    attempts integer NOT NULL,
                    CONSTRAINT pk_owner_attempt_minutes PRIMARY KEY (owner_id, minute, node)
                ) WITH (fillfactor = 70);
                CREATE TABLE owner_host_attempt_minutes (
                    owner_id uuid NOT NULL,
                    host text NOT NULL,
                    minute timestamptz NOT NULL,
                    node varchar(200) NOT NULL,
                    attempts integer NOT NULL,
                    CONSTRAINT pk_owner_host_attempt_minutes PRIMARY KEY (owner_id, host, minute, node)
                ) WITH (fillfactor = 70);
                CREATE TABLE owner_body_bytes_days (
                    owner_id uuid NOT NULL,
                    day date NOT NULL,
                    node varchar(200) NOT NULL,
                    bytes bigint NOT NULL,
                    CONSTRAINT pk_owner_body_bytes_days PRIMARY KEY (owner_id, day, node)
                ) WITH (fillfactor = 70);
                -- The host of an absolute http(s) URL, lower case, without user info, port or a trailing dot. String
                -- functions, not a regular expression (a third of the cost, on every claimed row), and one expression with
                -- no sub-select or STRICT, so PostgreSQL inlines it.
                CREATE FUNCTION cronhooks_url_host(url text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT lower(CASE WHEN left(reverse(split_part(reverse(split_part(split_part(split_part(url, '/', 3), '?', 1), '#', 1)), '@', 1)), 1) = '['
                    THEN split_part(reverse(split_part(reverse(split_part(split_part(split_part(url, '/', 3), '?', 1), '#', 1)), '@', 1)), ']', 1) || ']'
                    ELSE rtrim(split_part(reverse(split_part(reverse(split_part(split_part(split_part(url, '/', 3), '?', 1), '#', 1)), '@', 1)), ':', 1), '.') END)
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION cronhooks_url_host(text);
                DROP TABLE owner_body_bytes_days;
                DROP TABLE owner_host_attempt_minutes;
                DROP TABLE owner_attempt_minutes;
                """);
        }
    }
}
