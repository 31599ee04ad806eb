using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CronHooks.Api.OpenApi;

/// <summary>What the document says about the API as a whole: title, licence, server, tags, the bearer scheme.</summary>
internal sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "Bearer";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Auth"] = "Accounts and bearer tokens.",
        ["Webhooks"] = "HTTP calls made once at an instant or on a cron schedule in a time zone.",
        ["Executions"] = "Attempts to call a webhook, with their outcome.",
        ["Schedules"] = "Cron expressions, checked and previewed before use.",
        ["API keys"] = "Long-lived credentials for machine clients, sent as Authorization: Bearer chk_….",
        ["Stats"] = "How webhooks have been doing over a window: counts, success rate, timings, errors.",
        ["Audit"] = "Who changed your account, webhooks and API keys, when, from where, and which fields.",
        ["Admin"] = "Operating the installation (admins only; 404 for everyone else): users, everyone's webhooks and attempts, the cluster, the audit log.",
        ["Calendars"] = "Days off (explicit dates and/or a country's public holidays, in a time zone) that webhooks skip or move to the next business day.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "CronHooks API";
        document.Info.Description =
            "Calls HTTP endpoints on a schedule (once at an instant, or cron in a time zone) and keeps every attempt. " +
            "Errors are RFC 9457 problem details (application/problem+json); field errors are in `errors`.";
        document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };
        // Relative: the document is served by the API it describes, wherever that runs.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The server this document is served from." }];

        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
                tag.Description = description;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An access token from IssueToken (a JWT) or an API key (chk_…), as `Authorization: Bearer <value>`.",
        };
        return Task.CompletedTask;
    }
}
