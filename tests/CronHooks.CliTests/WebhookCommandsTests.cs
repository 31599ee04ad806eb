using System.Text.Json;

namespace CronHooks.CliTests;

public sealed class WebhookCommandsTests
{
    [Test]
    public async Task Login_WhenItSucceeds_StoresTheCredentialReadableByTheOwnerOnly()
    {
        var cli = await Cli.SignUpAsync();

        var file = Path.Combine(cli.ConfigHome, "cronhooks", "config.json");
        if (!OperatingSystem.IsWindows())
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(await File.ReadAllTextAsync(file), Does.Contain("\"token\""));
    }

    [Test]
    public async Task CreateListTail_WhenTheWebhookIsTriggered_TailShowsTheDelivery()
    {
        var cli = await Cli.SignUpAsync();
        var url = CliTestHost.Receiver.Url + "/hooks/cli";

        var created = await cli.RunAsync("webhooks", "create", "--key", "nightly", "--name", "Nightly", "--url", url,
            "--cron", "0 3 * * *", "--tz", "Europe/Berlin", "--payload", "{\"report\":\"daily\"}");
        Assert.That(created.ExitCode, Is.Zero, created.ToString());
        Assert.That(created.Output, Does.Contain("whsec_").And.Contain("nightly"));

        var list = await cli.RunAsync("webhooks", "list");
        Assert.That(list.Output, Does.Contain("KEY").And.Contain("nightly").And.Contain("0 3 * * * (Europe/Berlin)"), list.ToString());
        Assert.That(list.Output, Does.Not.Contain("\u001b["), "no colours when the output is not a terminal");

        var json = await cli.RunAsync("webhooks", "get", "nightly", "--output", "json");
        using (var document = JsonDocument.Parse(json.Output))
        {
            Assert.That(document.RootElement.GetProperty("key").GetString(), Is.EqualTo("nightly"));
            Assert.That(document.RootElement.GetProperty("scheduleType").GetString(), Is.EqualTo("recurring"));
        }

        using var tail = cli.Start("executions", "tail", "nightly", "--interval", "0.3");
        var lines = new List<string>();
        var sawSuccess = new TaskCompletionSource();
        tail.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (lines)
                lines.Add(e.Data);
            if (e.Data.Contains("success", StringComparison.Ordinal))
                sawSuccess.TrySetResult();
        };
        tail.BeginOutputReadLine();
        try
        {
            var trigger = await cli.RunAsync("webhooks", "trigger", "nightly");
            Assert.That(trigger.ExitCode, Is.Zero, trigger.ToString());
            var finished = await Task.WhenAny(sawSuccess.Task, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.That(finished, Is.SameAs(sawSuccess.Task), () => $"tail printed:\n{string.Join('\n', lines)}\n{CliTestHost.ServiceOutput}");
            Assert.That(lines.Last(l => l.Contains("success", StringComparison.Ordinal)), Does.Contain("manual").And.Contain("200"));
        }
        finally
        {
            tail.Kill();
        }
    }

    [Test]
    public async Task Create_WhenTheApiRefusesAField_PrintsTheFieldAndExitsOne()
    {
        var cli = await Cli.SignUpAsync();

        var result = await cli.RunAsync("webhooks", "create", "--name", "x", "--url", "https://example.com/", "--cron", "0 0 30 2 *");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Error, Does.Contain("cronExpression:"));
    }

    [Test]
    public async Task AnyCommand_WhenTheCommandLineIsWrong_ExitsTwo()
    {
        var cli = new Cli();

        var unknown = await cli.RunAsync("webhooks", "list", "--no-such-option");
        var missing = await cli.RunAsync("webhooks", "create", "--name", "x");

        Assert.That(unknown.ExitCode, Is.EqualTo(2), unknown.ToString());
        Assert.That(missing.ExitCode, Is.EqualTo(2), missing.ToString());
        Assert.That(missing.Error, Does.Contain("--url"));
    }

    [Test]
    public async Task Preview_WhenGivenCronAndZone_ShowsTheNextRuns()
    {
        var cli = await Cli.SignUpAsync();

        var result = await cli.RunAsync("preview", "0 9 * * 1-5", "--tz", "Europe/Berlin", "-n", "3");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(4)); // header + 3
        Assert.That(result.Output, Does.Contain("09:00:00 +0"));
    }

    [Test]
    public async Task Completion_WhenAskedBySuggestDirective_ListsSubcommands()
    {
        var cli = new Cli();

        var script = await cli.RunAsync("completion", "bash");
        var suggestions = await cli.RunAsync("[suggest:13]", "cronhooks web");

        Assert.That(script.Output, Does.Contain("complete -o default -F _cronhooks_complete cronhooks"));
        Assert.That(suggestions.Output, Does.Contain("webhooks"), suggestions.ToString());
    }

    [Test]
    public async Task LifecycleCommands_WhenRunInTurn_EachDoesWhatItSays()
    {
        var cli = await Cli.SignUpAsync();
        Assert.That((await cli.RunAsync("webhooks", "create", "--key", "life", "--name", "Life", "--url", "https://example.com/life",
            "--cron", "@daily")).ExitCode, Is.Zero);

        var update = await cli.RunAsync("webhooks", "update", "life", "--name", "Renamed", "--max-retries", "1");
        var cancel = await cli.RunAsync("webhooks", "cancel", "life");
        var cancelled = await cli.RunAsync("webhooks", "list", "--state", "cancelled", "-o", "json");
        var resume = await cli.RunAsync("webhooks", "resume", "life");
        var rotate = await cli.RunAsync("webhooks", "rotate-secret", "life");
        var executions = await cli.RunAsync("executions", "list", "life");
        var stats = await cli.RunAsync("stats", "life", "--window", "7d");
        var delete = await cli.RunAsync("webhooks", "delete", "life");
        var gone = await cli.RunAsync("webhooks", "get", "life");

        Assert.That(update.Output, Does.Contain("Renamed").And.Contain("1 after 60s"), update.ToString());
        Assert.That(cancel.Output, Does.Contain("Cancelled Renamed"), cancel.ToString());
        using (var document = JsonDocument.Parse(cancelled.Output))
            Assert.That(document.RootElement.GetProperty("items")[0].GetProperty("key").GetString(), Is.EqualTo("life"));
        Assert.That(resume.Output, Does.Contain("Resumed Renamed; next run"), resume.ToString());
        Assert.That(rotate.Output, Does.Contain("whsec_"), rotate.ToString());
        Assert.That(executions.Output, Does.StartWith("ID"), executions.ToString());
        Assert.That(stats.Output, Does.Contain("attempts:").And.Contain("success rate:"), stats.ToString());
        Assert.That(delete.ExitCode, Is.Zero, delete.ToString());
        Assert.That(gone.ExitCode, Is.EqualTo(1), gone.ToString());
        Assert.That(gone.Error, Does.Contain("No webhook has the id or key 'life'"));
    }
}
