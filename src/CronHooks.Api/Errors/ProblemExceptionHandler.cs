using CronHooks.Application.Common.Errors;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CronHooks.Api.Errors;

/// <summary>
/// The one place where outcomes become HTTP: known exceptions turn into RFC 9457 problem responses;
/// anything else is a 500 with a trace id and no internals.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException validation => ValidationProblem(validation),
            NotFoundException notFound => Problem(StatusCodes.Status404NotFound, "Not found", notFound.Message),
            ConflictException conflict => Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message),
            DbUpdateConcurrencyException => Problem(StatusCodes.Status409Conflict, "Conflict", "The resource was changed by another request; read it again and retry."),
            DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } =>
                Problem(StatusCodes.Status409Conflict, "Conflict", "A resource with these unique values already exists."),
            AuthenticationFailedException failed => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", failed.Message),
            ForbiddenException forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", forbidden.Message),
            TooManyRequestsException tooMany => Problem(StatusCodes.Status429TooManyRequests, "Too many requests", tooMany.Message),
            BadHttpRequestException badRequest => BadRequest(badRequest),
            _ => null,
        };

        if (problem is null)
            return false; // the framework's handler logs it and answers 500 with a trace id

        if (exception is AuthenticationFailedException)
            logger.LogWarning("Authentication failed on {Route}", RequestLogging.RouteOf(httpContext));

        if (exception is TooManyRequestsException { RetryAfter: var wait })
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };

    private static HttpValidationProblemDetails ValidationProblem(ValidationException validation)
    {
        var errors = validation.Errors
            .GroupBy(e => CamelCase(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields are invalid.",
        };
    }

    /// <summary>Malformed JSON, unknown members, wrong types, bodies over the limit.</summary>
    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", exception.Message);

        if (exception.InnerException is System.Text.Json.JsonException json)
        {
            var field = json.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [JsonMessage(json)] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request body is not valid JSON for this operation.",
            };
        }

        return Problem(exception.StatusCode, "Bad request", exception.Message);
    }

    // System.Text.Json messages name .NET types; keep the part users can act on.
    private static string JsonMessage(System.Text.Json.JsonException json) =>
        json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal)
            ? $"Unknown member '{json.Path?.TrimStart('$', '.')}'."
            : json.Message.Split(" Path:", 2)[0];

    private static string CamelCase(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
