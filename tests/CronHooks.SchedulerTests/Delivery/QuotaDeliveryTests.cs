using CronHooks.Application.Common;
using CronHooks.Domain.Executions;
using CronHooks.Scheduler.Delivery;
using CronHooks.SchedulerTests.Harness;
using Microsoft.Extensions.Options;
using Npgsql;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>The account's attempts per minute, as the claim and the outcome writer keep them, against a real receiver.</summary>
internal sealed class QuotaDeliveryTests : DeliveryTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>Another node's count of the owner's attempts, the whole quota, for this minute and the next two (no minute turn frees it mid-test).</summary>
    private Task<int> FillQuotaAsync(int quota) => Data.ExecuteAsync("""
        INSERT INTO owner_attempt_minutes (owner_id, minute, node, attempts)
        SELECT @p0, date_trunc('minute', now()) + m * interval '1 minute', 'elsewhere', @p1 FROM generate_series(0, 2) m
        """, Owner, quota);

    [Test]
    public async Task Deliver_WhenTheOwnerUsedItsAttemptsThisMinute_HoldsFreshAttemptsSkipsThoseHeldTooLongAndSendsOnceItFrees()
    {
        Receiver.Given(Request.Create().WithPath("/quota")).RespondWith(Response.Create().WithStatusCode(200));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/quota"));
        await FillQuotaAsync(5);
        var fresh = await Data.EnqueueAsync(webhook);
        var stale = await Data.EnqueueAsync(webhook, DateTimeOffset.UtcNow.AddMinutes(-3));

        await StartNodeAsync(new Dictionary<string, string?>
        {
            ["Quotas:AttemptsPerOwnerPerMinute"] = "5",
            ["Quotas:MaxQuotaDelay"] = "00:01:00",
        });

        var skipped = await Eventually.ReturnsAsync(() => Data.ExecutionAsync(stale),
            e => e.Status is not (ExecutionStatus.Pending or ExecutionStatus.Running), Deadline, "the stale attempt to be recorded");
        Assert.Multiple(async () =>
        {
            Assert.That(skipped.Status, Is.EqualTo(ExecutionStatus.Skipped));
            Assert.That(skipped.ErrorKind, Is.EqualTo("quota_exceeded"));
            Assert.That(skipped.ErrorMessage, Does.Contain("AttemptsPerOwnerPerMinute"));
            Assert.That((await Data.ExecutionAsync(fresh)).Status, Is.EqualTo(ExecutionStatus.Pending), "delayed, not dropped");
            Assert.That(RequestsTo("/quota"), Is.Zero);
        });

        // The quota frees (as when the minute turns): the held attempt goes out.
        await Data.ExecuteAsync("DELETE FROM owner_attempt_minutes");
        var sent = await Eventually.ReturnsAsync(() => Data.ExecutionAsync(fresh), e => e.Status == ExecutionStatus.Success, Deadline, "the held attempt to be sent");
        Assert.That(sent.ResponseCode, Is.EqualTo(200));
        Assert.That(RequestsTo("/quota"), Is.EqualTo(1));
        Assert.That(await Data.ScalarAsync<long>("SELECT sum(attempts) FROM owner_attempt_minutes WHERE owner_id = @p0 AND node = 'test-node'", Owner),
            Is.EqualTo(1), "the send counted, the skip not");
        Assert.That(await Data.ScalarAsync<long>("SELECT sum(attempts) FROM owner_host_attempt_minutes WHERE owner_id = @p0 AND host = '127.0.0.1'", Owner),
            Is.EqualTo(1), "and counted against its destination host");
    }

    [Test]
    public async Task Deliver_WhenTheOwnersBodyBytesForTodayAreUsedUp_KeepsOnlyTheReducedBodyAndStillRecordsTheAttempt()
    {
        var body = new string('x', 80);
        Receiver.Given(Request.Create().WithPath("/body")).RespondWith(Response.Create().WithStatusCode(200).WithBody(body));
        var spent = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/body"));
        var otherOwner = await Data.CreateOwnerAsync();
        var fresh = await Data.CreateWebhookAsync(otherOwner, ReceiverUrl("/body"));
        await Data.ExecuteAsync("""
            INSERT INTO owner_body_bytes_days (owner_id, day, node, bytes) VALUES (@p0, (now() AT TIME ZONE 'UTC')::date, 'elsewhere', 100)
            """, Owner);
        var truncatedId = await Data.EnqueueAsync(spent);
        var wholeId = await Data.EnqueueAsync(fresh);

        await StartNodeAsync(new Dictionary<string, string?>
        {
            ["Quotas:ResponseBodyBytesPerOwnerPerDay"] = "100",
            ["Quotas:ReducedResponseBodyLength"] = "10",
        });

        var truncated = await Eventually.ReturnsAsync(() => Data.ExecutionAsync(truncatedId), e => e.Status == ExecutionStatus.Success, Deadline, "the attempt to be recorded");
        var whole = await Eventually.ReturnsAsync(() => Data.ExecutionAsync(wholeId), e => e.Status == ExecutionStatus.Success, Deadline, "the other owner's attempt");
        Assert.Multiple(async () =>
        {
            Assert.That((truncated.ResponseCode, truncated.ResponseBody, truncated.ResponseTruncated), Is.EqualTo(((int?)200, body[..10], true)));
            Assert.That((whole.ResponseBody, whole.ResponseTruncated), Is.EqualTo((body, false)), "each owner has its own budget");
            Assert.That(await Data.ScalarAsync<long>("SELECT sum(bytes)::bigint FROM owner_body_bytes_days WHERE owner_id = @p0", otherOwner), Is.EqualTo(80));
        });
    }

    [Test]
    public async Task Claim_WhenTheOwnerReachedItsRateToOneHost_HoldsThatHostsAttemptsAndClaimsTheOthers()
    {
        var busy = await Data.CreateWebhookAsync(Owner, "http://busy.example/a");
        var quiet = await Data.CreateWebhookAsync(Owner, "http://quiet.example/b");
        var held = await Data.EnqueueAsync(busy);
        var stale = await Data.EnqueueAsync(busy, DateTimeOffset.UtcNow.AddMinutes(-20));
        var other = await Data.EnqueueAsync(quiet);
        await Data.ExecuteAsync("""
            INSERT INTO owner_host_attempt_minutes (owner_id, host, minute, node, attempts) VALUES (@p0, 'busy.example', date_trunc('minute', now()), 'elsewhere', 2)
            """, Owner);
        await using var dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        var queue = new QueueClaims(dataSource, Options.Create(new QuotaOptions { AttemptsPerHostPerMinute = 2 }));

        var claimed = await queue.ClaimAsync("a", 10, 10, TimeSpan.FromSeconds(5), CancellationToken.None);

        // The other host's attempt goes; the busy host's waits, unless it waited past Quotas:MaxQuotaDelay (10 min): then it is claimed to be skipped.
        Assert.That(claimed.Select(c => (c.Id, c.OverQuota)), Is.EquivalentTo(new[] { (other, false), (stale, true) }));
        Assert.That(await Data.ScalarAsync<Guid>("SELECT id FROM execution_queue WHERE lease_owner IS NULL"), Is.EqualTo(held));
    }

    [Test]
    public async Task Claim_WhenTheQuotaLeavesRoomForFewerThanAreDue_ClaimsOnlyThatManyAndLeavesTheRestQueued()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        for (var i = 0; i < 4; i++)
            await Data.EnqueueAsync(webhook, DateTimeOffset.UtcNow.AddSeconds(-i));
        await using var dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        var queue = new QueueClaims(dataSource, Options.Create(new QuotaOptions { AttemptsPerOwnerPerMinute = 3 }));
        await Data.ExecuteAsync("""
            INSERT INTO owner_attempt_minutes (owner_id, minute, node, attempts) VALUES (@p0, date_trunc('minute', now()), 'elsewhere', 1)
            """, Owner);

        var claimed = await queue.ClaimAsync("a", 10, 10, TimeSpan.FromSeconds(5), CancellationToken.None);
        var again = await queue.ClaimAsync("b", 10, 10, TimeSpan.FromSeconds(5), CancellationToken.None);

        // 3 a minute, 1 counted already: 2 claimed to send; those 2 running leave no room for a second node either.
        Assert.That(claimed.Select(c => c.OverQuota), Is.EqualTo(new[] { false, false }));
        Assert.That(again, Is.Empty);
        Assert.That(await Data.ScalarAsync<long>("SELECT count(*) FROM execution_queue WHERE lease_owner IS NULL"), Is.EqualTo(2));
    }
}
