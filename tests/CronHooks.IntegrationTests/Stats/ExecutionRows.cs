
namespace CronHooks.IntegrationTests.Stats;

/// <summary>Writes attempts straight where the engine keeps them (see AttemptRows), with exactly the values a test needs.</summary>
internal static class ExecutionRows
{
    public static async Task<Guid> OwnerOfAsync(string webhookId) =>
        await TestDatabase.ScalarAsync<Guid>("SELECT owner_id FROM webhooks WHERE id = $1", Guid.Parse(webhookId));

    /// <summary>
    /// One attempt created at <paramref name="createdAt"/>; when <paramref name="latenessMs"/> is given it was
    /// sent that long after it was meant to go (the occurrence for attempt 1, <paramref name="dueAt"/> for a retry).
    /// </summary>
    public static async Task InsertAsync(
        string webhookId, string status, DateTimeOffset createdAt,
        int attempt = 1, DateTimeOffset? scheduledFor = null, DateTimeOffset? dueAt = null,
        int? latenessMs = null, int? durationMs = null, int? responseCode = null, string? errorKind = null)
    {
        var owner = await OwnerOfAsync(webhookId);
        var occurrence = scheduledFor ?? createdAt;
        var due = dueAt ?? occurrence;
        DateTimeOffset? executedAt = latenessMs is { } late ? (attempt == 1 ? occurrence : due).AddMilliseconds(late) : null;
        await AttemptRows.InsertAsync(new AttemptRows.Row(Guid.Parse(webhookId), owner, status, occurrence, createdAt, attempt, due,
            executedAt, DurationMs: durationMs, ResponseCode: responseCode, ErrorKind: errorKind));
    }
}
