namespace CronHooks.Domain.Callbacks;

/// <summary>
/// What a callback reports about its attempt beyond what every alert row holds, kept with the queued callback
/// (jsonb) so a retried send says the same thing even after the history's row is gone.
/// </summary>
public sealed record CallbackDetails(
    string Status,
    int? DurationMs,
    string? ErrorMessage,
    string? ResponseBody,
    bool ResponseTruncated)
{
    /// <summary>At most this many characters of the receiver's body go into a callback; the history keeps up to 64 KiB.</summary>
    public const int MaxResponseBodyLength = 4096;
}
