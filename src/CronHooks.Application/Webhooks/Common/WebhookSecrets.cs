using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Application.Webhooks.Common;

/// <summary>
/// How a webhook's secrets are stored and shown. Header values, signing secrets and the alert URL are encrypted
/// bound to the webhook id and the field (a header by its lower-cased name); responses show header values and
/// the alert URL masked.
/// </summary>
public static class WebhookSecrets
{
    /// <summary>How long the secret replaced by a rotation keeps signing, so receivers can switch.</summary>
    public static readonly TimeSpan RotationGracePeriod = TimeSpan.FromHours(24);

    /// <summary>Values this long or longer show their last 4 characters; shorter ones show nothing, or the mask would reveal most of them.</summary>
    public const int MinLengthToShowTail = 8;

    public const string MaskPrefix = "****";

    public static string HeaderContext(Guid webhookId, string headerName) => $"webhook:{webhookId:N}:header:{headerName.ToLowerInvariant()}";

    /// <summary>The current and the previous secret share a context, so rotation moves the ciphertext as it is.</summary>
    public static string SigningSecretContext(Guid webhookId) => $"webhook:{webhookId:N}:signing-secret";

    /// <summary>An alert URL is a credential (a Slack incoming-webhook URL is the whole secret), stored like a header value.</summary>
    public static string AlertUrlContext(Guid webhookId) => $"webhook:{webhookId:N}:alert-url";

