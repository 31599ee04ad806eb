using CronHooks.SchedulerTests.Harness;
using System.Net;
using System.Net.Sockets;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using CronHooks.Infrastructure.Delivery.Security;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>
/// The security work as the engine uses it: signed requests a receiver verifies with the documented
/// verifier, decrypted custom headers, and the connect-time SSRF check. Host names are answered by a
/// scripted resolver: no test queries the machine's DNS.
/// </summary>
internal sealed class SecureDeliveryTests : DeliveryTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    private async Task<Execution> DeliverAsync(Webhook webhook, IDestinationResolver? resolver = null)
    {
        var id = await Data.EnqueueAsync(webhook);
        await StartNodeAsync(resolver: resolver);
        return await Eventually.ReturnsAsync(() => Data.ExecutionAsync(id),
            e => e.Status is not (ExecutionStatus.Pending or ExecutionStatus.Running), Deadline, "the attempt to finish");
    }

    private void Accepting(string path = "/hook") =>
        Receiver.Given(Request.Create().WithPath(path)).RespondWith(Response.Create().WithStatusCode(204));

    private (string Id, string Timestamp, string Signature, byte[] Body) Received()
    {
        var request = Receiver.LogEntries.Single().RequestMessage!;
        string Header(string name) => request.Headers![name].Single();
        return (Header("webhook-id"), Header("webhook-timestamp"), Header("webhook-signature"), request.BodyAsBytes ?? []);
    }

    private static bool Verifies(string secret, (string Id, string Timestamp, string Signature, byte[] Body) seen) =>
        WebhookSignature.Verify(secret, seen.Id, seen.Timestamp, seen.Signature, seen.Body, DateTimeOffset.UtcNow);

    [Test]
    public async Task Deliver_WhenWebhookHasSecretAndHeaders_ReceiverVerifiesTheSignatureAndGetsPlaintextHeaders()
    {
        Accepting();
        var secret = SigningSecret.Generate();
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.Payload = """{"job": "nightly", "n": 1}""";
            w.SigningSecret = secret;
            w.Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer s3cr3t-token", ["X-Tenant"] = "acme" };
        });

        var execution = await DeliverAsync(webhook);

        var seen = Received();
        var headers = Receiver.LogEntries.Single().RequestMessage!.Headers!;
        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Success), $"{execution.ErrorKind}: {execution.ErrorMessage}");
            Assert.That(seen.Signature.Split(' '), Has.Length.EqualTo(1));
            Assert.That(Verifies(secret, seen), Is.True);
            Assert.That(Verifies(SigningSecret.Generate(), seen), Is.False);
            Assert.That(headers["Authorization"].Single(), Is.EqualTo("Bearer s3cr3t-token"));
            Assert.That(headers["X-Tenant"].Single(), Is.EqualTo("acme"));
        });
    }

    [Test]
    public async Task Deliver_WhenThereIsNoPayload_SignsTheEmptyBody()
    {
        Accepting();
        var secret = SigningSecret.Generate();
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.HttpMethod = WebhookHttpMethod.Get;
            w.SigningSecret = secret;
        });

        await DeliverAsync(webhook);

        var seen = Received();
        Assert.That(seen.Body, Is.Empty);
        Assert.That(Verifies(secret, seen), Is.True);
    }

    [Test]
    public async Task Deliver_DuringRotationGracePeriod_SendsTwoSignaturesEachVerifying()
    {
        Accepting();
        var (current, previous) = (SigningSecret.Generate(), SigningSecret.Generate());
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.Payload = "{}";
            w.SigningSecret = current;
            w.PreviousSigningSecret = previous;
            w.PreviousSigningSecretExpiresAt = DateTimeOffset.UtcNow.AddHours(23);
        });

        await DeliverAsync(webhook);

        var seen = Received();
        Assert.Multiple(() =>
        {
            Assert.That(seen.Signature.Split(' '), Has.Length.EqualTo(2));
            Assert.That(Verifies(current, seen), Is.True);
            Assert.That(Verifies(previous, seen), Is.True);
        });
    }

    [Test]
    public async Task Deliver_AfterRotationGracePeriod_SignsWithTheCurrentSecretOnly()
    {
        Accepting();
        var (current, previous) = (SigningSecret.Generate(), SigningSecret.Generate());
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.Payload = "{}";
            w.SigningSecret = current;
            w.PreviousSigningSecret = previous;
            w.PreviousSigningSecretExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        });

        await DeliverAsync(webhook);

        var seen = Received();
        Assert.Multiple(() =>
        {
            Assert.That(seen.Signature.Split(' '), Has.Length.EqualTo(1));
            Assert.That(Verifies(current, seen), Is.True);
            Assert.That(Verifies(previous, seen), Is.False);
        });
    }

    [Test]
    public async Task Deliver_WhenHostResolvesToAnAllowedAddress_ConnectsThroughTheResolver()
    {
        Accepting();
        var webhook = await Data.CreateWebhookAsync(Owner, $"http://hooks.test:{Receiver.Port}/hook");

        var execution = await DeliverAsync(webhook, new FixedResolver(IPAddress.Loopback));

        Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Success), $"{execution.ErrorKind}: {execution.ErrorMessage}");
        Assert.That(Receiver.LogEntries.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task Deliver_WhenHostResolvesToAPrivateAddress_RecordsBlockedDestinationAndSendsNothing()
    {
        Accepting();
        // The receiver listens on loopback (allowed); the name answers with a private address as well, as a rebinding name would.
        var webhook = await Data.CreateWebhookAsync(Owner, $"http://inside.test:{Receiver.Port}/hook");

        var execution = await DeliverAsync(webhook, new FixedResolver(IPAddress.Loopback, IPAddress.Parse("10.1.2.3")));

        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Failed));
            Assert.That(execution.ErrorKind, Is.EqualTo(DeliveryErrorKinds.BlockedDestination));
            Assert.That(execution.ErrorKind, Is.EqualTo("blocked_destination"));
            // The host is enough for the owner; the address it resolved to would map the operator's network.
            Assert.That(execution.ErrorMessage, Does.Contain("inside.test").And.Not.Contain("10.1.2.3"));
            Assert.That(execution.ResponseCode, Is.Null);
            Assert.That(Receiver.LogEntries, Is.Empty);
        });
    }

    [Test]
    public async Task Deliver_WhenHostDoesNotResolve_RecordsDnsFailure()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, $"http://nowhere.test:{Receiver.Port}/hook");

        var execution = await DeliverAsync(webhook, new FixedResolver());

        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Failed));
            Assert.That(execution.ErrorKind, Is.EqualTo(DeliveryErrorKinds.DnsFailure));
            Assert.That(Receiver.LogEntries, Is.Empty);
        });
    }

    [Test]
    public async Task Deliver_WhenAStoredSecretDoesNotDecrypt_RecordsSecretUnreadableAndSendsNothing()
    {
        Accepting();
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"));
        var other = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"));
        // A ciphertext copied from another webhook's row is bound to that webhook and must not decrypt here.
        await Data.ExecuteAsync("UPDATE webhooks SET signing_secret = (SELECT signing_secret FROM webhooks WHERE id = @p1) WHERE id = @p0",
            webhook.Id, other.Id);

        var execution = await DeliverAsync(webhook);

        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Failed));
            Assert.That(execution.ErrorKind, Is.EqualTo(DeliveryErrorKinds.SecretUnreadable));
            Assert.That(execution.ErrorMessage, Does.Not.Contain(other.SigningSecret));
            Assert.That(Receiver.LogEntries, Is.Empty);
        });
    }

    /// <summary>Answers every lookup with the same addresses; with none, fails the way the system resolver does for an unknown name.</summary>
    private sealed class FixedResolver(params IPAddress[] addresses) : IDestinationResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            addresses.Length == 0 ? Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)) : Task.FromResult(addresses);
    }
}
