using System.Collections.Concurrent;
using CronHooks.Domain.Webhooks;
using CronHooks.Scheduler.Common;
using Microsoft.Extensions.Options;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// The node's delivery loop: claim as many due attempts as there are free slots, run them concurrently,
/// sleep until NOTIFY, a finished attempt, or the next due time / lease expiry wakes it. On shutdown it
/// stops claiming, lets in-flight attempts finish within the drain timeout, then gives the rest back.
/// </summary>
public sealed class DeliveryWorker(
    QueueClaims queue,
    AttemptRunner runner,
    DeliverySignal signal,
    SchedulerNode node,
    WorkerLoop loop,
    TimeProvider clock,
    IOptions<DeliveryOptions> options,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    // Never spin: even when the queue says "due right now", the loop rests this long between looks.
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(20);

    // A timer may fire a hair before the database's clock reaches the due time: wake just after it.
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(1);

    // How often expired leases are looked for; next due lease expiry wakes the loop anyway (TimeUntilNextWork).
    private static readonly TimeSpan RequeueInterval = TimeSpan.FromSeconds(1);

    // In a steady flow (the last look claimed some work and left nothing behind that was due before it) looks are at
    // least this far apart: the next attempt is always a moment away and every finished attempt wakes the loop, so it
    // claimed a row or two per look as fast as the database answered. A backlog (slots, owner caps) and the first look
    // after a quiet spell are never held back.
    private static readonly TimeSpan FlowSpacing = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentDictionary<Guid, Task> inFlight = new();
    // Claimed, leased, not yet started: only this loop touches it.
    private readonly Queue<(ClaimedAttempt Claim, Task<IReadOnlyDictionary<Guid, Webhook>> Webhooks, long ClaimedAt)> prefetched = new();
    private DateTimeOffset nextRequeue = DateTimeOffset.MinValue;
    // Whether the last claim took all it asked for: only then is there a backlog worth batching claims for.
    private bool lastClaimFilled;
    private long lastClaimAt;
    private bool flowing;
    private readonly CancellationTokenSource abort = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        logger.LogInformation("Delivery node {Node} started: {MaxConcurrency} concurrent attempts, {PerOwner} per owner",
            node.Id, settings.MaxConcurrency, settings.MaxInFlightPerOwner);
        await loop.RunAsync("Delivery", ct => ClaimAndStartAsync(settings, ct), signal, stoppingToken);
        await DrainAsync(settings.DrainTimeout);
    }

    /// <summary>One look at the queue. Returns how long the loop may sleep before the next look.</summary>
    private async Task<TimeSpan> ClaimAndStartAsync(DeliveryOptions settings, CancellationToken stoppingToken)
    {
        // Leases last seconds: looking on every wake-up cost as much as the claims (docs/PERFORMANCE.md).
        var now = clock.GetUtcNow();
        if (now >= nextRequeue)
        {
            nextRequeue = now + RequeueInterval;
            var requeued = await queue.RequeueExpiredAsync(stoppingToken);
            foreach (var (id, lostBy) in requeued)
                logger.LogWarning("Execution {ExecutionId}: the lease of node {Node} expired; the attempt is queued again", id, lostBy);
        }

        var free = StartPrefetched(settings);
        var sinceClaim = clock.GetElapsedTime(lastClaimAt);
        if (flowing && prefetched.Count == 0 && sinceClaim < FlowSpacing)
            return FlowSpacing - sinceClaim;
        flowing = false;
        var claimedNow = 0;
        var room = free + settings.PrefetchOrDefault - prefetched.Count;
        // With a backlog, claims wait for a few freed slots (prefetched attempts fill them meanwhile): not a claim per delivery.
        if (room > 0 && room < ClaimThreshold(settings) && lastClaimFilled)
            return MinimumWait;
        if (room > 0 && (free > 0 || prefetched.Count == 0 || lastClaimFilled))
        {
            // Not cancelled by shutdown: a claim cancelled after its commit would strand its rows until their
            // leases expire. Whatever is claimed is started or held, and then drained or released like the rest.
            lastClaimAt = clock.GetTimestamp();
            var claimed = await queue.ClaimAsync(node.Id, room, settings.MaxInFlightPerOwner, settings.LeaseMargin, CancellationToken.None);
            if (claimed.Count > 0)
            {
                // One query per batch (docs/PERFORMANCE.md); not awaited: each attempt loads its own if it fails, never stranding the rows.
                var webhooks = runner.LoadWebhooksAsync(claimed, abort.Token);
                var claimedAt = clock.GetTimestamp();
                foreach (var claim in claimed)
                    prefetched.Enqueue((claim, webhooks, claimedAt));
                StartPrefetched(settings);
            }
            // A full batch means more may be waiting: look again at once.
            lastClaimFilled = claimed.Count == room;
            claimedNow = claimed.Count;
            if (lastClaimFilled)
                return free > 0 ? TimeSpan.Zero : MinimumWait;
        }
        if (prefetched.Count > 0)
            return settings.PollInterval; // a finishing attempt wakes the loop to start the next

        // Sleep until the next work is due; due-now work that could not be claimed (slots, owner cap) gets the minimum rest, not a spin.
        sinceClaim = clock.GetElapsedTime(lastClaimAt);
        var next = await queue.NextWorkAsync(sinceClaim, stoppingToken);
        flowing = claimedNow > 0 && !next.LeftBehind;
        if (next.Until is not { } until || until >= settings.PollInterval)
            return settings.PollInterval;
        if (until > TimeSpan.Zero)
            return until + TimerSlack;
        if (!flowing)
            return MinimumWait;
        return sinceClaim < FlowSpacing ? FlowSpacing - sinceClaim : TimeSpan.Zero;
    }

    /// <summary>
    /// Starts held attempts in the free slots; returns the slots still free. An attempt held for half the lease
    /// margin is given back instead: another node could take it over mid-send. Judged by this node's own elapsed
    /// time, so a node clock that disagrees with the database's cannot make it churn.
    /// </summary>
    private int StartPrefetched(DeliveryOptions settings)
    {
        var free = settings.MaxConcurrency - inFlight.Count;
        while (free > 0 && prefetched.TryDequeue(out var next))
        {
            if (clock.GetElapsedTime(next.ClaimedAt) > settings.LeaseMargin / 2)
            {
                _ = runner.ReleaseAsync(node.Id, next.Claim);
                continue;
            }
            Start(next.Claim, next.Webhooks);
            free--;
        }
        return free;
    }

    /// <summary>With a backlog, the fewest free slots worth a claim.</summary>
    private static int ClaimThreshold(DeliveryOptions settings) => Math.Max(1, settings.MaxConcurrency / 4);

    private void Start(ClaimedAttempt claim, Task<IReadOnlyDictionary<Guid, Webhook>> webhooks)
    {
        // Registered before it starts, so a very fast attempt cannot finish before it is counted.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        inFlight[claim.Id] = done.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await runner.RunAsync(node.Id, claim, webhooks, abort.Token);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Execution {ExecutionId} failed unexpectedly; its lease will expire and it will be sent again", claim.Id);
            }
            finally
            {
                inFlight.TryRemove(claim.Id, out _);
                done.SetResult();
                signal.Set();
            }
        });
    }

    private async Task DrainAsync(TimeSpan drainTimeout)
    {
        // Held attempts were never started: back to the queue at once, for another node to send.
        while (prefetched.TryDequeue(out var held))
            await runner.ReleaseAsync(node.Id, held.Claim);
        var running = inFlight.Values.ToArray();
        if (running.Length == 0)
            return;
        logger.LogInformation("Delivery node {Node} stopping: waiting up to {DrainTimeout} for {Count} in-flight attempts", node.Id, drainTimeout, running.Length);
        var all = Task.WhenAll(running);
        await Task.WhenAny(all, Task.Delay(drainTimeout, clock));
        if (!all.IsCompleted)
        {
            logger.LogWarning("Delivery node {Node}: drain timeout over; releasing {Count} unfinished attempts", node.Id, inFlight.Count);
            await abort.CancelAsync();
            await all;
        }
    }

    public override void Dispose()
    {
        abort.Dispose();
        base.Dispose();
    }
}
