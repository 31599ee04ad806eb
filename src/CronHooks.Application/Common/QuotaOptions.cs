using System.ComponentModel.DataAnnotations;
using CronHooks.Domain.Executions;

namespace CronHooks.Application.Common;

/// <summary>
/// Volume quotas per account (section <c>Quotas</c>; e.g. <c>Quotas__AttemptsPerOwnerPerMinute=600</c>): what one
/// account may make the service send and store. Validated at start; the table of limits is in docs/security.md.
/// </summary>
public sealed class QuotaOptions : IValidatableObject
{
    public const string Section = "Quotas";

    /// <summary>Run-now requests one webhook accepts per minute (sliding minute); beyond it 429 with Retry-After.</summary>
    [Range(1, 100_000)]
    public int RunNowPerWebhookPerMinute { get; set; } = 10;

    /// <summary>
    /// The shortest gap a recurring schedule may have between two occurrences; null (the default): no floor beyond
    /// cron's own minute. A create or update below it is refused (400 naming cronExpression).
    /// </summary>
    public TimeSpan? MinScheduleInterval { get; set; }

    /// <summary>
    /// Attempts (scheduled, retries and run-now) one owner's webhooks may send per clock minute, across all nodes.
    /// Due attempts over it wait in the queue for the next minute; a run-now over it is refused (429).
    /// </summary>
    [Range(1, 100_000_000)]
    public int AttemptsPerOwnerPerMinute { get; set; } = 2_000;

    /// <summary>
    /// How long a due attempt may wait for its owner's quota; one that waited longer is recorded skipped with
    /// error kind quota_exceeded instead of being sent (the queue of an account over its quota stays bounded).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan MaxQuotaDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Attempts one owner's webhooks may send per clock minute to one destination host (all its webhooks on that host
    /// together), across all nodes; held and skipped like <see cref="AttemptsPerOwnerPerMinute"/>.
    /// </summary>
    [Range(1, 100_000_000)]
    public int AttemptsPerHostPerMinute { get; set; } = 600;

    /// <summary>
    /// Response-body bytes stored per owner per UTC day at the full cap (64 KiB a body); past it, bodies are kept only up
    /// to <see cref="ReducedResponseBodyLength"/> characters and flagged truncated. The attempt itself is never dropped.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long ResponseBodyBytesPerOwnerPerDay { get; set; } = 256L * 1024 * 1024;

    /// <summary>Characters of a response body kept once the owner's day of body bytes is used up.</summary>
    [Range(0, Execution.MaxResponseBodyBytes)]
    public int ReducedResponseBodyLength { get; set; } = 1_024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Cron has minute resolution: a floor below a minute or not in whole minutes would mean nothing.
        if (MinScheduleInterval is { } floor && (floor < TimeSpan.FromMinutes(1) || floor > TimeSpan.FromDays(1) || floor.Ticks % TimeSpan.TicksPerMinute != 0))
            yield return new ValidationResult("Quotas:MinScheduleInterval must be whole minutes between 00:01:00 and 1.00:00:00, or empty (off).",
                [nameof(MinScheduleInterval)]);
    }
}
