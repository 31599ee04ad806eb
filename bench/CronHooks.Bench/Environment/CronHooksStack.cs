using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace CronHooks.Bench.Environment;

/// <summary>Settings the harness gives the product (defaults = the product's, except concurrency); every result records them.</summary>
internal sealed record StackSettings(int Nodes = 1, int DeliveryConcurrency = 64, string LeaseMargin = "00:00:30",
    string CheckinInterval = "00:00:05", string CheckinMisfireThreshold = "00:00:05",
    IReadOnlyDictionary<string, string>? NodeEnvironment = null);

/// <summary>
/// CronHooks as a scenario sees it: a migrated database on the bench PostgreSQL, the API, 1 or 2 scheduler
/// nodes (Release builds, started like run.sh starts them), a user with a token, and the receiver.
/// </summary>
internal sealed class CronHooksStack : IAsyncDisposable
{
    public const string Database = "cronhooks";

    private readonly List<ServiceProcess> nodes = [];

    public required BenchPostgres Postgres { get; init; }
    public required Receiver Receiver { get; init; }
    public required NpgsqlDataSource Db { get; init; }
    public required TestData Data { get; init; }
    public required StackSettings Settings { get; init; }
    public ServiceProcess Api { get; private set; } = null!;
    public IReadOnlyList<ServiceProcess> Nodes => nodes;
    public Guid OwnerId { get; private set; }
    public string Token { get; private set; } = "";
    public string ApiUrl => Api.Address.GetLeftPart(UriPartial.Authority);

    public static async Task<CronHooksStack> StartAsync(BenchPostgres postgres, Receiver receiver, StackSettings settings)
    {
        await postgres.CreateDatabaseAsync(Database);
        var stack = new CronHooksStack
        {
            Postgres = postgres,
            Receiver = receiver,
            Db = NpgsqlDataSource.Create(postgres.ConnectionString(Database, 50)),
            Data = new TestData(postgres.ConnectionString(Database, 50)),
            Settings = settings,
        };
        try
        {
            await stack.StartProcessesAsync();
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessesAsync()
    {
        var stack = this;
        var settings = Settings;
        await using (var migrate = Start("migrate", "src/CronHooks.Api", stack.CommonEnvironment(), port: null, "migrate"))
            await migrate.WaitForSuccessAsync(TimeSpan.FromMinutes(3));

        stack.Api = Start("api", "src/CronHooks.Api", stack.CommonEnvironment(), FreePort.Next());
        for (var i = 1; i <= settings.Nodes; i++)
            stack.StartNode($"node-{i}");
        await stack.Api.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        foreach (var node in stack.nodes)
            await node.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        await stack.SignInAsync();
    }

    public ServiceProcess StartNode(string name)
    {
        var env = CommonEnvironment();
        env["Delivery__NodeId"] = name;
        env["Delivery__MaxConcurrency"] = Settings.DeliveryConcurrency.ToString(CultureInfo.InvariantCulture);
        // One bench user owns every webhook; the per-owner fairness cap (at most MaxConcurrency + Prefetch, default half
        // of it) would otherwise be the bottleneck measured.
        env["Delivery__MaxInFlightPerOwner"] = (Settings.DeliveryConcurrency + Settings.DeliveryConcurrency / 2).ToString(CultureInfo.InvariantCulture);
        env["Delivery__LeaseMargin"] = Settings.LeaseMargin;
        env["Scheduler__CheckinInterval"] = Settings.CheckinInterval;
        env["Scheduler__CheckinMisfireThreshold"] = Settings.CheckinMisfireThreshold;
        foreach (var (key, value) in Settings.NodeEnvironment ?? new Dictionary<string, string>())
            env[key] = value;
        var node = Start(name, "src/CronHooks.Scheduler", env, FreePort.Next());
        nodes.Add(node);
        return node;
    }

    /// <summary>
    /// The test settings (database, secrets, loopback delivery) in Production otherwise (no development extras), with
    /// limits that never hold the bench's one user back.
    /// </summary>
    public Dictionary<string, string> CommonEnvironment() => TestSettings.For(Postgres.ConnectionString(Database, 100)).With(TestSettings.LoopbackDelivery).With(new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        // Information logs one line per firing; the console would then be part of what is measured.
        ["Logging__LogLevel__Default"] = "Warning",
        ["RateLimits__PerUserPerMinute"] = "100000000",
        ["RateLimits__AuthPerIpPerMinute"] = "10000",
        ["RateLimits__FailedAuthPerIpPerMinute"] = "10000",
        ["Limits__MaxWebhooksPerUser"] = "100000000",
        // Likewise the account's quotas (its one receiver is one host), for the nodes and for the API's run-now check:
        // they are still counted and checked on every claim and outcome (their cost is measured), they just never hold
        // the bench's one user back.
        ["Quotas__AttemptsPerOwnerPerMinute"] = "100000000",
        ["Quotas__AttemptsPerHostPerMinute"] = "100000000",
        ["Quotas__ResponseBodyBytesPerOwnerPerDay"] = "1000000000000",
    });

    /// <summary>A product process from its Release build, on <paramref name="port"/> when it serves HTTP, logging to a file.</summary>
    public static ServiceProcess Start(string name, string project, Dictionary<string, string> settings, int? port, params string[] args)
    {
        if (port is { } p)
            settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{p}";
        return ServiceProcess.Start(Repository.Output(project), settings, name, args, BenchLogs.For(name));
    }

    private async Task SignInAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(ApiUrl) };
        var user = new { username = "bench", email = "bench@example.com", password = "bench-password-123" };
        (await http.PostAsJsonAsync("/api/v1/auth/register", user)).EnsureSuccessStatusCode();
        var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = user.username, password = user.password });
        token.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await token.Content.ReadAsStringAsync());
        Token = json.RootElement.GetProperty("accessToken").GetString()!;
        await using var command = Db.CreateCommand("SELECT id FROM users WHERE username = 'bench'");
        OwnerId = (Guid)(await command.ExecuteScalarAsync())!;
    }

    public HttpClient ApiClient(int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(ApiUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>Empties webhooks and history between runs; Quartz triggers of past seconds have fired and stay harmless.</summary>
    public async Task ResetAsync()
    {
        await using var command = Db.CreateCommand("TRUNCATE executions, execution_queue, webhook_delivery_state, schedule_outbox; DELETE FROM webhooks;");
        await command.ExecuteNonQueryAsync();
        Receiver.Drain();
    }

    /// <summary>CPU used so far by the live scheduler nodes and by the PostgreSQL server (see <see cref="Measuring.CpuMeter"/>).</summary>
    public Task<Measuring.CpuSnapshot> CpuAsync() =>
        Measuring.CpuSnapshot.TakeAsync(nodes.Where(n => !n.HasExited).Select(n => n.ProcessId), Postgres.ServerPid, Db);

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = Db.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM first so a node releases its leases; then make sure.
        foreach (var node in nodes)
        {
            await node.StopAsync(TimeSpan.FromSeconds(15));
            await node.DisposeAsync();
        }
        if (Api is not null)
        {
            await Api.StopAsync(TimeSpan.FromSeconds(15));
            await Api.DisposeAsync();
        }
        await Db.DisposeAsync();
    }
}
