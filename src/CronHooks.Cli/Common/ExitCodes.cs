namespace CronHooks.Cli.Common;

/// <summary>What scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The API refused or failed the request, or could not be reached.</summary>
    public const int Failure = 1;

    /// <summary>The command line or the schedule file is wrong; nothing was sent that changes anything.</summary>
    public const int Usage = 2;
}

/// <summary>Bad input found by the CLI itself (exit 2); the message names the file, line and field where there is one.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>A failure the CLI finds itself, such as no webhook with the key given (exit 1, like the API's 404).</summary>
internal sealed class FailureException(string message) : Exception(message);
