using System.Text.Json;
using CronHooks.Application.Common;
using CronHooks.Application.Executions.Common;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.SchedulerTests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>
/// Each attempt keeps the request it sent, for the history: compared with what the receiver really got,
/// and checked for secrets in the stored row and in the API's rendering of it.
/// </summary>
internal sealed class SentRequestTests : DeliveryTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);
    private const string Token = "Bearer s3cr3t-token-value";
    private const string Tenant = "tenant-acme-7";

    private async Task<Execution> DeliverAsync(Webhook webhook)
    {
        var id = await Data.EnqueueAsync(webhook);
        await StartNodeAsync();
        return await Eventually.ReturnsAsync(() => Data.ExecutionAsync(id),
            e => e.Status is not (ExecutionStatus.Pending or ExecutionStatus.Running), Deadline, "the attempt to finish");
    }

    [Test]
    public async Task Deliver_WhenWebhookHasHeadersAndSecret_StoresTheRequestAsReceivedWithValuesMasked()
    {
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(200));
        var secret = SigningSecret.Generate();
        const string payload = """{"job": "nightly", "n": 1}""";
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook?region=eu&token=q-s3cr3t-in-query"), w =>
        {
            w.Payload = payload;
            w.SigningSecret = secret;
            w.Headers = new Dictionary<string, string> { ["Authorization"] = Token, ["X-Tenant"] = Tenant };
        });

        var execution = await DeliverAsync(webhook);

        var received = Receiver.LogEntries.Single().RequestMessage!;
        string ReceivedHeader(string name) => received.Headers![name].Single();
        var sent = execution.SentRequest;
        Assert.That(sent, Is.Not.Null, $"{execution.Status} {execution.ErrorKind}: {execution.ErrorMessage}");
        var headers = new Dictionary<string, string>(sent!.Headers, StringComparer.OrdinalIgnoreCase);
        var row = await Data.ScalarAsync<string>("SELECT row_to_json(e)::text FROM executions e WHERE id = @p0", execution.Id);
        var api = JsonSerializer.Serialize(ExecutionResponse.From(execution), CronHooksJson.Options);
        Assert.Multiple(() =>
        {
            Assert.That(sent.Method, Is.EqualTo(received.Method));
            Assert.That(sent.Url, Is.EqualTo(ReceiverUrl("/hook?region=****&token=****")), "query-string values are masked");
            Assert.That(received.RawQuery, Does.Contain("token=q-s3cr3t-in-query"), "the receiver got them");
            Assert.That(sent.Body, Is.EqualTo(received.Body));
            Assert.That(headers["Authorization"], Is.EqualTo(WebhookSecrets.Mask(Token)));
            Assert.That(headers["X-Tenant"], Is.EqualTo(WebhookSecrets.Mask(Tenant)));
            Assert.That(headers["webhook-signature"], Is.EqualTo(WebhookSecrets.Mask(ReceivedHeader("webhook-signature"))));
            Assert.That(headers["webhook-id"], Is.EqualTo(ReceivedHeader("webhook-id")));
            Assert.That(headers["webhook-timestamp"], Is.EqualTo(ReceivedHeader("webhook-timestamp")));
            Assert.That(headers["User-Agent"], Is.EqualTo(ReceivedHeader("User-Agent")));
            Assert.That(headers["Content-Type"], Is.EqualTo("application/json"));
            Assert.That(row, Does.Contain(WebhookSecrets.Mask(Token)), "the masked header is in the row");
            Assert.That(api, Does.Contain("\"request\":{\"method\":\"POST\""));
            foreach (var clear in new[] { "s3cr3t-token", "q-s3cr3t-in-query", Tenant, secret, secret["whsec_".Length..], ReceivedHeader("webhook-signature") })
            {
                Assert.That(row, Does.Not.Contain(clear), "stored row");
                Assert.That(api, Does.Not.Contain(clear), "API response");
            }
        });
    }

    [Test]
    public async Task Deliver_WhenWebhookWasCancelled_StoresNoRequest()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w => w.IsActive = false);

        var execution = await DeliverAsync(webhook);

        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Skipped));
            Assert.That(execution.SentRequest, Is.Null);
            Assert.That(Receiver.LogEntries, Is.Empty);
        });
    }
}
