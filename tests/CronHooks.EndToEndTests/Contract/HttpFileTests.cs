using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace CronHooks.EndToEndTests.Contract;

/// <summary>src/CronHooks.Api/CronHooks.Api.http has a request for every operation, and they all work.</summary>
public sealed class HttpFileTests
{
    private static readonly string HttpFilePath = RepositoryRoot.PathOf("src/CronHooks.Api/CronHooks.Api.http");

    [Test]
    public async Task HttpFile_HasARequestForEveryOperationInTheContract()
    {
        var file = new HttpFile(await File.ReadAllTextAsync(HttpFilePath));
        var document = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryRoot.PathOf("openapi/cronhooks.v1.json")))!;

        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => op.Key != "parameters")
                .Select(op => $"{op.Key.ToUpperInvariant()} {System.Text.RegularExpressions.Regex.Replace(path.Key, @"\{[^}]+\}", "{}")}"));
        var requests = file.Operations().Select(r => $"{r.Method} {r.Path}").ToHashSet();

        Assert.That(operations.Where(o => !requests.Contains(o)), Is.Empty,
            "operations with no request in src/CronHooks.Api/CronHooks.Api.http; add one for each");
    }

    [Test]
    public async Task HttpFile_RequestsSucceedTopToBottom()
    {
        var file = new HttpFile(await File.ReadAllTextAsync(HttpFilePath));
        using var http = TestHost.Api.CreateClient();
        var overrides = new Dictionary<string, string>
        {
            ["baseUrl"] = http.BaseAddress!.ToString().TrimEnd('/'),
            ["username"] = "http" + Guid.NewGuid().ToString("N")[..12],
        };

        var granted = false;
        await file.RunAsync(async request =>
        {
            // The file's admin requests follow `admin grant {{username}}`, which is a command, not a request.
            if (!granted && request.Target.Contains("/api/v1/admin/", StringComparison.Ordinal))
            {
                granted = true;
                await using var scope = TestHost.Api.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new Application.Admin.GrantAdmin.GrantAdminCommand(overrides["username"]));
            }
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Target);
            string? contentType = null;
            foreach (var (name, value) in request.Headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                    contentType = value;
                else
                    message.Headers.TryAddWithoutValidation(name, value);
            }
            if (request.Body.Length > 0)
                message.Content = new StringContent(request.Body, MediaTypeHeaderValue.Parse(contentType ?? "application/json"));
            return await http.SendAsync(message);
        }, overrides);
    }
}
