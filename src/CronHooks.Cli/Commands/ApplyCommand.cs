using System.CommandLine;
using System.Text.Json;
using CronHooks.Cli.Common;
using CronHooks.Cli.SchedulesAsCode;
using CronHooks.Client;

namespace CronHooks.Cli.Commands;

internal static class ApplyCommand
{
    public static Command Create(Terminal terminal)
    {
        var file = new Option<string>("--file", "-f") { Description = "The schedule file (YAML)", Required = true };
        var prune = new Option<bool>("--prune") { Description = "Also delete keyed webhooks that are not in the file" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Make the changes (without it, only the plan is shown)" };
        var command = new Command("apply", "Make your webhooks match a schedule file: shows the plan, changes them with --yes") { file, prune, yes };
        return command.Does(terminal, async (ctx, ct) =>
        {
            var path = ctx.Get(file);
            // The whole file is checked before the API is asked anything.
            var entries = ScheduleFile.Read(path, Environment.GetEnvironmentVariable);
            using var session = CliContext.Connect();
            var plan = SchedulePlan.Make(entries, await session.AllWebhooksAsync(ct), ctx.Get(prune));
            await CheckSchedulesAsync(session, path, plan, ct);
            var apply = ctx.Get(yes);
            if (ctx.Json)
                terminal.Line(JsonSerializer.Serialize(new
                {
                    file = path, applied = apply,
                    changes = plan.Select(c => new { action = c.Action.ToString().ToLowerInvariant(), key = c.Key, id = c.Id, fields = c.Changes }),
                }, CliJson.Indented));
            else
                Show(terminal, path, plan, apply);

            if (!apply || plan.All(c => c.Action == PlanAction.Unchanged))
                return ExitCodes.Ok;
            foreach (var change in plan)
            {
                switch (change.Action)
                {
                    case PlanAction.Create:
                        await session.Client.CreateWebhookAsync(change.Entry!.Definition.Deserialize<CreateWebhookRequest>()!, ct);
                        break;
                    case PlanAction.Update:
                        // A replace: the file is the whole truth about the webhook, fields left out take their defaults.
                        await session.Client.UpdateWebhookAsync(change.Id!.Value, change.Entry!.Definition.Deserialize<UpdateWebhookRequest>()!, ct);
                        break;
                    case PlanAction.Delete:
                        await session.Client.DeleteWebhookAsync(change.Id!.Value, ct);
                        break;
                }
                if (!ctx.Json && change.Action != PlanAction.Unchanged)
                    terminal.Line($"{change.Action switch { PlanAction.Create => "created", PlanAction.Update => "updated", _ => "deleted" }} {change.Key}");
            }
            return ExitCodes.Ok;
        });
    }

    /// <summary>
    /// Cron expressions and time zones are checked by the API's preview before anything changes, so a file whose schedule
    /// the API would refuse stops here with nothing applied.
    /// </summary>
    private static async Task CheckSchedulesAsync(ApiSession session, string path, List<PlannedChange> plan, CancellationToken ct)
    {
        var problems = new List<string>();
        foreach (var change in plan.Where(c => c.Action is PlanAction.Create or PlanAction.Update))
        {
            var d = change.Entry!.Definition;
            if (d["scheduleType"]?.GetValue<string>() != "recurring" || d["cronExpression"] is null)
                continue;
            try
            {
                await session.Client.PreviewScheduleAsync(d["cronExpression"]!.GetValue<string>(), d["timezone"]?.GetValue<string>(), 1, ct);
            }
            catch (CronHooksApiException e) when (e.StatusCode == 400)
            {
                foreach (var (field, messages) in e.Errors)
                    problems.Add($"{Path.GetFileName(path)}:{change.Entry.Line}: webhook '{change.Key}', field '{field}': {string.Join(" ", messages)}");
            }
        }
        if (problems.Count > 0)
            throw new UsageException(string.Join(Environment.NewLine, problems) + Environment.NewLine + "Nothing was changed.");
    }

    private static void Show(Terminal t, string path, List<PlannedChange> plan, bool apply)
    {
        t.Line($"Plan for {path}:");
        foreach (var change in plan)
        {
            t.Line(change.Action switch
            {
                PlanAction.Create => t.Green($"  + create     {change.Key}"),
                PlanAction.Update => t.Yellow($"  ~ update     {change.Key}"),
                PlanAction.Delete => t.Red($"  - delete     {change.Key}"),
                _ => t.Dim($"  = unchanged  {change.Key}"),
            });
            foreach (var field in change.Changes)
                t.Line($"      {field.Field}: {Show(field.From)} → {Show(field.To)}");
        }
        int Count(PlanAction a) => plan.Count(c => c.Action == a);
        t.Line($"{Count(PlanAction.Create)} to create, {Count(PlanAction.Update)} to update, {Count(PlanAction.Unchanged)} unchanged, {Count(PlanAction.Delete)} to delete.");
        if (!apply && plan.Any(c => c.Action != PlanAction.Unchanged))
            t.Line("Nothing changed yet: run again with --yes to apply this plan.");
    }

    private static string Show(string? value) => value is null ? "(none)" : JsonSerializer.Serialize(value, CliJson.Indented);
}
