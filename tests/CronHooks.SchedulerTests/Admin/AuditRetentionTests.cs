using CronHooks.SchedulerTests.Delivery;
using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests.Admin;

/// <summary>The audit log is kept as long as the history: the upkeep round deletes older entries.</summary>
internal sealed class AuditRetentionTests : DeliveryTest
{
    [Test]
    public async Task Upkeep_WhenAuditEntriesAreOlderThanTheRetention_DeletesThemAndKeepsRecentOnes()
    {
        await Data.ExecuteAsync("""
            INSERT INTO audit_log (at, entity_type, entity_id, actor_kind, action, changes)
            SELECT now() - interval '3 days', 'webhook', 'old-' || i, 'User', 'PatchWebhook', '{}'::jsonb FROM generate_series(1, 3) i
            UNION ALL SELECT now() - interval '1 hour', 'webhook', 'recent', 'User', 'PatchWebhook', '{}'::jsonb
            """);

        await StartNodeAsync(new Dictionary<string, string?> { ["Delivery:RetentionInterval"] = "00:00:01", ["Delivery:RetentionDays"] = "2" });

        await Eventually.TrueAsync(async () => await Data.ScalarAsync<long>("SELECT count(*) FROM audit_log") == 1,
            TimeSpan.FromSeconds(30), "the audit entries past the retention to be deleted");
        Assert.That(await Data.ScalarAsync<string>("SELECT entity_id FROM audit_log"), Is.EqualTo("recent"));
    }
}
