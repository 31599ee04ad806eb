using CronHooks.Application.Webhooks.Common;

namespace CronHooks.Api.OpenApi;

/// <summary>
/// An RFC 7396 JSON merge patch of a webhook: members present replace the current values, a member
/// set to null goes back to its default, members left out keep their values. The result must be a
/// valid webhook, as for UpdateWebhook.
/// </summary>
/// <remarks>
/// Only describes the body of PatchWebhook in the document: the endpoint reads the patch as raw JSON,
/// because null and absent mean different things in a merge patch.
/// </remarks>
internal sealed record WebhookMergePatch : WebhookDefinition;
