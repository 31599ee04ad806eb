using CronHooks.Application.Common.Ports;
using CronHooks.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CronHooks.SchedulerTests.Harness;

/// <summary>
/// The secrets key every test node runs with, and the real <see cref="ISecretProtector"/> under that key, so
/// test rows are encrypted exactly as the API writes them (a plaintext row would not decrypt on a node).
/// </summary>
internal static class TestSecrets
{
    public const string KeyId = "test";

    /// <summary>Configuration keys a node needs to read the rows these tests write.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Secrets:ActiveKeyId", KeyId),
        new($"Secrets:Keys:{KeyId}", SchedulerProcess.TestSecretsKey),
    ];

    private static readonly Lazy<ISecretProtector> Instance = new(() =>
    {
        // The production registration, so the protector is the one the nodes use; nothing here connects anywhere.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            Settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))
                .Append(KeyValuePair.Create("ConnectionStrings:CronHooks", (string?)"Host=127.0.0.1"))).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddInfrastructure(configuration)
            .BuildServiceProvider().GetRequiredService<ISecretProtector>();
    });

    public static ISecretProtector Protector => Instance.Value;
}
