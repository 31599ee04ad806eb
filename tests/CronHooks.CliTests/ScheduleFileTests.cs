using System.Text.Json;

namespace CronHooks.CliTests;

public sealed class ScheduleFileTests
{
    private const string TwoWebhooks = """
        webhooks:
          - key: morning-report
            name: Morning report
            url: https://example.com/hooks/report
            scheduleType: recurring
            cronExpression: "0 9 * * 1-5"
            timezone: Europe/Berlin
            headers:
              Authorization: "Bearer ${REPORT_TOKEN}"
            payload:
              report: daily
              pages: 3
            alert:
              url: ${SLACK_URL}
          - key: weekly-cleanup
            name: Weekly cleanup
            url: https://example.com/hooks/cleanup
            scheduleType: recurring
            cronExpression: "@weekly"
            maxRetries: 5
            successCriteria:
              statusCodes: ["2XX", "404"]
              jsonPointer: /result/ok
              equals: true
            retryOn: [timeout, "5xx"]
            maxRetryAgeSeconds: 3600
            pauseAfterFailures: 3
            callbackUrl: https://example.com/hooks/cleanup-done
        """;

    private static Cli WithSecrets(Cli cli)
    {
        cli.Environment["REPORT_TOKEN"] = "report-token-1234";
        cli.Environment["SLACK_URL"] = "https://hooks.slack.com/services/T000/B000/XXXX";
        return cli;
    }

    [Test]
    public async Task Apply_WhenRunTwiceThenChangedThenPruned_PlansCreateUnchangedUpdateDelete()
    {
        var cli = WithSecrets(await Cli.SignUpAsync());
        await File.WriteAllTextAsync(cli.PathOf("cronhooks.yaml"), TwoWebhooks);

        var plan = await cli.RunAsync("apply", "-f", cli.PathOf("cronhooks.yaml"));
        Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
        Assert.That(plan.Output, Does.Contain("+ create     morning-report").And.Contain("+ create     weekly-cleanup").And.Contain("--yes"));
        Assert.That((await cli.RunAsync("webhooks", "list")).Output, Does.Not.Contain("morning-report"), "a plan changes nothing");

        var applied = await cli.RunAsync("apply", "-f", cli.PathOf("cronhooks.yaml"), "--yes");
        Assert.That(applied.ExitCode, Is.Zero, applied.ToString());
        Assert.That(applied.Output, Does.Contain("created morning-report").And.Contain("created weekly-cleanup"));

        var again = await cli.RunAsync("apply", "-f", cli.PathOf("cronhooks.yaml"), "--yes", "-o", "json");
        using (var document = JsonDocument.Parse(again.Output))
            Assert.That(document.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("action").GetString()),
                Is.All.EqualTo("unchanged"), again.ToString());

