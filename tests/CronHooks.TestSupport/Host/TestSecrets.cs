using CronHooks.Application.Common.Ports;
using CronHooks.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CronHooks.TestSupport.Host;

/// <summary>
/// The keys every test host, test process and benchmark runs with, and the real <see cref="ISecretProtector"/> under
/// them, so rows a test writes are encrypted exactly as the API writes them (a plaintext row would not decrypt on a node).
/// </summary>
public static class TestSecrets
{
    /// <summary>The id of the one secrets key (<c>Secrets:ActiveKeyId</c>).</summary>
    public const string KeyId = "test";

    /// <summary>The secrets key (32 bytes, base64) that encrypts header values and signing secrets.</summary>
    public const string SecretsKey = "dGVzdC1zZWNyZXRzLWtleS0wMTIzNDU2Nzg5YWJjZGU=";

    /// <summary>The key that signs and validates access tokens (<c>Jwt:SigningKey</c>).</summary>
    public const string JwtSigningKey = "cronhooks-tests-signing-key-0123456789abcdef";

    private static readonly Lazy<ISecretProtector> Instance = new(() =>
    {
        // The production registration, so the protector is the one the services use; nothing here connects anywhere.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            TestSettings.Secrets.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))
                .Append(KeyValuePair.Create("ConnectionStrings:CronHooks", (string?)"Host=127.0.0.1"))).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddInfrastructure(configuration)
            .BuildServiceProvider().GetRequiredService<ISecretProtector>();
    });

    public static ISecretProtector Protector => Instance.Value;
}
