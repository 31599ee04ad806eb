using System.Net;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests;

public sealed class HealthTests : ApiTest
{
    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Health_WhenDatabaseReachable_ReturnsHealthyWithoutAuthentication(string path)
    {
        var response = await Api.CreateClient().GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }
}
