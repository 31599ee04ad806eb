using System.CommandLine;
using CronHooks.Cli.Commands;
using CronHooks.Cli.Common;

var terminal = Terminal.Console();
var root = new RootCommand("cronhooks: manage scheduled webhooks from a terminal and keep them as code.")
{
    LoginCommand.Create(terminal),
    WebhooksCommand.Create(terminal),
    ExecutionsCommand.Create(terminal),
    PreviewCommand.Create(terminal),
    StatsCommand.Create(terminal),
    ApplyCommand.Create(terminal),
    ExportCommand.Create(terminal),
    SchemaCommand.Create(terminal),
    CompletionCommand.Create(terminal),
};
root.Options.Add(CliContext.Output);

// No response files: "@daily" is a cron macro and "-d @body.json" reads a payload, not arguments.
var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
// A wrong command line is a usage error (2), as scripts expect, not a failure (1).
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
        terminal.Error.WriteLine(terminal.Red("error: ") + error.Message);
    terminal.Error.WriteLine("See `cronhooks --help`.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();
