using Npgsql;

namespace CronHooks.SchedulerTests.Harness;

/// <summary>
/// A row lock the test holds for a moment in an open transaction, so that a node's next statement needing that
/// row queues behind it: the way to know a node's session is at a given point of a given transaction. The test
/// freezes that node, lets go, and the frozen node's session then holds the row itself.
/// </summary>
internal sealed class HeldRowLock : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;

    private HeldRowLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
    }

    /// <summary>Runs <paramref name="lockingSelect"/> (a <c>SELECT … FOR …</c> of one row) and keeps its transaction open.</summary>
    public static async Task<HeldRowLock> TakeAsync(string lockingSelect, params object[] parameters)
    {
        var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(lockingSelect, connection, transaction);
        foreach (var p in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        var rows = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                rows++;
        }
        Assert.That(rows, Is.EqualTo(1), $"the row to hold is not there: {lockingSelect}");
        return new HeldRowLock(connection, transaction);
    }

    /// <summary>The session first in line for the row (waiting on this transaction alone), once there is one.</summary>
    public async Task<(int Pid, string ApplicationName)> FirstWaiterAsync(TimeSpan timeout)
    {
        await using var probe = new NpgsqlConnection(TestDatabase.ConnectionString);
        await probe.OpenAsync();
        return await Eventually.ReturnsAsync(async () =>
        {
            await using var command = new NpgsqlCommand("""
                SELECT pid, application_name FROM pg_stat_activity
                WHERE pg_blocking_pids(pid) = ARRAY[$1]::int[]
                ORDER BY query_start LIMIT 1
                """, probe);
            command.Parameters.Add(new NpgsqlParameter { Value = connection.ProcessID });
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? (reader.GetInt32(0), reader.GetString(1)) : (0, "");
        }, waiter => waiter.Item1 != 0, timeout, "a session waiting for the held row");
    }

    /// <summary>Lets go of the row: the first in line gets it.</summary>
    public Task ReleaseAsync() => transaction.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
