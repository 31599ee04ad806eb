using CronHooks.Api.Auth;
using CronHooks.Api.OpenApi;
using CronHooks.Application.Admin.Common;
using CronHooks.Application.Admin.GetClusterStatus;
using CronHooks.Application.Admin.ListAllAuditEntries;
using CronHooks.Application.Admin.ListAllExecutions;
using CronHooks.Application.Admin.ListAllWebhooks;
using CronHooks.Application.Admin.ListUsers;
using CronHooks.Application.Admin.PauseWebhook;
using CronHooks.Application.Admin.SetUserDisabled;
using CronHooks.Application.Admin.SetUserQuotas;
using CronHooks.Application.Admin.SetUserRole;
using CronHooks.Application.Admin.UnlockUser;
using CronHooks.Application.Admin.UnpauseWebhook;
using CronHooks.Application.Audit.Common;
using CronHooks.Application.Common.Paging;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Audit;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Users;
using CronHooks.Domain.Webhooks;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CronHooks.Api.Endpoints;

/// <summary>Operating the installation: users, everyone's webhooks and attempts, the cluster, the audit log. Admins only (others get 404, see <see cref="AdminOnly"/>).</summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(AdminOnly.PathPrefix).WithTags("Admin").WithMetadata(new AdminOperation());
        group.MapGet("/users", ListUsers).WithName(nameof(ListUsers))
            .WithSummary("Users, newest first, with role, state, last login, failed logins, webhook and attempt counts and quota overrides; search matches username or email.")
            .ProducesValidationProblem();
        group.MapPost("/users/{id:guid}/disable", DisableUser).WithName(nameof(DisableUser))
            .WithSummary("Disable a user: their tokens and API keys stop working at once and their webhooks' attempts are recorded skipped (owner_disabled). 409 for the last enabled admin.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/users/{id:guid}/enable", EnableUser).WithName(nameof(EnableUser))
            .WithSummary("Enable a disabled user again.");
        group.MapPost("/users/{id:guid}/unlock", UnlockUser).WithName(nameof(UnlockUser))
            .WithSummary("Clear a user's failed logins, ending a lockout.");
        group.MapPut("/users/{id:guid}/role", SetUserRole).WithName(nameof(SetUserRole))
            .WithSummary("Make a user admin or user. 409 for taking the role of the last enabled admin.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/users/{id:guid}/quotas", SetUserQuotas).WithName(nameof(SetUserQuotas))
            .WithSummary("Override a user's attempts per minute and per host per minute; null returns a quota to the installation's setting.");
        group.MapGet("/webhooks", ListAllWebhooks).WithName(nameof(ListAllWebhooks))
            .WithSummary("Every user's webhooks, newest first; name, host and owner match substrings, state matches exactly.")
            .WithQueryEnum<WebhookState>("state")
            .ProducesValidationProblem();
        group.MapPost("/webhooks/{id:guid}/pause", PauseWebhook).WithName(nameof(PauseWebhook))
            .WithSummary("Pause any webhook with a note its owner sees (pauseNote, pausedBy admin); the owner cannot resume it.");
        group.MapPost("/webhooks/{id:guid}/unpause", UnpauseWebhook).WithName(nameof(UnpauseWebhook))
            .WithSummary("Lift an admin's pause: the note goes and the webhook is active again. 409 if an admin did not pause it.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/executions", ListAllUsersExecutions).WithName(nameof(ListAllUsersExecutions))
            .WithSummary("Every user's attempts, newest first, by status, webhookId, errorKind and creation time (from inclusive, to exclusive); outcomes only, no bodies.")
            .WithQueryEnum<ExecutionStatus>("status")
            .ProducesValidationProblem();
        group.MapGet("/cluster", GetClusterStatus).WithName(nameof(GetClusterStatus))
            .WithSummary("Scheduler nodes and their last check-in, queue depth and oldest due age, outbox lag, misfired triggers and history partitions: the /metrics numbers.");
        group.MapGet("/audit", ListAllAuditEntries).WithName(nameof(ListAllAuditEntries))
            .WithSummary("The whole audit log, newest first, by entity, owner, actor or actor kind.")
            .WithQueryEnum<AuditActorKind>("actorKind")
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Ok<PagedResponse<AdminUserResponse>>> ListUsers(
        ISender sender, CancellationToken cancellationToken, string? search = null, int page = 1, int pageSize = PageRules.DefaultPageSize) =>
        TypedResults.Ok(await sender.Send(new ListUsersQuery(search, page, pageSize), cancellationToken));

    public static async Task<Ok<AdminUserResponse>> DisableUser(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new DisableUserCommand(id), cancellationToken));

    public static async Task<Ok<AdminUserResponse>> EnableUser(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new EnableUserCommand(id), cancellationToken));

    public static async Task<Ok<AdminUserResponse>> UnlockUser(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new UnlockUserCommand(id), cancellationToken));

    public static async Task<Ok<AdminUserResponse>> SetUserRole(Guid id, SetUserRoleRequest request, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new SetUserRoleCommand(id, request.Role), cancellationToken));

    public static async Task<Ok<AdminUserResponse>> SetUserQuotas(Guid id, SetUserQuotasRequest request, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new SetUserQuotasCommand(id, request.AttemptsPerMinute, request.AttemptsPerHostPerMinute), cancellationToken));

    public static async Task<Ok<PagedResponse<AdminWebhookResponse>>> ListAllWebhooks(
        ISender sender, CancellationToken cancellationToken, string? name = null, string? host = null, string? owner = null, string? state = null,
        int page = 1, int pageSize = PageRules.DefaultPageSize) =>
        TypedResults.Ok(await sender.Send(
            new ListAllWebhooksQuery(name, host, owner, QueryEnum.Parse<WebhookState>(state, nameof(state)), page, pageSize), cancellationToken));

    public static async Task<Ok<AdminWebhookResponse>> PauseWebhook(Guid id, PauseWebhookRequest request, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new PauseWebhookCommand(id, request.Note), cancellationToken));

    public static async Task<Ok<AdminWebhookResponse>> UnpauseWebhook(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new UnpauseWebhookCommand(id), cancellationToken));

    public static async Task<Ok<PagedResponse<AdminExecutionResponse>>> ListAllUsersExecutions(
        ISender sender, CancellationToken cancellationToken, string? status = null, Guid? webhookId = null, string? errorKind = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 1, int pageSize = PageRules.DefaultPageSize) =>
        TypedResults.Ok(await sender.Send(
            new ListAllExecutionsQuery(QueryEnum.Parse<ExecutionStatus>(status, nameof(status)), webhookId, errorKind, from, to, page, pageSize), cancellationToken));

    public static async Task<Ok<ClusterStatus>> GetClusterStatus(ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetClusterStatusQuery(), cancellationToken));

    public static async Task<Ok<PagedResponse<AuditEntryResponse>>> ListAllAuditEntries(
        ISender sender, CancellationToken cancellationToken, string? entityType = null, string? entityId = null, Guid? ownerId = null,
        Guid? actorId = null, string? actorKind = null, int page = 1, int pageSize = PageRules.DefaultPageSize) =>
        TypedResults.Ok(await sender.Send(new ListAllAuditEntriesQuery(entityType, entityId, ownerId, actorId,
            QueryEnum.Parse<AuditActorKind>(actorKind, nameof(actorKind)), page, pageSize), cancellationToken));
}

/// <param name="Role"><c>user</c> or <c>admin</c>.</param>
internal sealed record SetUserRoleRequest(UserRole? Role);

/// <param name="AttemptsPerMinute">Overrides Quotas:AttemptsPerOwnerPerMinute for this user; null: the setting.</param>
/// <param name="AttemptsPerHostPerMinute">Overrides Quotas:AttemptsPerHostPerMinute for this user; null: the setting.</param>
internal sealed record SetUserQuotasRequest(int? AttemptsPerMinute = null, int? AttemptsPerHostPerMinute = null);

/// <param name="Note">Why, in words the owner will read on the webhook (up to 500 characters).</param>
internal sealed record PauseWebhookRequest(string? Note);
