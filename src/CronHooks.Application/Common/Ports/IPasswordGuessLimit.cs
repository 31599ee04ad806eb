namespace CronHooks.Application.Common.Ports;

/// <summary>
/// The password lockout: a guess is counted as a failure <em>before</em> the (slow) password check, under a
/// per-name lock, so parallel guesses can never get more than the threshold evaluated.
/// </summary>
public interface IPasswordGuessLimit
{
    /// <summary>
    /// Records a guess for <paramref name="key"/> (a lower-cased username) as failed, unless the window already
    /// holds the maximum; then returns how long until the oldest failure leaves it, and records nothing.
    /// </summary>
    Task<TimeSpan?> TryStartGuessAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The guess was right: forget every failure for <paramref name="key"/>, the reserved one included.</summary>
    Task ClearAsync(string key, CancellationToken cancellationToken);
}
