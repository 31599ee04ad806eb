using System.CommandLine;
using System.Globalization;
using CronHooks.Cli.Common;
using CronHooks.Client;

namespace CronHooks.Cli.Commands;

internal static class StatsCommand
{
    public static Command Create(Terminal terminal)
    {
        var webhook = new Argument<string?>("webhook") { Description = "A webhook's id or key (default: all your webhooks)", Arity = ArgumentArity.ZeroOrOne };
        var window = new Option<string>("--window", "-w") { Description = "24h, 7d or 30d", DefaultValueFactory = _ => "24h" };
        window.AcceptOnlyFromAmong("24h", "7d", "30d");
        var command = new Command("stats", "Success rate, durations, lateness and top errors") { webhook, window };
        return command.Does(terminal, async (ctx, ct) =>
        {
            using var session = CliContext.Connect();
            StatsResponse stats = ctx.Get(webhook) is { } reference
                ? await session.Client.GetWebhookStatsAsync(await session.IdOfAsync(reference, ct), ctx.Get(window), ct)
                : await session.Client.GetStatsAsync(ctx.Get(window), ct);
            if (ctx.Json)
            {
                terminal.Line(session.LastJson);
                return ExitCodes.Ok;
            }
            var c = stats.Counts;
            terminal.Line($"{terminal.Bold("window:")}       {Wire.Time(stats.From)} → {Wire.Time(stats.To)}");
            terminal.Line($"{terminal.Bold("attempts:")}     {c.Total} ({terminal.Green($"{c.Success} success")}, {terminal.Red($"{c.Failed} failed")}, {c.Retrying} retrying, {c.Skipped} skipped, {c.Pending + c.Running} in progress)");
            terminal.Line($"{terminal.Bold("success rate:")} {(stats.SuccessRate is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "-")}");
            terminal.Line($"{terminal.Bold("duration:")}     p50 {Ms(stats.DurationMs.P50)}, p95 {Ms(stats.DurationMs.P95)}, p99 {Ms(stats.DurationMs.P99)}");
            terminal.Line($"{terminal.Bold("lateness:")}     p50 {Ms(stats.LatenessMs.P50)}, p99 {Ms(stats.LatenessMs.P99)}");
            foreach (var error in stats.TopErrorKinds)
                terminal.Line($"{terminal.Bold("error:")}        {error.ErrorKind} × {error.Count}");
            return ExitCodes.Ok;
        });
    }

    private static string Ms(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + " ms" : "-";
}
