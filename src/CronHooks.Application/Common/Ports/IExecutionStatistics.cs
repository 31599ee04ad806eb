using CronHooks.Application.Stats.Common;

namespace CronHooks.Application.Common.Ports;

/// <summary>
/// Aggregates over the attempts, queued and finished. A port rather than a LINQ query: percentiles, time buckets
/// and filtered counts are one SQL pass that EF Core cannot express.
/// </summary>
public interface IExecutionStatistics
{
    /// <summary>
    /// Statistics of the attempts in <paramref name="scope"/>. The series has every bucket from the one
    /// holding <see cref="StatsScope.From"/> to the one holding <see cref="StatsScope.To"/>, empty ones included.
    /// </summary>
    Task<StatsResponse> ComputeAsync(StatsScope scope, string windowName, CancellationToken cancellationToken);
}
