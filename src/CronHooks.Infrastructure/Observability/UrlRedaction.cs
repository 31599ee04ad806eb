using System.Diagnostics;
using OpenTelemetry;

namespace CronHooks.Infrastructure.Observability;

/// <summary>
/// Keeps URL paths and queries out of every exported span: an outgoing request's <c>url.full</c> becomes its
/// origin (a delivery or alert URL can be the credential itself), and an incoming request keeps its route
/// template, never the path it was called with or its query.
/// </summary>
public sealed class UrlRedaction : BaseProcessor<Activity>
{
    public const string FullUrl = "url.full";
    public const string Path = "url.path";
    public const string Query = "url.query";
    public const string Route = "http.route";

    public override void OnEnd(Activity data)
    {
        if (data.GetTagItem(FullUrl) is string full)
            data.SetTag(FullUrl, Uri.TryCreate(full, UriKind.Absolute, out var uri) ? uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + "/" : null);
        if (data.GetTagItem(Path) is not null)
            data.SetTag(Path, data.GetTagItem(Route) as string);
        data.SetTag(Query, null);
    }
}
