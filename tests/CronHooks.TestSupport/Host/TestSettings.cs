namespace CronHooks.TestSupport.Host;

/// <summary>
/// The configuration a test gives CronHooks, in pieces a host combines: keys are configuration paths
/// (<c>Delivery:NodeId</c>); <see cref="ServiceProcess"/> turns them into environment variables.
/// </summary>
public static class TestSettings
{
    /// <summary>The secrets key and the token signing key of <see cref="TestSecrets"/>.</summary>
    public static IReadOnlyDictionary<string, string> Secrets { get; } = new Dictionary<string, string>
    {
        ["Secrets:ActiveKeyId"] = TestSecrets.KeyId,
        [$"Secrets:Keys:{TestSecrets.KeyId}"] = TestSecrets.SecretsKey,
        ["Jwt:SigningKey"] = TestSecrets.JwtSigningKey,
    };

    /// <summary>Receivers in tests listen on loopback, which deliveries may not reach unless allowed.</summary>
    public static IReadOnlyDictionary<string, string> LoopbackDelivery { get; } = new Dictionary<string, string>
    {
        ["Delivery:AllowedNetworks:0"] = "127.0.0.1/32",
        ["Delivery:AllowPrivateNetworksInProduction"] = "true",
    };

    /// <summary>Every test signs in from the same address; the sign-in limits have tests of their own.</summary>
    public static IReadOnlyDictionary<string, string> UnlimitedSignIns { get; } = new Dictionary<string, string>
    {
        ["RateLimits:AuthPerIpPerMinute"] = "100000",
        ["RateLimits:FailedAuthPerIpPerMinute"] = "100000",
    };

    /// <summary>The environment a test process runs in (appsettings.Testing.json, no Development extras).</summary>
    public static IReadOnlyDictionary<string, string> TestingEnvironment { get; } = new Dictionary<string, string>
    {
        ["DOTNET_ENVIRONMENT"] = "Testing",
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
    };

    /// <summary>The database and the <see cref="Secrets"/>: what every service needs to start.</summary>
    public static Dictionary<string, string> For(string connectionString) =>
        new Dictionary<string, string> { ["ConnectionStrings:CronHooks"] = connectionString }.With(Secrets);

    /// <summary>
    /// A service process in the Testing environment on <paramref name="connectionString"/> that may deliver to loopback:
    /// what the browser, CLI and scheduler tests start.
    /// </summary>
    public static Dictionary<string, string> ForProcess(string connectionString) =>
        For(connectionString).With(TestingEnvironment).With(LoopbackDelivery);

    /// <summary>Adds (or overrides with) <paramref name="more"/>; returns the same dictionary.</summary>
    public static Dictionary<string, string> With(this Dictionary<string, string> settings, IEnumerable<KeyValuePair<string, string>>? more)
    {
        foreach (var (key, value) in more ?? [])
            settings[key] = value;
        return settings;
    }
}
