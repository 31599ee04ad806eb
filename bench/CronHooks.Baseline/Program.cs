using CronHooks.Baseline;

const string usage = """
    usage:
      provision --connection <cs>
      schedule  --connection <cs> --count N --url-template <url with {i}> (--at <ISO-8601 instant> [--spread-ms MS [--batch-ms MS]] | --cron "<5-field cron>" --time-zone <IANA tz>) [--job-prefix P]
      serve     --connection <cs> --node <name> [--threads T]
    """;

try
{
    return args switch
    {
        ["provision", .. var rest] => await ProvisionCommand.RunAsync(Options.Parse(rest, "connection"), CancellationToken.None),
        ["schedule", .. var rest] => await ScheduleCommand.RunAsync(
            Options.Parse(rest, "connection", "count", "url-template", "at", "spread-ms", "batch-ms", "cron", "time-zone", "job-prefix"), CancellationToken.None),
        ["serve", .. var rest] => await ServeCommand.RunAsync(Options.Parse(rest, "connection", "node", "threads")),
        _ => throw new UsageException("Unknown or missing command."),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(usage);
    return 2;
}
