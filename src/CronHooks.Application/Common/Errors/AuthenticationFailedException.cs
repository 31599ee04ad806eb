namespace CronHooks.Application.Common.Errors;

/// <summary>Credentials were wrong; deliberately the same for an unknown user and a wrong password (401).</summary>
public sealed class AuthenticationFailedException() : Exception("Invalid username or password.");
