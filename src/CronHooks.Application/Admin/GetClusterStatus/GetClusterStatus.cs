using CronHooks.Application.Common.Ports;
using Mediator;

namespace CronHooks.Application.Admin.GetClusterStatus;

/// <summary>Live nodes, queue depth and age, outbox lag, misfires and history partitions, for operators without Prometheus.</summary>
public sealed record GetClusterStatusQuery : IQuery<ClusterStatus>;

public sealed class GetClusterStatusHandler(IClusterStatusReader reader) : IQueryHandler<GetClusterStatusQuery, ClusterStatus>
{
    public async ValueTask<ClusterStatus> Handle(GetClusterStatusQuery query, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken);
}
