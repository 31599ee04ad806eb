namespace CronHooks.Api;

/// <summary>
/// Rejects a declared body over the limit with 413 before anything reads it. Kestrel enforces the
/// same limit (Kestrel:Limits:MaxRequestBodySize) on chunked bodies whose length is not declared.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IConfiguration configuration)
{
    public const long DefaultMaxBytes = 64 * 1024;

    private readonly long maxBytes = configuration.GetValue("Kestrel:Limits:MaxRequestBodySize", DefaultMaxBytes);

    public Task InvokeAsync(HttpContext context) =>
        context.Request.ContentLength > maxBytes
            ? throw new BadHttpRequestException($"The request body is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge)
            : next(context);
}
