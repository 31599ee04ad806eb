using System.Collections.Concurrent;
using Prometheus;

namespace CronHooks.Infrastructure.Observability;

/// <summary>
/// The instruments a scheduler node records into as it works. Names and labels are part of the
/// operations contract (docs/operations.md, deploy/grafana): change them only with both.
/// </summary>
public sealed class SchedulerMetrics(IMetricFactory factory)
{
    /// <summary>Seconds: receivers answer in milliseconds to the delivery timeout (tens of seconds).</summary>
    private static readonly double[] DurationBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>Seconds: on time is well under a second; minutes mean a node was down or the queue backed up.</summary>
    private static readonly double[] LatenessBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900];

    private readonly Counter deliveries = factory.CreateCounter(
        MetricNames.Deliveries, "Delivery attempts finished, by outcome (success, failed, retrying, skipped) and error kind (empty on success).",
        ["outcome", "error_kind"]);

    private readonly Histogram duration = factory.CreateHistogram(
        MetricNames.DeliveryDuration, "Time from sending a request to having its response (or error), by outcome.",
        ["outcome"], new HistogramConfiguration { Buckets = DurationBuckets });

    private readonly Histogram lateness = factory.CreateHistogram(
        MetricNames.DeliveryLateness, "Send time minus the time the attempt was meant to go (the occurrence for a first attempt, the due time for a retry).",
        new HistogramConfiguration { Buckets = LatenessBuckets });

    private readonly Counter misfires = factory.CreateCounter(
        MetricNames.Misfires, "Schedule occurrences that Quartz reported as misfired (fired late beyond its threshold, or skipped).");

    private readonly Counter alerts = factory.CreateCounter(
        MetricNames.Alerts, "Sends of failure alerts to webhooks' alert URLs, by alert kind and outcome (sent, retrying, failed, dropped).",
        ["kind", "outcome"]);

    // The few label combinations a node ever records, looked up once: WithLabels builds a label key per call.
    private readonly ConcurrentDictionary<(string Outcome, string ErrorKind), Counter.Child> deliveriesBy = new();
    private readonly ConcurrentDictionary<string, Histogram.Child> durationBy = new();

    /// <summary>Records one finished attempt. <paramref name="lateness"/> is null for attempts never sent (skipped).</summary>
    public void DeliveryFinished(string outcome, string? errorKind, TimeSpan? duration, TimeSpan? lateness)
    {
        deliveriesBy.GetOrAdd((outcome, errorKind ?? ""), key => deliveries.WithLabels(key.Outcome, key.ErrorKind)).Inc();
        if (duration is { } d)
            durationBy.GetOrAdd(outcome, key => this.duration.WithLabels(key)).Observe(d.TotalSeconds);
        if (lateness is { } l)
            this.lateness.Observe(Math.Max(0, l.TotalSeconds));
    }

    public void Misfired() => misfires.Inc();

    /// <summary>Records one send of an alert (<paramref name="kind"/> is one of Domain's AlertKinds).</summary>
    public void AlertFinished(string kind, string outcome) => alerts.WithLabels(kind, outcome).Inc();
}
