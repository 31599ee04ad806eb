namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// Group commit for attempt outcomes. Attempts finish a few at a time; writing each in its own transaction
/// made a burst pay one connection checkout, one commit and one WAL flush per delivery. Here the outcomes
/// that queue up while one transaction is written go together in the next one. No hosted service: a write loop runs while outcomes wait, and
/// stops when none do, so it is there for the outcomes of attempts drained at shutdown too.
/// </summary>
public sealed class OutcomeWriter(HistoryWriter history, QueueVacuum vacuum, ILogger<OutcomeWriter> logger)
{
    // Bounds one transaction: its locks and its time, and what a failed group has to write again alone.
    private const int MaxGroup = 128;

    private readonly Lock gate = new();
    private readonly List<Pending> pending = [];
    private bool writing;

    /// <summary>Writes the outcome (see <see cref="HistoryWriter.RecordAsync"/>); false when its claim was lost.</summary>
    public async Task<bool> WriteAsync(string node, ClaimedAttempt claim, AttemptOutcome outcome, CancellationToken cancellationToken)
    {
        var item = new Pending(node, new RecordedOutcome(claim, outcome));
        bool writeNow;
        lock (gate)
        {
            pending.Add(item);
            writeNow = !writing;
            writing = true;
        }
        // On its own task: under steady load the writing loop rarely runs dry, and the attempt that started it
        // must not hold its delivery slot until it does.
        if (writeNow)
            _ = Task.Run(WritePendingAsync, CancellationToken.None);
        // The caller may stop waiting (shutdown); the write itself is never cancelled half way.
        return await item.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task WritePendingAsync()
    {
        while (true)
        {
            List<Pending> group;
            lock (gate)
            {
                if (pending.Count == 0)
                {
                    writing = false;
                    return;
                }
                group = [.. pending.Take(MaxGroup)];
                pending.RemoveRange(0, group.Count);
            }
            await WriteGroupAsync(group);
        }
    }

    private async Task WriteGroupAsync(List<Pending> group)
    {
        foreach (var nodeGroup in group.GroupBy(p => p.Node))
        {
            var items = nodeGroup.ToList();
            try
            {
                var written = await history.RecordAllAsync(nodeGroup.Key, items.Select(p => p.Outcome).ToList(), CancellationToken.None);
                for (var i = 0; i < items.Count; i++)
                    items[i].Done.TrySetResult(written[i]);
                vacuum.Removed(items.Count);
            }
            catch (Exception e) when (items.Count > 1)
            {
                // One bad outcome must not hold back the others: write each alone, so each gets its own answer.
                logger.LogDebug(e, "Writing {Count} outcomes together failed; writing them one by one", items.Count);
                foreach (var item in items)
                    await WriteAloneAsync(item);
            }
            catch (Exception e)
            {
                items[0].Done.TrySetException(e);
            }
        }
    }

    private async Task WriteAloneAsync(Pending item)
    {
        try
        {
            item.Done.TrySetResult(await history.RecordAsync(item.Node, item.Outcome.Claim, item.Outcome.Outcome, CancellationToken.None));
        }
        catch (Exception e)
        {
            // The attempt's runner retries it (it never drops an outcome).
            item.Done.TrySetException(e);
        }
    }

    private sealed record Pending(string Node, RecordedOutcome Outcome)
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
