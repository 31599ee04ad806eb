using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using Quartz;

namespace CronHooks.Baseline;

/// <summary>
/// One webhook call: POST to the job's URL, then one INSERT recording the outcome. What a user writes when
/// each webhook is its own Quartz job; no batching, no queue, the Quartz thread waits for both round trips.
/// </summary>
internal sealed class FireWebhookJob(HttpClient http, NpgsqlDataSource database) : IJob
{
    private const string InsertAttempt = """
        INSERT INTO baseline_attempts (job_key, scheduled_for, fired_at, status_code, error)
        VALUES ($1, $2, $3, $4, $5)
        """;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var jobKey = context.JobDetail.Key.Name;
        var url = context.MergedJobDataMap.GetString(BaselineQuartz.UrlKey)
            ?? throw new JobExecutionException($"Job {jobKey} has no '{BaselineQuartz.UrlKey}' in its data map.");
        var scheduledFor = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;

        int? statusCode = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                // Serialized up front so the request carries a Content-Length rather than a chunked body.
                Content = new StringContent(JsonSerializer.Serialize(new WebhookBody(jobKey, scheduledFor), JsonOptions), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-scheduled-for", scheduledFor.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            using var response = await http.SendAsync(request, cancellationToken);
            statusCode = (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // The attempt is recorded either way; a timeout surfaces as TaskCanceledException.
            error = e.Message;
        }

        await using var command = database.CreateCommand(InsertAttempt);
        command.Parameters.Add(new NpgsqlParameter { Value = jobKey });
        command.Parameters.Add(new NpgsqlParameter { Value = scheduledFor });
        command.Parameters.Add(new NpgsqlParameter { Value = context.FireTimeUtc });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)statusCode ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)error ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record WebhookBody(string Job, DateTimeOffset ScheduledFor);
}
