using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CronHooks.Api.OpenApi;

/// <summary>
/// A Content-Security-Policy for the Swagger UI at /docs, where people paste bearer tokens. Its page has one
/// inline script (NSwag writes the settings into it), allowed by its SHA-256 hash rather than 'unsafe-inline',
/// so injected script does not run; connect-src 'self' keeps the UI from loading a document from, or sending a
/// token to, another origin (Swagger UI's ?url= parameter), and nothing may frame it.
/// </summary>
internal sealed partial class SwaggerUiSecurityHeaders(RequestDelegate next)
{
    public const string PathPrefix = "/docs";

    // Swagger UI sets style attributes and injects style elements; styles cannot run code.
    private static string Policy(string scriptHashes) =>
        $"default-src 'none'; script-src 'self'{scriptHashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(PathPrefix))
        {
            await next(context);
            return;
        }
        if (!IsPage(context.Request.Path))
        {
            context.Response.OnStarting(() => { SetHeaders(context.Response, ""); return Task.CompletedTask; });
            await next(context);
            return;
        }

        // The page is small: buffered, so the header can carry the hash of exactly the script it holds.
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }
        var html = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        SetHeaders(context.Response, string.Concat(InlineScripts().Matches(html).Select(m => $" 'sha256-{Hash(m.Groups[1].Value)}'")));
        buffer.Position = 0;
        await buffer.CopyToAsync(body, context.RequestAborted);
    }

    private static bool IsPage(PathString path) =>
        path.Value is { } p && (p.TrimEnd('/').Equals(PathPrefix, StringComparison.OrdinalIgnoreCase) || p.EndsWith(".html", StringComparison.OrdinalIgnoreCase));

    private static void SetHeaders(HttpResponse response, string scriptHashes)
    {
        response.Headers.ContentSecurityPolicy = Policy(scriptHashes);
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    // Browsers hash the script as parsed, and HTML parsing turns CRLF and CR into LF (NSwag's template has CRLF).
    private static string Hash(string script) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))));

    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScripts();
}
