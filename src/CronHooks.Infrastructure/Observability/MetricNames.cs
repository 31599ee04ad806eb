namespace CronHooks.Infrastructure.Observability;

/// <summary>
/// The metric names CronHooks exports: an operations contract that dashboards and alerts are built
/// on (deploy/grafana, docs/operations.md). A test checks that the sample dashboard uses only these.
/// </summary>
public static class MetricNames
{
    // API and scheduler nodes (prometheus-net's ASP.NET Core middleware).
    public const string HttpRequests = "http_requests_received_total";
    public const string HttpRequestDuration = "http_request_duration_seconds";
    public const string HttpRequestsInProgress = "http_requests_in_progress";

    // Recorded by a scheduler node as it works (SchedulerMetrics).
    public const string Deliveries = "cronhooks_deliveries_total";
    public const string DeliveryDuration = "cronhooks_delivery_duration_seconds";
    public const string DeliveryLateness = "cronhooks_delivery_lateness_seconds";
    public const string Misfires = "cronhooks_quartz_misfires_total";
    public const string Alerts = "cronhooks_alerts_total";

    // Read from the database at scrape time (QueueMetrics): the same on every node.
    public const string QueueDue = "cronhooks_queue_due_attempts";
    public const string QueueOldestDueAge = "cronhooks_queue_oldest_due_age_seconds";
    public const string OutboxLag = "cronhooks_outbox_lag_seconds";
    public const string LiveNodes = "cronhooks_scheduler_nodes_live";
    public const string QueueMetricsFailures = "cronhooks_queue_metrics_failures_total";

    public static IReadOnlyList<string> All { get; } =
    [
        HttpRequests, HttpRequestDuration, HttpRequestsInProgress,
        Deliveries, DeliveryDuration, DeliveryLateness, Misfires, Alerts,
        QueueDue, QueueOldestDueAge, OutboxLag, LiveNodes, QueueMetricsFailures,
    ];
}
