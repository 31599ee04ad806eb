using CronHooks.Domain.Users;
using Microsoft.AspNetCore.Mvc;

namespace CronHooks.Api.Auth;

/// <summary>A read-scoped API key may only read: any request that could change state is answered 403 before it runs.</summary>
internal sealed class ReadOnlyApiKeys(RequestDelegate next)
{
    private static readonly string ReadScope = nameof(ApiKeyScope.Read).ToLowerInvariant();

    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (context.User.FindFirst(ApiKeyClaims.Scope)?.Value == ReadScope
            && !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Forbidden",
                    Detail = "This API key has the read scope and cannot change anything; use a key with the write scope or sign in.",
                },
            });
            return;
        }
        await next(context);
    }
}
