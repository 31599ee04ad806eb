namespace CronHooks.Application.Common.Errors;

/// <summary>Credentials were wrong; deliberately the same for an unknown user and a wrong password (401).</summary>
public sealed class AuthenticationFailedException(string message = "Invalid username or password.") : Exception(message);
