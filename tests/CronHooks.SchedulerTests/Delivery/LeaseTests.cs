using CronHooks.Domain.Executions;
using CronHooks.Scheduler.Delivery;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>The queue's claim and lease rules, exercised directly on the SQL.</summary>
internal sealed class LeaseTests : QueueSqlTest
{
    private static AttemptOutcome Outcome(ExecutionStatus status, int code) =>
        new(status, DateTimeOffset.UtcNow, 10, code, null, false, null, null, null);

    [Test]
    public async Task Claim_WhenAttemptIsDue_MarksItRunningWithALeaseThatOutlastsTheTimeout()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/", w => w.TimeoutSeconds = 42);
        var id = await Data.EnqueueAsync(webhook);
        await Data.EnqueueAsync(webhook, dueAt: DateTimeOffset.UtcNow.AddHours(1));

        var claimed = await Queue.ClaimAsync("a", 10, 10, TimeSpan.FromSeconds(7), CancellationToken.None);

        var row = await Data.ExecutionAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(claimed.Select(c => c.Id), Is.EqualTo(new[] { id }), "only the due attempt");
            Assert.That(row.Status, Is.EqualTo(ExecutionStatus.Running));
            Assert.That(row.LeaseOwner, Is.EqualTo("a"));
            Assert.That(row.LeaseExpiresAt - DateTimeOffset.UtcNow, Is.InRange(TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(50)));
        });
    }

    [Test]
    public async Task TimeUntilNextWork_WhenAnAttemptBecameDueAMomentAgo_IsNotAWaitForLater()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        var nothingQueued = (await Queue.NextWorkAsync(TimeSpan.Zero, CancellationToken.None)).Until;
        await Data.EnqueueAsync(webhook, dueAt: DateTimeOffset.UtcNow.AddMilliseconds(-200));
        await Data.EnqueueAsync(webhook, scheduledFor: DateTimeOffset.UtcNow.AddMinutes(1), dueAt: DateTimeOffset.UtcNow.AddMinutes(1));

        var next = (await Queue.NextWorkAsync(TimeSpan.Zero, CancellationToken.None)).Until;

        // A claim that ran a hair before the attempt was due found nothing; the loop must look again now,
        // not sleep until the attempt a minute away.
        Assert.That(nothingQueued, Is.Null);
        Assert.That(next, Is.LessThanOrEqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task NextWork_WhenAnAttemptDueBeforeTheLookIsPending_SaysWorkWasLeftBehind()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        // Due a minute ago: older than the second "until" looks back over, still a backlog.
        await Data.EnqueueAsync(webhook, dueAt: DateTimeOffset.UtcNow.AddMinutes(-1));
        await Data.EnqueueAsync(webhook, scheduledFor: DateTimeOffset.UtcNow.AddSeconds(30), dueAt: DateTimeOffset.UtcNow.AddSeconds(30));

        var afterAShortLook = await Queue.NextWorkAsync(TimeSpan.FromMilliseconds(5), CancellationToken.None);
        var afterALongLook = await Queue.NextWorkAsync(TimeSpan.FromMinutes(2), CancellationToken.None);

        Assert.That(afterAShortLook.LeftBehind, Is.True, "an attempt due before the look is a backlog");
        Assert.That(afterALongLook.LeftBehind, Is.False, "an attempt that became due during the look is a flow");
        Assert.That(afterAShortLook.Until, Is.InRange(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30)), "the next due attempt");
    }

    [Test]
    public async Task Claim_WhenTwoNodesClaimAtOnce_EachAttemptGoesToOneNode()
    {
        for (var i = 0; i < 40; i++)
            await Data.EnqueueAsync(await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/"));

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(n =>
            Queue.ClaimAsync("node" + n, 15, 100, TimeSpan.FromSeconds(5), CancellationToken.None)));

        var ids = claims.SelectMany(c => c).Select(c => c.Id).ToList();
        Assert.That(ids, Is.Unique);
        Assert.That(ids, Has.Count.EqualTo(40));
    }

    [Test]
    public async Task Record_WhenTheLeaseWasLostAndTheAttemptReclaimed_DoesNotOverwriteTheNewerOutcome()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        var id = await Data.EnqueueAsync(webhook);
        var stale = (await Queue.ClaimAsync("frozen", 1, 1, TimeSpan.FromSeconds(5), CancellationToken.None)).Single();
        await Data.ExecuteAsync("UPDATE execution_queue SET lease_expires_at = now() - interval '1 second' WHERE id = @p0", id);

        var requeued = await Queue.RequeueExpiredAsync(CancellationToken.None);
        var fresh = (await Queue.ClaimAsync("healthy", 1, 1, TimeSpan.FromSeconds(5), CancellationToken.None)).Single();
        var freshWritten = await History.RecordAsync("healthy", fresh, Outcome(ExecutionStatus.Success, 200), CancellationToken.None);
        var staleWritten = await History.RecordAsync("frozen", stale, Outcome(ExecutionStatus.Failed, 500), CancellationToken.None);

        var row = await Data.ExecutionAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(requeued.Single(), Is.EqualTo((id, (string?)"frozen")));
            Assert.That(fresh.Id, Is.EqualTo(id));
            Assert.That(freshWritten, Is.True);
            Assert.That(staleWritten, Is.False);
            Assert.That(row.Status, Is.EqualTo(ExecutionStatus.Success));
            Assert.That(row.ResponseCode, Is.EqualTo(200));
            Assert.That(row.LeaseOwner, Is.EqualTo("healthy"));
        });
    }

    [Test]
    public async Task RecordAll_WhenOneClaimOfTheGroupWasLost_WritesTheOthersAndNotThatOne()
    {
        var webhooks = new[]
        {
            await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/"),
            await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/"),
            await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/"),
        };
        foreach (var webhook in webhooks)
            await Data.EnqueueAsync(webhook);
        var claims = await Queue.ClaimAsync("a", 3, 3, TimeSpan.FromSeconds(5), CancellationToken.None);
        var lost = claims[1];
        await Data.ExecuteAsync("UPDATE execution_queue SET lease_owner = 'b' WHERE id = @p0", lost.Id);

        var written = await History.RecordAllAsync("a", claims.Select(c => new RecordedOutcome(c, Outcome(ExecutionStatus.Success, 200))).ToList(), CancellationToken.None);

        var rows = new List<Execution>();
        foreach (var claim in claims)
            rows.Add(await Data.ExecutionAsync(claim.Id));
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(new[] { true, false, true }), "in the order given");
            Assert.That(rows.Select(r => r.Status), Is.EqualTo(new[] { ExecutionStatus.Success, ExecutionStatus.Running, ExecutionStatus.Success }));
            Assert.That(rows[1].LeaseOwner, Is.EqualTo("b"), "the lost claim's row is left to its new owner");
        });
    }

    [Test]
    public async Task Record_WhenTheSameNodeReclaimedTheAttempt_TheOlderClaimCannotWrite()
    {
        var (first, second) = await ClaimTwiceBySameNodeAsync();

        Assert.That(await History.RecordAsync("same", first, Outcome(ExecutionStatus.Failed, 500), CancellationToken.None), Is.False);
        Assert.That(await History.RecordAsync("same", second, Outcome(ExecutionStatus.Success, 200), CancellationToken.None), Is.True);
    }

    [Test]
    public async Task Record_WhenTriedAgainAfterItsCommitWasAcknowledgedLost_ReportsItWrittenOnce()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        var id = await Data.EnqueueAsync(webhook);
        var claim = (await Queue.ClaimAsync("a", 1, 1, TimeSpan.FromSeconds(5), CancellationToken.None)).Single();
        var success = Outcome(ExecutionStatus.Success, 200);

        var first = await History.RecordAsync("a", claim, success, CancellationToken.None);
        // What the runner does when the commit went through but its acknowledgement never came back: write again.
        var again = await History.RecordAsync("a", claim, success, CancellationToken.None);

        var rows = await Data.ExecutionsAsync(webhook.Id);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.True);
            Assert.That(again, Is.True, "its own outcome is in the history: not a lost lease");
            Assert.That(rows.Select(r => (r.Id, r.Status)), Is.EqualTo(new[] { (id, ExecutionStatus.Success) }));
        });
    }

    [Test]
    public async Task Record_WhenAnotherClaimOfTheSameNodeWroteFirst_TheOlderClaimIsStillLost()
    {
        var (first, second) = await ClaimTwiceBySameNodeAsync();

        Assert.That(await History.RecordAsync("same", second, Outcome(ExecutionStatus.Success, 200), CancellationToken.None), Is.True);
        Assert.That(await History.RecordAsync("same", first, Outcome(ExecutionStatus.Failed, 500), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Record_WhenARetryingOutcomeIsWrittenTwice_QueuesTheNextAttemptOnce()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        var id = await Data.EnqueueAsync(webhook);
        var claim = (await Queue.ClaimAsync("a", 1, 1, TimeSpan.FromSeconds(5), CancellationToken.None)).Single();
        var retrying = Outcome(ExecutionStatus.Retrying, 500) with { RetryDelay = TimeSpan.FromMinutes(1) };

        await History.RecordAsync("a", claim, retrying, CancellationToken.None);
        // As if the first write's acknowledgement was lost and the row were still queued under the same lease.
        await Data.ExecuteAsync("""
            INSERT INTO execution_queue (id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at, lease_owner, lease_expires_at)
            VALUES (@p0, @p1, @p2, @p3, 1, 'Schedule', @p3, now(), 'a', @p4)
            """, id, webhook.Id, webhook.OwnerId, claim.ScheduledFor, claim.LeaseExpiresAt);
        await History.RecordAsync("a", claim, retrying, CancellationToken.None);

        var rows = await Data.ExecutionsAsync(webhook.Id);
        Assert.That(rows.Select(r => (r.AttemptNumber, r.Status)),
            Is.EqualTo(new[] { (1, ExecutionStatus.Retrying), (2, ExecutionStatus.Pending) }));
    }

    /// <summary>One attempt claimed by node "same", its lease run out and requeued, then claimed again by the same node.</summary>
    private async Task<(ClaimedAttempt First, ClaimedAttempt Second)> ClaimTwiceBySameNodeAsync()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        var id = await Data.EnqueueAsync(webhook);
        var first = (await Queue.ClaimAsync("same", 1, 1, TimeSpan.FromSeconds(5), CancellationToken.None)).Single();
        await Data.ExecuteAsync("UPDATE execution_queue SET lease_expires_at = now() - interval '1 second' WHERE id = @p0", id);
        await Queue.RequeueExpiredAsync(CancellationToken.None);
        var second = (await Queue.ClaimAsync("same", 1, 1, TimeSpan.FromSeconds(5), CancellationToken.None)).Single();
        return (first, second);
    }
}
