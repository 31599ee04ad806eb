using System.Text.Json.Nodes;
using Npgsql;

namespace CronHooks.Bench.Measuring;

/// <summary>Where the database's time went in the scenario (pg_stat_statements, top 10 by execution time, with planning time beside it), kept in the result.</summary>
internal static class TopStatements
{
    public static async Task<JsonNode?> ReadAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT calls, round(total_exec_time::numeric, 1), round(mean_exec_time::numeric, 3), rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160),
                       round(total_plan_time::numeric, 1)
                FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 10
                """, connection);
            var rows = new JsonArray();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(new JsonObject
                {
                    ["calls"] = reader.GetInt64(0),
                    ["totalMs"] = reader.GetDecimal(1),
                    ["meanMs"] = reader.GetDecimal(2),
                    ["rows"] = reader.GetInt64(3),
                    ["query"] = reader.GetString(4),
                    // Planning is not in totalMs (claims and outcome writes are planned on every call, on purpose).
                    ["planMs"] = reader.GetDecimal(5),
                });
            return rows;
        }
        catch (PostgresException)
        {
            return null; // the scenario used no CronHooks database
        }
    }
}
