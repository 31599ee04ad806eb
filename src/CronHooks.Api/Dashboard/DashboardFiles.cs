using Microsoft.AspNetCore.StaticFiles;

namespace CronHooks.Api.Dashboard;

/// <summary>
/// The web dashboard: static ES modules and CSS from wwwroot, served at <c>/</c> on the API's own origin
/// (docs/adr/002-dashboard-without-build-step.md). It is a pure client of the REST API, so nothing here
/// knows about webhooks. Navigation is by URL fragment (<c>/#/webhooks/…</c>), so there is no SPA
/// fallback route that could answer for an unknown <c>/api/…</c> path instead of its 404 problem.
/// </summary>
internal static class DashboardFiles
{
    // No inline script or style anywhere in the dashboard, so the policy can forbid both; the pages talk
    // only to this origin, and nothing may frame them (clickjacking of the delete and rotate buttons).
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                // The files change with every deployment and are small: always revalidate (ETag makes that cheap).
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }
}
