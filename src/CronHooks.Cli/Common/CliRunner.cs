using System.CommandLine;
using System.Text.Json;
using CronHooks.Client;

namespace CronHooks.Cli.Common;

/// <summary>What every command shares: how it reads options, where it writes, and how failures become exit codes.</summary>
internal sealed class CliContext(ParseResult parse, Terminal terminal)
{
    public static readonly Option<string> Output = new("--output", "-o")
    {
        Description = "table (for people) or json (the API's answer, for scripts)",
        Recursive = true,
        DefaultValueFactory = _ => "table",
    };

    public ParseResult Parse => parse;
    public Terminal Terminal => terminal;
    public bool Json => parse.GetValue(Output) == "json";

    public T Get<T>(Option<T> option) => parse.GetValue(option)!;
    public T Get<T>(Argument<T> argument) => parse.GetValue(argument)!;

    public static ApiSession Connect(bool requireToken = true) => new(CliConfig.Load(), requireToken);

    static CliContext() => Output.AcceptOnlyFromAmong("table", "json");
}

internal static class CliRunner
{
    /// <summary>Gives a command its action, turning problems into readable errors and exit codes.</summary>
    public static T Does<T>(this T command, Terminal terminal, Func<CliContext, CancellationToken, Task<int>> action)
        where T : Command
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await action(new CliContext(parse, terminal), cancellationToken);
            }
            catch (UsageException e)
            {
                terminal.Error.WriteLine(terminal.Red("error: ") + e.Message);
                return ExitCodes.Usage;
            }
            catch (FailureException e)
            {
                terminal.Error.WriteLine(terminal.Red("error: ") + e.Message);
                return ExitCodes.Failure;
            }
            catch (CronHooksApiException e)
            {
                WriteProblem(terminal, e);
                return ExitCodes.Failure;
            }
            catch (HttpRequestException e)
            {
                terminal.Error.WriteLine(terminal.Red("error: ") + $"cannot reach the API at {CliConfig.Load().Url}: {e.Message}");
                return ExitCodes.Failure;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok; // Ctrl-C ends a tail; that is how it is meant to stop
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
            {
                terminal.Error.WriteLine(terminal.Red("error: ") + e.Message);
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    /// <summary>An RFC 9457 problem as lines a person reads: the title, the detail, then each field with its messages.</summary>
    private static void WriteProblem(Terminal terminal, CronHooksApiException e)
    {
        var title = e.Title ?? e.Message.Split('\n')[0];
        terminal.Error.WriteLine(terminal.Red("error: ") + $"{title} (HTTP {e.StatusCode})");
        if (!string.IsNullOrEmpty(e.Detail))
            terminal.Error.WriteLine("  " + e.Detail);
        foreach (var (field, messages) in e.Errors)
            foreach (var message in messages)
                terminal.Error.WriteLine($"  {terminal.Bold(field)}: {message}");
        if (e.StatusCode == 401)
            terminal.Error.WriteLine("  Log in again with `cronhooks login`, or check CRONHOOKS_TOKEN.");
    }
}
