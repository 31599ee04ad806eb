using System.CommandLine;
using CronHooks.Cli.Common;

namespace CronHooks.Cli.Commands;

internal static class PreviewCommand
{
    public static Command Create(Terminal terminal)
    {
        var cron = new Argument<string>("cron") { Description = "A cron expression, e.g. \"0 9 * * 1-5\" (quote it)" };
        var tz = new Option<string?>("--tz") { Description = "IANA time zone (default UTC)" };
        var count = new Option<int>("--count", "-n") { Description = "How many runs", DefaultValueFactory = _ => 10 };
        var command = new Command("preview", "Show the next run times of a cron expression, as the scheduler will fire them") { cron, tz, count };
        return command.Does(terminal, async (ctx, ct) =>
        {
            using var session = CliContext.Connect();
            var result = await session.Client.PreviewScheduleAsync(ctx.Get(cron), ctx.Get(tz), ctx.Get(count), null, null, null, null, null, null, ct);
            if (ctx.Json)
            {
                terminal.Line(session.LastJson);
                return ExitCodes.Ok;
            }
            terminal.Table(["UTC", "LOCAL"], result.Occurrences.Select(o => (IReadOnlyList<string>)
                [Wire.Time(o.Utc), o.Local.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture)]));
            return ExitCodes.Ok;
        });
    }
}