        var changed = TwoWebhooks.Replace("0 9 * * 1-5", "0 8 * * 1-5", StringComparison.Ordinal);
        var oneLeft = changed[..changed.IndexOf("  - key: weekly-cleanup", StringComparison.Ordinal)];
        await File.WriteAllTextAsync(cli.PathOf("cronhooks.yaml"), oneLeft);
        var update = await cli.RunAsync("apply", "-f", cli.PathOf("cronhooks.yaml"), "--prune", "--yes");
        Assert.That(update.ExitCode, Is.Zero, update.ToString());
        Assert.That(update.Output, Does.Contain("~ update     morning-report").And.Contain("cronExpression: \"0 9 * * 1-5\" → \"0 8 * * 1-5\"")
            .And.Contain("- delete     weekly-cleanup"));
        var list = await cli.RunAsync("webhooks", "list");
        Assert.That(list.Output, Does.Contain("0 8 * * 1-5").And.Not.Contain("weekly-cleanup"));
    }

    [Test]
    public async Task Export_WhenAppliedBack_PlansNoChangeAndWritesNoSecret()
    {
        var cli = WithSecrets(await Cli.SignUpAsync());
        await File.WriteAllTextAsync(cli.PathOf("cronhooks.yaml"), TwoWebhooks);
        Assert.That((await cli.RunAsync("apply", "-f", cli.PathOf("cronhooks.yaml"), "--yes")).ExitCode, Is.Zero);

        var export = await cli.RunAsync("export", "-f", cli.PathOf("exported.yaml"));
        Assert.That(export.ExitCode, Is.Zero, export.ToString());
        var exported = await File.ReadAllTextAsync(cli.PathOf("exported.yaml"));
        Assert.That(exported, Does.Not.Contain("report-token-1234").And.Not.Contain("hooks.slack.com"));
        Assert.That(exported, Does.Contain("${CRONHOOKS_MORNING_REPORT_AUTHORIZATION}").And.Contain("${CRONHOOKS_MORNING_REPORT_ALERT_URL}"));
        Assert.That(export.Error, Does.Contain("CRONHOOKS_MORNING_REPORT_AUTHORIZATION"));
        Assert.That(exported, Does.Contain("pauseAfterFailures: 3"));

        cli.Environment["CRONHOOKS_MORNING_REPORT_AUTHORIZATION"] = "Bearer report-token-1234";
        cli.Environment["CRONHOOKS_MORNING_REPORT_ALERT_URL"] = cli.Environment["SLACK_URL"];
        var plan = await cli.RunAsync("apply", "-f", cli.PathOf("exported.yaml"), "--prune");

        Assert.That(plan.ExitCode, Is.Zero, plan.ToString() + "\n" + exported);
        Assert.That(plan.Output, Does.Contain("0 to create, 0 to update, 2 unchanged, 0 to delete."), plan.ToString() + "\n" + exported);
    }

    [Test]
    public async Task Apply_WhenAFieldIsUnknownOrOfTheWrongType_ReportsFileLineAndFieldAndChangesNothing()
    {
        var cli = WithSecrets(await Cli.SignUpAsync());
        var bad = TwoWebhooks.Replace("    maxRetries: 5", "    maxRetries: five\n    retries: 2", StringComparison.Ordinal);
        await File.WriteAllTextAsync(cli.PathOf("bad.yaml"), bad);

        var result = await cli.RunAsync("apply", "-f", cli.PathOf("bad.yaml"), "--yes");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain("bad.yaml:20: field 'maxRetries': expected an integer, got \"five\"")
            .And.Contain("bad.yaml:21: unknown field 'retries'").And.Contain("Nothing was changed."), result.ToString());
        Assert.That((await cli.RunAsync("webhooks", "list")).Output, Does.Not.Contain("morning-report"));
    }

    [Test]
    public async Task Apply_WhenOneWebhookHasAScheduleTheApiRefuses_ChangesNothing()
    {
        var cli = WithSecrets(await Cli.SignUpAsync());
        await File.WriteAllTextAsync(cli.PathOf("cronhooks.yaml"), TwoWebhooks.Replace("\"@weekly\"", "\"0 0 30 2 *\"", StringComparison.Ordinal));

        var result = await cli.RunAsync("apply", "-f", cli.PathOf("cronhooks.yaml"), "--yes");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain("weekly-cleanup").And.Contain("cronExpression").And.Contain("Nothing was changed."));
        Assert.That((await cli.RunAsync("webhooks", "list")).Output, Does.Not.Contain("morning-report"));
    }

    [Test]
    public async Task Schema_WhenGeneratedFromTheContract_MatchesTheCommittedFile()
    {
        var cli = new Cli();

        var result = await cli.RunAsync("schema");

        var committed = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "schemas", "cronhooks.schema.json"));
        Assert.That(result.Output, Is.EqualTo(committed),
            "schemas/cronhooks.schema.json is out of date: regenerate it with `dotnet src/CronHooks.Cli/bin/Release/net10.0/cronhooks.dll schema > schemas/cronhooks.schema.json`");
    }
}
