using System.CommandLine;
using CronHooks.Cli.Common;
using CronHooks.Client;

namespace CronHooks.Cli.Commands;

internal static class ExecutionsCommand
{
    public static Command Create(Terminal terminal)
    {
        var command = new Command("executions", "A webhook's attempts: list them or follow new ones");
        command.Subcommands.Add(List(terminal));
        command.Subcommands.Add(Tail(terminal));
        return command;
    }

    private static Command List(Terminal terminal)
    {
        var webhook = WebhooksCommand.WebhookArgument();
        var status = new Option<string?>("--status") { Description = "pending, running, success, failed, retrying or skipped" };
        status.AcceptOnlyFromAmong(Wire.Names(typeof(ExecutionStatus)).ToArray());
        var limit = new Option<int>("--limit") { Description = "How many, newest first (1-100)", DefaultValueFactory = _ => 20 };
        var command = new Command("list", "List a webhook's attempts, newest first") { webhook, status, limit };
        return command.Does(terminal, async (ctx, ct) =>
        {
            using var session = CliContext.Connect();
            var id = await session.IdOfAsync(ctx.Get(webhook), ct);
            var statusValue = ctx.Get(status) is { } s ? Enum.Parse<ExecutionStatus>(s, ignoreCase: true) : (ExecutionStatus?)null;
            var page = await session.Client.ListExecutionsAsync(id, 1, ctx.Get(limit), statusValue, ct);
            if (ctx.Json)
                terminal.Line(session.LastJson);
            else
                terminal.Table(["ID", "SCHEDULED FOR", "ATTEMPT", "TRIGGER", "STATUS", "CODE", "MS", "ERROR"],
                    page.Items.Select(e => Row(terminal, e)));
            return ExitCodes.Ok;
        });
    }

    /// <summary>
    /// Follows new attempts like `kubectl logs -f`: it polls the history (the API has no push stream) and prints a line
    /// each time an attempt appears or changes status, until Ctrl-C.
    /// </summary>
    private static Command Tail(Terminal terminal)
    {
        var webhook = WebhooksCommand.WebhookArgument();
        var interval = new Option<double>("--interval") { Description = "Seconds between polls", DefaultValueFactory = _ => 1 };
        var last = new Option<int>("--last") { Description = "Attempts from before the start to show first", DefaultValueFactory = _ => 5 };
        var command = new Command("tail", "Follow a webhook's new attempts live (polls every --interval seconds; Ctrl-C stops)") { webhook, interval, last };
        return command.Does(terminal, async (ctx, ct) =>
        {
            using var session = CliContext.Connect();
            var id = await session.IdOfAsync(ctx.Get(webhook), ct);
            var seen = new Dictionary<Guid, ExecutionStatus>();
            var first = true;
            while (!ct.IsCancellationRequested)
            {
                var page = await session.Client.ListExecutionsAsync(id, 1, 50, null, ct);
                var fresh = page.Items.Reverse().Where(e => !seen.TryGetValue(e.Id, out var known) || known != e.Status).ToList();
                if (first)
                    fresh = fresh.TakeLast(Math.Max(0, ctx.Get(last))).ToList();
                foreach (var e in page.Items)
                    seen[e.Id] = e.Status;
                foreach (var e in fresh)
                    terminal.Line(ctx.Json
                        ? System.Text.Json.JsonSerializer.Serialize(new
                        {
                            id = e.Id, webhookId = e.WebhookId, status = Wire.Name(e.Status), attemptNumber = e.AttemptNumber,
                            trigger = Wire.Name(e.Trigger), scheduledFor = e.ScheduledFor, executedAt = e.ExecutedAt,
                            responseCode = e.ResponseCode, durationMs = e.DurationMs, errorKind = e.ErrorKind, errorMessage = e.ErrorMessage,
                        }, CliJson.Options)
                        : string.Join("  ", Row(terminal, e)));
                await terminal.Out.FlushAsync(ct);
                first = false;
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.2, ctx.Get(interval))), ct);
            }
            return ExitCodes.Ok;
        });
    }

    private static IReadOnlyList<string> Row(Terminal t, ExecutionResponse e) =>
    [
        e.Id.ToString(), Wire.Time(e.ScheduledFor), e.AttemptNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Wire.Name(e.Trigger), t.Status(Wire.Name(e.Status)), e.ResponseCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
        e.DurationMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", e.ErrorKind ?? "",
    ];
}
