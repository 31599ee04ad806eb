namespace CronHooks.Infrastructure.Persistence;

/// <summary>
/// Each webhook's history counts per status (webhook_delivery_state) follow every insert into the history, by a trigger.
/// A statement that writes the webhook's state row anyway adds its own counts there and marks itself first, so the
/// trigger leaves it out: the outcome statement, where the trigger's second write of every state row cost ~11 µs of
/// PostgreSQL per delivery (docs/PERFORMANCE.md, round 11).
/// </summary>
public static class HistoryCounts
{
    /// <summary>Transaction-local; the trigger clears it when it leaves a statement out, so a mark covers one statement.</summary>
    public const string CountedSetting = "cronhooks.history_counted";

    /// <summary>A select-list item that marks the next statement inserting history as counting its rows itself.</summary>
    public const string MarkNextInsertCounted = $"set_config('{CountedSetting}', 'on', true)";
}
