using System.CommandLine;
using CronHooks.Cli.Common;
using CronHooks.Client;

namespace CronHooks.Cli.Commands;

internal static class LoginCommand
{
    public static Command Create(Terminal terminal)
    {
        var url = new Option<string?>("--url") { Description = $"The API's address (default: CRONHOOKS_URL, the stored one, or {CliConfig.DefaultUrl})" };
        var token = new Option<string?>("--token") { Description = "An API key (chk_…) or access token to store as is" };
        var username = new Option<string?>("--username", "-u") { Description = "Log in with a username and a password (read from CRONHOOKS_PASSWORD or standard input)" };
        var command = new Command("login", "Store the API address and a credential in your config directory (file mode 0600)") { url, token, username };
        return command.Does(terminal, async (ctx, ct) =>
        {
            var current = CliConfig.Load();
            var address = ctx.Get(url) ?? current.Url!;
            var credential = ctx.Get(token);
            if (credential is null)
            {
                var user = ctx.Get(username) ?? throw new UsageException("Give --token (an API key) or --username.");
                var password = Environment.GetEnvironmentVariable("CRONHOOKS_PASSWORD") ?? ReadPassword(terminal);
                using var anonymous = new ApiSession(new CliConfig(address, null), requireToken: false);
                credential = (await anonymous.Client.IssueTokenAsync(new IssueTokenRequest { Username = user, Password = password }, ct)).AccessToken;
            }

            // Checked before it is stored: a wrong key is reported now, not at the next command.
            using (var session = new ApiSession(new CliConfig(address, credential)))
            {
                var me = await session.Client.GetCurrentUserAsync(ct);
                new CliConfig(address, credential).Save();
                terminal.Line($"Logged in to {address} as {me.Username}; stored in {CliConfig.FilePath}.");
            }
            return ExitCodes.Ok;
        });
    }

    private static string ReadPassword(Terminal terminal)
    {
        if (Console.IsInputRedirected)
            return Console.In.ReadLine() ?? "";
        terminal.Error.Write("Password: ");
        var password = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && password.Length > 0)
                password.Length--;
            else if (!char.IsControl(key.KeyChar))
                password.Append(key.KeyChar);
        }
        terminal.Error.WriteLine();
        return password.ToString();
    }
}
