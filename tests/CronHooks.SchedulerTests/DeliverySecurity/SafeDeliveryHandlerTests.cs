using System.Net;
using CronHooks.Infrastructure.Delivery.Security;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CronHooks.SchedulerTests.DeliverySecurity;

/// <summary>The connect-time boundary against a real loopback receiver; loopback stands in for "public" by being allowed.</summary>
public sealed class SafeDeliveryHandlerTests
{
    private WireMockServer receiver = null!;

    [SetUp]
    public void StartReceiver()
    {
        receiver = WireMockServer.Start();
        receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        receiver.Given(Request.Create().WithPath("/redirect"))
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "http://169.254.169.254/latest/meta-data/"));
    }

    [TearDown]
    public void StopReceiver() => receiver.Dispose();

    private static HttpClient Client(IDestinationResolver resolver, params string[] allowed)
    {
        var policy = new DestinationPolicy(allowed.Select(a => IPNetwork.Parse(a)));
        return new HttpClient(SafeDeliveryHandler.Create(policy, resolver, new DeliveryNetworkOptions()));
    }

    private string Url(string host, string path = "/hook") => $"http://{host}:{receiver.Port}{path}";

    [Test]
    public async Task Send_WhenNameResolvesToAllowedAddress_ConnectsToTheCheckedAddress()
    {
        // "hooks.test" exists in no DNS: reaching the receiver proves the connection used the address we checked.
        var resolver = new ScriptedResolver([IPAddress.Loopback]);
        using var client = Client(resolver, "127.0.0.1/32");

        using var response = await client.GetAsync(Url("hooks.test"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(receiver.LogEntries.Count, Is.EqualTo(1));
        Assert.That(resolver.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task Send_WhenLoopbackNotAllowed_ThrowsBlockedDestinationAndSendsNothing()
    {
        using var client = Client(new ScriptedResolver([IPAddress.Loopback]));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(Url("hooks.test")));

        Assert.That(BlockedDestinationException.IsCauseOf(error), Is.True);
        Assert.That(BlockedDestinationException.Find(error)!.Address, Is.EqualTo(IPAddress.Loopback));
        Assert.That(receiver.LogEntries, Is.Empty);
    }

    [Test]
    public async Task Send_WhenNameRebindsFromAllowedToPrivate_BlocksTheNextConnection()
    {
        var resolver = new ScriptedResolver([IPAddress.Loopback], [IPAddress.Parse("10.0.0.7")]);
        using var client = Client(resolver, "127.0.0.1/32");
        using var first = new HttpRequestMessage(HttpMethod.Get, Url("rebind.test"));
        first.Headers.ConnectionClose = true; // the next request needs a new connection, so a new lookup

        using var firstResponse = await client.SendAsync(first);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(Url("rebind.test")));

        Assert.That(firstResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(BlockedDestinationException.Find(error)!.Address, Is.EqualTo(IPAddress.Parse("10.0.0.7")));
        Assert.That(resolver.Calls, Is.EqualTo(2));
        Assert.That(receiver.LogEntries.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task Send_WhenAnswerMixesAllowedAndPrivate_ThrowsBlockedDestination()
    {
        var resolver = new ScriptedResolver([IPAddress.Loopback, IPAddress.Parse("169.254.169.254")]);
        using var client = Client(resolver, "127.0.0.1/32");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(Url("mixed.test")));

        Assert.That(BlockedDestinationException.Find(error)!.Address, Is.EqualTo(IPAddress.Parse("169.254.169.254")));
        Assert.That(receiver.LogEntries, Is.Empty);
    }

    [Test]
    public async Task Send_WhenAnswerIsIPv4MappedPrivate_ThrowsBlockedDestination()
    {
        using var client = Client(new ScriptedResolver([IPAddress.Parse("::ffff:192.168.1.1")]), "127.0.0.1/32");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(Url("mapped.test")));

        Assert.That(BlockedDestinationException.Find(error)!.Address, Is.EqualTo(IPAddress.Parse("192.168.1.1")));
    }

    [TestCase("2130706433")]
    [TestCase("127.1")]
    [TestCase("[::ffff:127.0.0.1]")]
    public async Task Send_WhenHostIsEncodedLoopbackLiteral_BlocksWithoutLookingItUp(string host)
    {
        var resolver = new ScriptedResolver([IPAddress.Parse("8.8.8.8")]);
        using var client = Client(resolver);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(Url(host)));

        Assert.That(BlockedDestinationException.IsCauseOf(error), Is.True);
        Assert.That(receiver.LogEntries, Is.Empty);
    }

    [Test]
    public async Task Send_WhenReceiverRedirectsToMetadataService_ReturnsTheRedirectWithoutFollowing()
    {
        var resolver = new ScriptedResolver([IPAddress.Loopback]);
        using var client = Client(resolver, "127.0.0.1/32");

        using var response = await client.GetAsync(Url("hooks.test", "/redirect"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location, Is.EqualTo(new Uri("http://169.254.169.254/latest/meta-data/")));
        Assert.That(resolver.Calls, Is.EqualTo(1));
        Assert.That(receiver.LogEntries.Count, Is.EqualTo(1));
    }

    [Test]
    public void Create_ConfiguresAHandlerWithoutProxyCookiesOrRedirects()
    {
        using var handler = SafeDeliveryHandler.Create(new DestinationPolicy([]), new ScriptedResolver(), new DeliveryNetworkOptions());

        Assert.That(handler.UseProxy, Is.False);
        Assert.That(handler.AllowAutoRedirect, Is.False);
        Assert.That(handler.UseCookies, Is.False);
        Assert.That(handler.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(handler.MaxResponseHeadersLength, Is.EqualTo(64));
        Assert.That(handler.ConnectCallback, Is.Not.Null);
    }

    /// <summary>Answers each lookup with the next scripted answer (the last one repeats), like a DNS server that rebinds.</summary>
    private sealed class ScriptedResolver(params IPAddress[][] answers) : IDestinationResolver
    {
        public int Calls { get; private set; }

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            Task.FromResult(answers[Math.Min(Calls++, answers.Length - 1)]);
    }
}
