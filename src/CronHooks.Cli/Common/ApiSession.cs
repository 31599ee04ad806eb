using System.Net.Http.Headers;
using System.Text.Json;
using CronHooks.Client;

namespace CronHooks.Cli.Common;

/// <summary>One command's connection: the generated SDK client, plus the raw body of the last answer for `--output json`.</summary>
internal sealed class ApiSession : IDisposable
{
    private readonly HttpClient http;
    private readonly LastResponse last = new();

    public ApiSession(CliConfig config, bool requireToken = true)
    {
        if (requireToken && string.IsNullOrEmpty(config.Token))
            throw new UsageException("Not logged in: run `cronhooks login` or set CRONHOOKS_TOKEN (an API key chk_… or an access token).");
        var url = config.Url!;
        http = new HttpClient(last) { BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute) };
        if (!string.IsNullOrEmpty(config.Token))
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.Token);
        Client = new CronHooksClient(http);
    }

    public ICronHooksClient Client { get; }

    /// <summary>The last answer's JSON exactly as the API wrote it, indented.</summary>
    public string LastJson
    {
        get
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(last.Body) ? "{}" : last.Body);
            return JsonSerializer.Serialize(document.RootElement, CliJson.Indented);
        }
    }

    /// <summary>Every webhook of the user, through all pages.</summary>
    public async Task<List<WebhookResponse>> AllWebhooksAsync(CancellationToken cancellationToken)
    {
        var all = new List<WebhookResponse>();
        for (var page = 1; ; page++)
        {
            var result = await Client.ListWebhooksAsync(page, 100, null, null, null, null, null, cancellationToken);
            all.AddRange(result.Items);
            if (all.Count >= result.TotalCount || result.Items.Count == 0)
                return all;
        }
    }

    /// <summary>A webhook named by its id or by its key.</summary>
    public async Task<WebhookResponse> FindAsync(string idOrKey, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(idOrKey, out var id))
            return await Client.GetWebhookAsync(id, cancellationToken);
        var found = await Client.ListWebhooksAsync(1, 1, null, null, null, null, idOrKey, cancellationToken);
        var match = found.Items.FirstOrDefault() ?? throw new FailureException($"No webhook has the id or key '{idOrKey}'.");
        return await Client.GetWebhookAsync(match.Id, cancellationToken); // so LastJson is the webhook itself
    }

    public async Task<Guid> IdOfAsync(string idOrKey, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(idOrKey, out var id))
            return id;
        var found = await Client.ListWebhooksAsync(1, 1, null, null, null, null, idOrKey, cancellationToken);
        return found.Items.FirstOrDefault()?.Id ?? throw new FailureException($"No webhook has the id or key '{idOrKey}'.");
    }

    public void Dispose() => http.Dispose();

    private sealed class LastResponse() : DelegatingHandler(new HttpClientHandler())
    {
        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            Body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response;
        }
    }
}
