using CronHooks.Domain.Scheduling;

namespace CronHooks.Infrastructure.Delivery;

/// <summary>Whether a failed attempt is worth trying again, by its error kind and status, under a webhook's <c>retryOn</c>.</summary>
public static class RetryClassification
{
    /// <summary>True when <paramref name="result"/> (a failure) is covered by <paramref name="retryOn"/> (null: <see cref="RetryOn.Default"/>).</summary>
    public static bool IsRetryable(DeliveryResult result, IReadOnlyList<string>? retryOn)
    {
        var items = retryOn ?? RetryOn.Default;
        return result.ErrorKind switch
        {
            DeliveryErrorKinds.Timeout => items.Contains(RetryOn.Timeout),
            DeliveryErrorKinds.ConnectionRefused or DeliveryErrorKinds.DnsFailure or DeliveryErrorKinds.TlsError
                or DeliveryErrorKinds.ConnectionError or DeliveryErrorKinds.InvalidResponse => items.Contains(RetryOn.Connection),
            DeliveryErrorKinds.AssertionFailed => items.Contains(RetryOn.Assertion),
            DeliveryErrorKinds.HttpStatus or DeliveryErrorKinds.Redirect => result.ResponseCode is { } status && RetryOn.CoversStatus(items, status),
            // Nothing was sent (blocked destination, unreadable secret, a request that cannot be built): the next try meets the same.
            _ => false,
        };
    }

    /// <summary>How the row names a failure that is not retried, e.g. "a 404" or "a timeout".</summary>
    public static string Describe(DeliveryResult result) => result.ErrorKind switch
    {
        DeliveryErrorKinds.HttpStatus or DeliveryErrorKinds.Redirect when result.ResponseCode is { } status => $"a {status}",
        DeliveryErrorKinds.AssertionFailed => "an assertion failure",
        { } kind => $"a {kind} failure",
        null => "this failure",
    };
}
