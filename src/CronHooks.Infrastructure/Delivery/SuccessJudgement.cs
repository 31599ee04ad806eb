using CronHooks.Domain.Webhooks;

namespace CronHooks.Infrastructure.Delivery;

/// <summary>Applies a webhook's success criteria to what the sender got back; the one place attempts and test sends are judged.</summary>
public static class SuccessJudgement
{
    /// <summary>
    /// <paramref name="result"/> judged by <paramref name="criteria"/> (null: as sent, any 2xx succeeds). An answer whose
    /// status is accepted succeeds unless a check fails (<see cref="DeliveryErrorKinds.AssertionFailed"/>); a 2xx that is not
    /// accepted is an assertion failure too; other statuses not accepted keep their kind, and are retried by their code.
    /// </summary>
    public static DeliveryResult Judge(DeliveryResult result, SuccessCriteria? criteria)
    {
        if (criteria is null || result.ResponseCode is not { } status || !Answered(result))
            return result;
        if (!criteria.Accepts(status))
            return status is >= 200 and < 300
                ? AssertionFailed(result, $"successCriteria.statusCodes: the receiver answered {status}, which is not one of {string.Join(", ", criteria.StatusCodes)}.")
                : result;
        return criteria.FailedCheck(result.ResponseBody, result.ResponseTruncated, result.Duration) is { } failed
            ? AssertionFailed(result, failed)
            : result with { Succeeded = true, ErrorKind = null, ErrorMessage = null, RetryAfter = null };
    }

    // A complete answer: a status and the body read (not a timeout or a connection lost while reading the body).
    private static bool Answered(DeliveryResult result) =>
        result.Succeeded || result.ErrorKind is DeliveryErrorKinds.HttpStatus or DeliveryErrorKinds.Redirect;

    private static DeliveryResult AssertionFailed(DeliveryResult result, string message) =>
        result with { Succeeded = false, ErrorKind = DeliveryErrorKinds.AssertionFailed, ErrorMessage = message, RetryAfter = null };
}
