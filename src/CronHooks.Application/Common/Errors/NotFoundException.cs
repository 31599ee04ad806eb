namespace CronHooks.Application.Common.Errors;

/// <summary>The resource does not exist or belongs to someone else: both answer 404, so ids leak nothing.</summary>
public sealed class NotFoundException(string resource, object id)
    : Exception($"{resource} '{id}' was not found.");
