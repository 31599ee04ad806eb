namespace CronHooks.Application.Webhooks.Common;

/// <summary>
/// Where a webhook's failure alerts go: a signed JSON notification (Standard Webhooks headers, signed with
/// the webhook's own signing secret, with a Slack-compatible <c>text</c>) when an occurrence exhausts its
/// retries, when attempts fail <c>consecutiveFailures</c> times in a row, and when it recovers.
/// </summary>
public sealed record AlertDefinition
{
    /// <summary>The absolute http or https URL notified; a Slack incoming-webhook URL works as is.</summary>
    public string? Url { get; init; }

    /// <summary>Failed attempts in a row (retries count) that raise <c>webhook.failing</c>, 1–1000; defaults to 3.</summary>
    public int? ConsecutiveFailures { get; init; }
}

/// <summary>A webhook's alert setting as the API shows it.</summary>
public sealed record AlertResponse(string Url, int ConsecutiveFailures);
