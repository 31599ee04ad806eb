using System.Net;
using System.Text;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CronHooks.SchedulerTests.DeliverySecurity;

/// <summary>The pieces as the delivery engine wires them: a named client with the safe handler, and signed requests.</summary>
public sealed class SafeDeliveryClientTests
{
    private WireMockServer receiver = null!;

    [SetUp]
    public void StartReceiver()
    {
        receiver = WireMockServer.Start();
        receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(204));
    }

    [TearDown]
    public void StopReceiver() => receiver.Dispose();

    private static ServiceProvider Services(params string[] allowed)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(allowed.Select((a, i) => KeyValuePair.Create($"Delivery:AllowedNetworks:{i}", (string?)a))).Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development });
        services.AddHttpClient("delivery").UseSafeDeliveryHandler();
        return services.BuildServiceProvider();
    }

    [Test]
    public async Task UseSafeDeliveryHandler_WhenLoopbackAllowed_ReachesTheReceiver()
    {
        await using var services = Services("127.0.0.1/32");
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("delivery");

        using var response = await client.PostAsync($"http://127.0.0.1:{receiver.Port}/hook", new StringContent("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(receiver.LogEntries, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task UseSafeDeliveryHandler_WhenLoopbackNotAllowed_BlocksBeforeConnecting()
    {
        await using var services = Services();
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("delivery");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync($"http://127.0.0.1:{receiver.Port}/hook", new StringContent("{}")));

        Assert.That(BlockedDestinationException.IsCauseOf(error!), Is.True);
        Assert.That(receiver.LogEntries, Is.Empty);
    }

    [Test]
    public async Task UseSafeDeliveryHandler_WhenHttp3Requested_SendsOverAnEarlierVersion()
    {
        await using var services = Services("127.0.0.1/32");
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("delivery");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{receiver.Port}/hook")
        {
            Version = HttpVersion.Version30,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        using var response = await client.SendAsync(request);

        Assert.That(response.Version.Major, Is.LessThan(3));
        Assert.That(receiver.LogEntries, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Apply_DuringRotationGrace_SendsHeadersAndTwoSignaturesTheReceiverVerifies()
    {
        await using var services = Services("127.0.0.1/32");
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("delivery");
        var (current, previous) = (SigningSecret.Generate(), SigningSecret.Generate());
        var secrets = new DeliverySecrets(
            new Dictionary<string, string> { ["Authorization"] = "Bearer abc", ["Content-Type"] = "application/vnd.test+json" }, [current, previous]);
        var body = Encoding.UTF8.GetBytes("""{"hello": "world"}""");
        var now = DateTimeOffset.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{receiver.Port}/hook") { Content = new ByteArrayContent(body) };

        DeliveryRequestSecurity.Apply(request, secrets, "msg_123", now, body);
        using var response = await client.SendAsync(request);

        var seen = receiver.LogEntries.Single().RequestMessage!;
        string Header(string name) => seen.Headers![name].Single();
        Assert.That(Header("Authorization"), Is.EqualTo("Bearer abc"));
        Assert.That(Header("Content-Type"), Is.EqualTo("application/vnd.test+json"));
        Assert.That(Header("webhook-id"), Is.EqualTo("msg_123"));
        Assert.That(Header("webhook-signature").Split(' '), Has.Length.EqualTo(2));
        var received = seen.BodyAsBytes!;
        Assert.That(WebhookSignature.Verify(current, Header("webhook-id"), Header("webhook-timestamp"), Header("webhook-signature"), received, now), Is.True);
        Assert.That(WebhookSignature.Verify(previous, Header("webhook-id"), Header("webhook-timestamp"), Header("webhook-signature"), received, now), Is.True);
        Assert.That(WebhookSignature.Verify(SigningSecret.Generate(), Header("webhook-id"), Header("webhook-timestamp"), Header("webhook-signature"), received, now), Is.False);
    }
}
