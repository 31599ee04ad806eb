using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CronHooks.IntegrationTests.Host;

/// <summary>Base for API tests: one host for the run, a clean database and a reset clock per test.</summary>
public abstract class ApiTest
{
    protected static ApiFactory Api => TestHost.Api;

    [SetUp]
    public async Task ResetStateAsync()
    {
        await TestDatabase.ResetAsync();
        Api.ResetClock();
    }

    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Asserts an RFC 9457 problem response with the status and, for 400s, the named fields.</summary>
    protected static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, params string[] fields)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await ReadJsonAsync(response);
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
        Assert.That(problem.TryGetProperty("title", out _), Is.True);
        foreach (var field in fields)
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, $"expected an error for '{field}' in {problem}");
        return problem;
    }
}
