namespace CronHooks.Application.Common.Errors;

/// <summary>The request is well-formed but breaks a business rule given the current state (409).</summary>
public sealed class ConflictException(string message) : Exception(message);
