using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CronHooks.Api.Auth;

/// <summary>
/// The gate of /api/v1/admin, before anything there binds or runs: an admin's password token or admin-scoped API key
/// passes; everyone else, signed in or not, gets the same 404 as an unknown path, so the surface stays invisible.
/// The role is read per request, so a demoted or disabled admin loses access at once.
/// </summary>
internal sealed class AdminOnly(RequestDelegate next)
{
    public const string PathPrefix = "/api/v1/admin";
    private static readonly string AdminScope = nameof(ApiKeyScope.Admin).ToLowerInvariant();

    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (!context.Request.Path.StartsWithSegments(PathPrefix) || await IsAdminAsync(context))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not Found" },
        });
    }

    private static async Task<bool> IsAdminAsync(HttpContext context)
    {
        var scope = context.User.FindFirst(ApiKeyClaims.Scope)?.Value;
        if (context.User.Identity?.IsAuthenticated != true || (scope is not null && scope != AdminScope)
            || !Guid.TryParse(context.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var userId))
            return false;
        return await context.RequestServices.GetRequiredService<IApplicationDbContext>().Users
            .AnyAsync(u => u.Id == userId && u.Role == UserRole.Admin && u.DisabledAt == null, context.RequestAborted);
    }
}

/// <summary>Marks the admin operations, so the OpenAPI document describes their 404 gate and bearer security.</summary>
internal sealed class AdminOperation;
