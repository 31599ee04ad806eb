using CronHooks.Application.Admin.GrantAdmin;
using CronHooks.Application.Common.Errors;
using Mediator;

namespace CronHooks.Api.Startup;

/// <summary><c>CronHooks.Api.dll admin grant &lt;username&gt;</c>: makes an existing user admin (recorded in the audit log as the system).</summary>
internal static class AdminCommandLine
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var at = Array.IndexOf(args, "admin");
        if (args.Length < at + 3 || args[at + 1] != "grant" || string.IsNullOrWhiteSpace(args[at + 2]))
        {
            await Console.Error.WriteLineAsync("usage: CronHooks.Api admin grant <username>");
            return 2;
        }

        var username = args[at + 2];
        await using var scope = services.CreateAsyncScope();
        try
        {
            var granted = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GrantAdminCommand(username));
            Console.WriteLine(granted ? $"{username} is now an admin." : $"{username} already is an admin.");
            return 0;
        }
        catch (NotFoundException)
        {
            await Console.Error.WriteLineAsync($"No user named '{username}'; register it first (POST /api/v1/auth/register).");
            return 1;
        }
    }
}