    /// <summary>
    /// What a response shows for a URL that is a secret: its origin (so users can tell where it goes) plus the
    /// mask of the rest, e.g. <c>https://hooks.slack.com/****x7Qz</c>.
    /// </summary>
    public static string MaskUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return MaskPrefix;
        var origin = uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        return origin + "/" + Mask(uri.GetComponents(UriComponents.PathAndQuery | UriComponents.Fragment, UriFormat.UriEscaped).TrimStart('/'));
    }

    /// <summary>
    /// The URL with every query-string value masked (<c>?token=****</c>): receivers often take a token in the query.
    /// The history and the audit log show URLs this way. Names stay, as header names do.
    /// </summary>
    public static string MaskQueryValues(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
            return url;
        var fragment = url.IndexOf('#', query);
        var end = fragment < 0 ? url.Length : fragment;
        var pairs = url[(query + 1)..end].Split('&').Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            return equals < 0 ? pair : pair[..(equals + 1)] + MaskPrefix;
        });
        return url[..(query + 1)] + string.Join('&', pairs);
    }

    public static string? ProtectAlertUrl(this ISecretProtector protector, Guid webhookId, string? url) =>
        url is null ? null : protector.Protect(url, AlertUrlContext(webhookId));

    /// <summary>
    /// The webhook's alert URL in plaintext. A value still in plaintext (stored before alert URLs were encrypted,
    /// and not yet encrypted by <c>migrate</c>) is read as it is, so alerts keep going out during an upgrade.
    /// </summary>
    public static string? RevealAlertUrl(this ISecretProtector protector, Webhook webhook) =>
        webhook.AlertUrl is not { } stored ? null
        : IsPlaintextUrl(stored) ? stored
        : protector.Unprotect(stored, AlertUrlContext(webhook.Id));

    /// <summary>Stored values are <c>v1.…</c>; an absolute http(s) URL in the column was stored before encryption.</summary>
    public static bool IsPlaintextUrl(string stored) =>
        stored.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || stored.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The alert URL a replace stores: the mask of the stored URL keeps it (its origin is in the mask, so it
    /// cannot be kept for another server); any other masked value is an error; anything else is the new URL.
    /// </summary>
    public static string? ResolveAlertUrl(string? requested, string? stored, out string? error)
    {
        error = null;
        if (requested is null)
            return null;
        if (stored is not null && requested == MaskUrl(stored))
            return stored;
        if (requested.Contains(MaskPrefix, StringComparison.Ordinal))
            error = "This is a masked alert URL that does not match the stored one (another origin, or none stored); give the full URL.";
        return requested;
    }

    /// <summary>What a response shows for a header value: <c>****</c> plus the last 4 characters of a long enough value.</summary>
    public static string Mask(string value) =>
        value.Length >= MinLengthToShowTail ? MaskPrefix + value[^4..] : MaskPrefix;

    public static Dictionary<string, string> ProtectHeaders(this ISecretProtector protector, Guid webhookId, IReadOnlyDictionary<string, string> plaintext) =>
        plaintext.ToDictionary(h => h.Key, h => protector.Protect(h.Value, HeaderContext(webhookId, h.Key)));

    /// <summary>The webhook's header values in plaintext, for sending or for masking.</summary>
    public static Dictionary<string, string> RevealHeaders(this ISecretProtector protector, Webhook webhook) =>
        webhook.Headers.ToDictionary(h => h.Key, h => protector.Unprotect(h.Value, HeaderContext(webhook.Id, h.Key)));

    public static Dictionary<string, string> MaskedHeaders(this ISecretProtector protector, Webhook webhook) =>
        protector.RevealHeaders(webhook).ToDictionary(h => h.Key, h => Mask(h.Value));

    /// <summary>Generates a new signing secret, stores it encrypted and returns the plaintext (shown to the user once).</summary>
    public static string SetNewSigningSecret(this ISecretProtector protector, Webhook webhook)
    {
        var secret = SigningSecret.Generate();
        webhook.SigningSecret = protector.Protect(secret, SigningSecretContext(webhook.Id));
        return secret;
    }

    /// <summary>
    /// Everything the delivery engine needs in plaintext to send <paramref name="webhook"/> at
    /// <paramref name="now"/>: the custom headers and the secrets to sign with (the current one first,
    /// then the previous one while its grace period lasts).
    /// </summary>
    public static DeliverySecrets RevealForDelivery(this ISecretProtector protector, Webhook webhook, DateTimeOffset now)
    {
        var context = SigningSecretContext(webhook.Id);
        List<string> signing = [protector.Unprotect(webhook.SigningSecret, context)];
        if (webhook.PreviousSigningSecret is { } previous && webhook.PreviousSigningSecretExpiresAt > now)
            signing.Add(protector.Unprotect(previous, context));
        return new DeliverySecrets(protector.RevealHeaders(webhook), signing);
    }

    /// <summary>
    /// The header values a replace stores. A value sent as null, or as exactly the mask the API shows for
    /// the stored value of that header, keeps the stored value, so clients can send back what they read —
    /// but only while the URL stays on its origin: a stored secret is never carried to another server.
    /// </summary>
    public static Dictionary<string, string> ResolveHeaders(
        IReadOnlyDictionary<string, string?> requested, IReadOnlyDictionary<string, string> stored, bool sameOrigin, out List<string> errors)
    {
        errors = [];
        var storedByName = new Dictionary<string, string>(stored, StringComparer.OrdinalIgnoreCase);
        var resolved = new Dictionary<string, string>();
        foreach (var (name, value) in requested)
        {
            var has = storedByName.TryGetValue(name, out var current);
            var keeps = has && (value is null || value == Mask(current!));
            if (keeps && !sameOrigin)
                errors.Add($"Header '{name}' keeps its stored value only while the URL stays on the same origin (scheme, host and port); the URL moves to another origin, so give its value again.");
            else if (keeps)
                resolved[name] = current!;
            else if (value is null)
                errors.Add($"Header '{name}' has no stored value to keep; give a value.");
            else
                resolved[name] = value;
        }
        return resolved;
    }

    /// <summary>Whether two absolute URLs share scheme, host and port, the boundary a stored secret may not cross.</summary>
    public static bool SameOrigin(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
        && string.Equals(Origin(x), Origin(y), StringComparison.OrdinalIgnoreCase);

    private static string Origin(Uri uri) => uri.GetComponents(UriComponents.Scheme | UriComponents.Host | UriComponents.StrongPort, UriFormat.UriEscaped);
}

/// <summary>A webhook's secrets in plaintext, for one delivery attempt. Never log or store this.</summary>
/// <param name="Headers">Custom header name to plaintext value.</param>
/// <param name="SigningSecrets">The <c>whsec_…</c> secrets to sign with: current first, then the previous one during its grace period.</param>
public sealed record DeliverySecrets(IReadOnlyDictionary<string, string> Headers, IReadOnlyList<string> SigningSecrets)
{
    // Records print their members; these must never reach a log line.
    public override string ToString() => $"DeliverySecrets {{ {Headers.Count} headers, {SigningSecrets.Count} signing secrets }}";
}
