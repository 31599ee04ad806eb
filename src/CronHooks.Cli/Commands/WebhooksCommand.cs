using System.CommandLine;
using System.Text.Json;
using CronHooks.Cli.Common;
using CronHooks.Client;

namespace CronHooks.Cli.Commands;

internal static class WebhooksCommand
{
    public static Command Create(Terminal terminal)
    {
        var command = new Command("webhooks", "List, create, change and run webhooks");
        command.Subcommands.Add(List(terminal));
        command.Subcommands.Add(Get(terminal));
        command.Subcommands.Add(CreateOrUpdate(terminal, create: true));
        command.Subcommands.Add(CreateOrUpdate(terminal, create: false));
        command.Subcommands.Add(Simple(terminal, "delete", "Delete a webhook (its history is kept)", async (s, id, ct) =>
        {
            await s.Client.DeleteWebhookAsync(id, ct);
            return $"Deleted {id}.";
        }));
        command.Subcommands.Add(Simple(terminal, "cancel", "Stop a webhook's schedule and pending retries", async (s, id, ct) =>
            $"Cancelled {(await s.Client.CancelWebhookAsync(id, ct)).Name}."));
        command.Subcommands.Add(Simple(terminal, "resume", "Start a cancelled webhook's schedule again", async (s, id, ct) =>
        {
            var resumed = await s.Client.ResumeWebhookAsync(id, ct);
            return $"Resumed {resumed.Name}; next run {Wire.Time(resumed.NextRunAt)}.";
        }));
        command.Subcommands.Add(Simple(terminal, "trigger", "Run a webhook now, once", async (s, id, ct) =>
            $"Queued attempt {(await s.Client.TriggerWebhookAsync(id, ct)).Id}."));
        command.Subcommands.Add(Simple(terminal, "rotate-secret", "Give a webhook a new signing secret (the old one signs for a while longer)", async (s, id, ct) =>
            $"New signing secret (shown this once): {(await s.Client.RotateSigningSecretAsync(id, ct)).SigningSecret}"));
        return command;
    }

    internal static Argument<string> WebhookArgument() => new("webhook") { Description = "The webhook's id or key" };

