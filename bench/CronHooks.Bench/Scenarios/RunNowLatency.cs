using System.Diagnostics;
using CronHooks.Bench.Environment;
using CronHooks.Bench.Measuring;

namespace CronHooks.Bench.Scenarios;

/// <summary>
/// Run-now, one at a time on an idle stack: the arrival at the receiver measured from the API's answer to
/// <c>POST /webhooks/{id}/trigger</c> and from the request (what a caller waits in all), and the answer's own time.
/// The first of a fresh stack is reported on its own (it pays for whatever is cold after start).
/// </summary>
internal static class RunNowLatency
{
    public sealed record Outcome(
        double FirstMs, double FirstFromRequestMs, double FirstAnswerMs, LatencySummary Latency, LatencySummary FromRequest, LatencySummary Answer, int Lost);

    public static async Task<Outcome> RunAsync(CronHooksStack stack, int count, TimeSpan spacing)
    {
        await stack.ResetAsync();
        var hooks = Enumerable.Range(0, count)
            .Select(_ => new BulkWebhook(DueLoad.NewIndex(), stack.OwnerId, DateTimeOffset.UtcNow.AddDays(30), null, null)).ToList();
        await BulkWebhooks.InsertAsync(stack, hooks);
        var ids = new Dictionary<int, Guid>();
        await using (var command = stack.Db.CreateCommand("SELECT id, name FROM webhooks"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                ids[int.Parse(reader.GetString(1)["bench ".Length..], System.Globalization.CultureInfo.InvariantCulture)] = reader.GetGuid(0);
        }

        using var api = stack.ApiClient(1);
        var answered = new Dictionary<int, DateTimeOffset>();
        var requested = new Dictionary<int, DateTimeOffset>();
        foreach (var hook in hooks)
        {
            requested[hook.Index] = DateTimeOffset.UtcNow;
            var response = await api.PostAsync($"/api/v1/webhooks/{ids[hook.Index]}/trigger", null);
            answered[hook.Index] = DateTimeOffset.UtcNow;
            response.EnsureSuccessStatusCode();
            var waited = Stopwatch.StartNew();
            while (stack.Receiver.Snapshot().All(a => a.Index != hook.Index) && waited.Elapsed < TimeSpan.FromSeconds(10))
                await Task.Delay(1);
            await Task.Delay(spacing);
        }
        var arrivals = stack.Receiver.Drain();
        var check = DeliveryCheck.Of(answered, arrivals);
        var fromRequest = DeliveryCheck.Of(requested, arrivals);
        var answer = Stats.Summarize(hooks.Select(h => (answered[h.Index] - requested[h.Index]).TotalMilliseconds));
        var first = hooks[0].Index;
        var firstArrival = arrivals.Where(a => a.Index == first).Select(a => (DateTimeOffset?)a.At).Min();
        var firstMs = firstArrival is { } at ? (at - answered[first]).TotalMilliseconds : double.NaN;
        var firstFromRequestMs = firstArrival is { } at2 ? (at2 - requested[first]).TotalMilliseconds : double.NaN;
        var firstAnswerMs = (answered[first] - requested[first]).TotalMilliseconds;
        Console.WriteLine($"  run-now x{count}: first {firstMs:0} ms after its answer ({firstFromRequestMs:0} ms after its request, answered in {firstAnswerMs:0} ms); " +
            $"after the answer p50 {check.Lateness.P50:0} ms p99 {check.Lateness.P99:0} ms; after the request p50 {fromRequest.Lateness.P50:0} ms; lost {check.Lost}");
        return new Outcome(firstMs, firstFromRequestMs, firstAnswerMs, check.Lateness, fromRequest.Lateness, answer, check.Lost);
    }
}
