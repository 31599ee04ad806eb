using System.Text.Json;
using CronHooks.Domain.Webhooks;
using CronHooks.SchedulerTests.Delivery;
using CronHooks.SchedulerTests.Harness;
using Npgsql;

namespace CronHooks.SchedulerTests.Alerts;

/// <summary>
/// A delivery test whose receiver also takes alerts (at <c>/alert</c>), with helpers to read the alerts
/// table and what the alert receiver saw.
/// </summary>
internal abstract class AlertTest : DeliveryTest
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Short waits, so retries of alerts and looks at the queue fit in a test.</summary>
    protected static readonly Dictionary<string, string?> FastAlerts = new()
    {
        ["Alerts:PollInterval"] = "00:00:00.200",
        ["Alerts:FirstRetryDelay"] = "00:00:00.200",
    };

    internal sealed record AlertRow(Guid Id, string Kind, string Status, int Attempts, int ConsecutiveFailures, Guid ExecutionId,
        string? LastErrorKind, string? LeaseOwner);

    protected static async Task<List<AlertRow>> AlertsAsync(Guid webhookId)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT id, kind, status, attempts, consecutive_failures, execution_id, last_error_kind, lease_owner
            FROM alerts WHERE webhook_id = @id ORDER BY created_at, id
            """, connection);
        command.Parameters.AddWithValue("id", webhookId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<AlertRow>();
        while (await reader.ReadAsync())
            rows.Add(new AlertRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.GetGuid(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        return rows;
    }

    /// <summary>Waits until the webhook has <paramref name="count"/> alerts and none is waiting to be sent.</summary>
    protected static Task<List<AlertRow>> SettledAlertsAsync(Guid webhookId, int count) =>
        Eventually.ReturnsAsync(() => AlertsAsync(webhookId),
            rows => rows.Count == count && rows.All(r => r.Status is not ("Pending" or "Sending")), Deadline,
            $"{count} finished alerts");

    /// <summary>What the alert receiver was sent, in arrival order.</summary>
    protected List<ReceivedAlert> AlertsReceived(string path = "/alert") =>
        [.. Receiver.LogEntries.Where(e => e.RequestMessage!.Path == path).Select(e => new ReceivedAlert(
            e.RequestMessage!.Headers!["webhook-id"].Single(),
            e.RequestMessage.Headers["webhook-timestamp"].Single(),
            e.RequestMessage.Headers["webhook-signature"].Single(),
            e.RequestMessage.BodyAsBytes ?? [],
            e.RequestMessage.Headers))];

    internal sealed record ReceivedAlert(string Id, string Timestamp, string Signature, byte[] Body, IDictionary<string, WireMock.Types.WireMockList<string>> Headers)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public string Type => Json.GetProperty("type").GetString()!;

        public bool VerifiesWith(string secret) =>
            WebhookSignature.Verify(secret, Id, Timestamp, Signature, Body, DateTimeOffset.UtcNow);
    }
}