    private static Command List(Terminal terminal)
    {
        var state = new Option<string?>("--state") { Description = "active, cancelled or completed" };
        state.AcceptOnlyFromAmong("active", "cancelled", "completed");
        var search = new Option<string?>("--search") { Description = "Part of the name or URL" };
        var pageSize = new Option<int>("--limit") { Description = "How many, newest first (1-100)", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List your webhooks, newest first") { state, search, pageSize };
        return command.Does(terminal, async (ctx, ct) =>
        {
            using var session = CliContext.Connect();
            var stateValue = ctx.Get(state) is { } s ? Enum.Parse<WebhookState>(s, ignoreCase: true) : (WebhookState?)null;
            var page = await session.Client.ListWebhooksAsync(1, ctx.Get(pageSize), null, null, ctx.Get(search), stateValue, null, ct);
            if (ctx.Json)
                terminal.Line(session.LastJson);
            else
                WebhookView.List(terminal, page.Items);
            return ExitCodes.Ok;
        });
    }

    private static Command Get(Terminal terminal)
    {
        var webhook = WebhookArgument();
        var command = new Command("get", "Show one webhook") { webhook };
        return command.Does(terminal, async (ctx, ct) =>
        {
            using var session = CliContext.Connect();
            var found = await session.FindAsync(ctx.Get(webhook), ct);
            if (ctx.Json)
                terminal.Line(session.LastJson);
            else
                WebhookView.Detail(terminal, found);
            return ExitCodes.Ok;
        });
    }

    /// <summary>create takes a whole definition; update sends only the options given, as a JSON merge patch.</summary>
    private static Command CreateOrUpdate(Terminal terminal, bool create)
    {
        var webhook = WebhookArgument();
        var key = new Option<string?>("--key") { Description = "A stable key, unique among your webhooks (used by apply)" };
        var name = new Option<string?>("--name") { Description = "A name for people", Required = create };
        var url = new Option<string?>("--url") { Description = "The http(s) URL to call", Required = create };
        var method = new Option<string?>("--method", "-X") { Description = "GET, POST, PUT, PATCH or DELETE (default POST)" };
        method.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "GET", "POST", "PUT", "PATCH", "DELETE");
        var cron = new Option<string?>("--cron") { Description = "Run on this cron expression (5 fields or @daily…)" };
        var at = new Option<string?>("--at") { Description = "Run once at this ISO 8601 time (local to --tz without an offset)" };
        var tz = new Option<string?>("--tz") { Description = "IANA time zone (default UTC)" };
        var payload = new Option<string?>("--payload", "-d") { Description = "JSON body to send, or @file to read it" };
        var headers = new Option<string[]>("--header", "-H") { Description = "'Name: value', repeatable", AllowMultipleArgumentsPerToken = false };
        var retries = new Option<int?>("--max-retries") { Description = "Retries after a failed attempt (0-10)" };
        var timeout = new Option<int?>("--timeout") { Description = "Seconds per attempt (1-300)" };
        var command = new Command(create ? "create" : "update", create
            ? "Create a webhook: --cron for a schedule or --at for once"
            : "Change the fields you give of a webhook (the rest stay)")
        { key, name, url, method, cron, at, tz, payload, headers, retries, timeout };
        if (!create)
            command.Arguments.Add(webhook);

        return command.Does(terminal, async (ctx, ct) =>
        {
            if (create && (ctx.Get(cron) is null) == (ctx.Get(at) is null))
                throw new UsageException("Give exactly one of --cron (recurring) and --at (once).");
            var body = new Dictionary<string, object?>();
            void Set(string field, object? value)
            {
                if (value is not null)
                    body[field] = value;
            }
            Set("key", ctx.Get(key));
            Set("name", ctx.Get(name));
            Set("url", ctx.Get(url));
            Set("httpMethod", ctx.Get(method)?.ToUpperInvariant());
            Set("cronExpression", ctx.Get(cron));
            Set("scheduledAt", ctx.Get(at));
            if (ctx.Get(cron) is not null)
                Set("scheduleType", "recurring");
            if (ctx.Get(at) is not null)
                Set("scheduleType", "once");
            Set("timezone", ctx.Get(tz));
            Set("maxRetries", ctx.Get(retries));
            Set("timeoutSeconds", ctx.Get(timeout));
            if (ctx.Get(payload) is { } text)
                Set("payload", ParsePayload(text));
            if (ctx.Get(headers) is { Length: > 0 } given)
                Set("headers", given.Select(ParseHeader).ToDictionary(h => h.Name, h => h.Value));

            using var session = CliContext.Connect();
            var json = JsonSerializer.Serialize(body, CliJson.Options);
            WebhookResponse result;
            if (create)
                result = await session.Client.CreateWebhookAsync(JsonSerializer.Deserialize<CreateWebhookRequest>(json)!, ct);
            else
            {
                var id = await session.IdOfAsync(ctx.Get(webhook), ct);
                result = await session.Client.PatchWebhookAsync(id, JsonSerializer.Deserialize<WebhookMergePatch>(json)!, ct);
            }
            if (ctx.Json)
                terminal.Line(session.LastJson);
            else
                WebhookView.Detail(terminal, result);
            return ExitCodes.Ok;
        });
    }

    private static JsonElement ParsePayload(string text)
    {
        var json = text.StartsWith('@') ? File.ReadAllText(text[1..]) : text;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new UsageException($"--payload is not valid JSON: {e.Message}");
        }
    }

    private static (string Name, string Value) ParseHeader(string header)
    {
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            throw new UsageException($"--header '{header}' is not of the form 'Name: value'.");
        return (header[..colon].Trim(), header[(colon + 1)..].Trim());
    }

    private static Command Simple(Terminal terminal, string name, string description, Func<ApiSession, Guid, CancellationToken, Task<string>> action)
    {
        var webhook = WebhookArgument();
        var command = new Command(name, description) { webhook };
        return command.Does(terminal, async (ctx, ct) =>
        {
            using var session = CliContext.Connect();
            var message = await action(session, await session.IdOfAsync(ctx.Get(webhook), ct), ct);
            terminal.Line(ctx.Json ? session.LastJson : message);
            return ExitCodes.Ok;
        });
    }
}
