using CronHooks.Application.Audit.Common;
using CronHooks.Application.Audit.ListAuditEntries;
using CronHooks.Application.Common.Paging;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CronHooks.Api.Endpoints;

internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization();
        group.MapGet("/", ListAuditEntries).WithName(nameof(ListAuditEntries))
            .WithSummary("The changes to your account, webhooks, calendars and API keys (yours, an admin's or the system's), newest first: who, when, from where, which fields (secret values never).")
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Ok<PagedResponse<AuditEntryResponse>>> ListAuditEntries(
        ISender sender, CancellationToken cancellationToken,
        string? entityType = null, string? entityId = null, int page = 1, int pageSize = PageRules.DefaultPageSize) =>
        TypedResults.Ok(await sender.Send(new ListAuditEntriesQuery(entityType, entityId, page, pageSize), cancellationToken));
}
