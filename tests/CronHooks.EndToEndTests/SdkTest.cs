using CronHooks.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CronHooks.EndToEndTests;

/// <summary>
/// Base for tests that use the SDK as a customer would: registered through AddCronHooksClient, with
/// its HTTP requests going to the in-process API host. Every test signs up its own user.
/// </summary>
public abstract class SdkTest
{
    protected const string Password = "correct horse battery";

    private readonly List<ServiceProvider> providers = [];

    protected static ApiHostFactory<Program> Api => TestHost.Api;

    [TearDown]
    public async Task DisposeClientsAsync()
    {
        foreach (var provider in providers)
            await provider.DisposeAsync();
        providers.Clear();
    }

    /// <summary>A client as configured by <c>services.AddCronHooksClient(baseUrl, apiKeyOrToken)</c>.</summary>
    protected ICronHooksClient CreateClient(string? apiKeyOrToken = null)
    {
        var services = new ServiceCollection();
        services.AddCronHooksClient(Api.Server.BaseAddress.ToString(), apiKeyOrToken)
            .ConfigurePrimaryHttpMessageHandler(() => Api.Server.CreateHandler());
        var provider = services.BuildServiceProvider();
        providers.Add(provider);
        return provider.GetRequiredService<ICronHooksClient>();
    }

    /// <summary>Registers a new user and returns a client that sends their access token.</summary>
    protected async Task<ICronHooksClient> SignUpAsync()
    {
        var anonymous = CreateClient();
        var username = NewUsername();
        await anonymous.RegisterAsync(new RegisterRequest { Username = username, Email = $"{username}@example.com", Password = Password });
        var token = await anonymous.IssueTokenAsync(new IssueTokenRequest { Username = username, Password = Password });
        return CreateClient(token.AccessToken);
    }

    protected static string NewUsername() => "sdk" + Guid.NewGuid().ToString("N")[..12];

    protected static CreateWebhookRequest Recurring(string cron = "0 9 * * *", string timezone = "Europe/Berlin") => new()
    {
        Name = "nightly report",
        Url = "https://example.com/hooks/report",
        ScheduleType = ScheduleType.Recurring,
        CronExpression = cron,
        Timezone = timezone,
    };

    protected static CreateWebhookRequest Once(DateTimeOffset at) => new()
    {
        Name = "reminder",
        Url = "https://example.com/hooks/reminder",
        ScheduleType = ScheduleType.Once,
        ScheduledAt = at.ToString("O"),
    };
}
