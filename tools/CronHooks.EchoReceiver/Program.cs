// The demo's receiving end: /echo answers 200 with what it received, /fail answers 503 so the demo
// shows retries. Every request is printed, so `tail -f .data/logs/echo.log` shows deliveries arrive.
var app = WebApplication.CreateBuilder(args).Build();

app.Map("/echo", async (HttpRequest request, ILogger<Program> logger) =>
{
    using var reader = new StreamReader(request.Body);
    var body = await reader.ReadToEndAsync();
    logger.LogInformation("{Method} /echo webhook-id={Id} body={Body}", request.Method, request.Headers["webhook-id"].ToString(), body);
    return Results.Json(new { received = body, webhookId = request.Headers["webhook-id"].ToString(), at = DateTimeOffset.UtcNow });
});

app.Map("/fail", (HttpRequest request, ILogger<Program> logger) =>
{
    logger.LogInformation("{Method} /fail webhook-id={Id}: answering 503", request.Method, request.Headers["webhook-id"].ToString());
    return Results.Problem("The demo receiver fails on purpose.", statusCode: StatusCodes.Status503ServiceUnavailable);
});

await app.RunAsync();

/// <summary>The echo receiver's entry point.</summary>
public partial class Program;
