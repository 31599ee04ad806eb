using System.CommandLine;
using CronHooks.Cli.Common;
using CronHooks.Cli.SchedulesAsCode;

namespace CronHooks.Cli.Commands;

internal static class SchemaCommand
{
    public static Command Create(Terminal terminal)
    {
        var command = new Command("schema", "Print the JSON Schema of schedule files (for editors; generated from the API contract)");
        return command.Does(terminal, (_, _) =>
        {
            terminal.Out.Write(ScheduleSchema.Generate());
            return Task.FromResult(ExitCodes.Ok);
        });
    }
}
