namespace CronHooks.Domain.Callbacks;

/// <summary>
/// The two callbacks a webhook may have. They travel through the alerts queue (durable, retried, SSRF-checked) as
/// alerts of these kinds, one per attempt and kind.
/// </summary>
public static class CallbackKinds
{
    /// <summary>Sent to <c>callbackUrl</c> after every attempt that was sent (success, retrying or failed).</summary>
    public const string Attempt = "callback";

    /// <summary>Sent to <c>failureCallbackUrl</c> once an occurrence failed for good (the final <c>failed</c> attempt).</summary>
    public const string Failure = "failure_callback";

    public static bool IsCallback(string kind) => kind is Attempt or Failure;

    /// <summary>The webhook field a callback of <paramref name="kind"/> goes to, as the API names it.</summary>
    public static string Target(string kind) => kind == Failure ? "failureCallbackUrl" : "callbackUrl";
}
