using CronHooks.Application.Common.Ports;
using Npgsql;

namespace CronHooks.Infrastructure.Quotas;

/// <summary>Reads the per-minute attempt counters the delivery nodes keep (one row per owner, minute and node).</summary>
internal sealed class SqlOwnerAttemptQuota(NpgsqlDataSource dataSource) : IOwnerAttemptQuota
{
    public async Task<OwnerAttemptUsage> AttemptsThisMinuteAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        // The same sum the claim makes: counted outcomes of this minute plus the attempts leased right now.
        await using var command = dataSource.CreateCommand($"""
            SELECT coalesce((SELECT sum(attempts) FROM {QuotaCounters.Attempts}
                             WHERE owner_id = $1 AND minute = date_trunc('minute', now())), 0)
                 + (SELECT count(*) FROM execution_queue WHERE owner_id = $1 AND lease_owner IS NOT NULL AND lease_expires_at > now()),
                   date_trunc('minute', now()) + interval '1 minute' - now(),
                   (SELECT attempts_per_minute_limit FROM users WHERE id = $1)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ownerId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new OwnerAttemptUsage(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetTimeSpan(1),
            reader.IsDBNull(2) ? null : reader.GetInt32(2));
    }
}
