namespace CronHooks.Application.Common.Errors;

/// <summary>The caller is authenticated but its credential may not do this (403); the message says what would.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
