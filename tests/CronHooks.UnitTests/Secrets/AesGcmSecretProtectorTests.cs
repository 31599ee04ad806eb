using System.Security.Cryptography;
using CronHooks.Infrastructure.Secrets;
using Microsoft.Extensions.Options;

namespace CronHooks.UnitTests.Secrets;

public sealed class AesGcmSecretProtectorTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static AesGcmSecretProtector Protector(string active, params (string Id, string Key)[] keys) =>
        new(Options.Create(new SecretsOptions { ActiveKeyId = active, Keys = keys.ToDictionary(k => k.Id, k => k.Key) }));

    [Test]
    public void Unprotect_WithSameContext_ReturnsPlaintext()
    {
        var protector = Protector("a", ("a", KeyA));

        var stored = protector.Protect("Bearer s3cr3t-token", "webhook:1:header:authorization");

        Assert.That(stored, Does.Not.Contain("s3cr3t"));
        Assert.That(protector.Unprotect(stored, "webhook:1:header:authorization"), Is.EqualTo("Bearer s3cr3t-token"));
    }

    [Test]
    public void Protect_SameValueTwice_GivesDifferentCiphertexts()
    {
        var protector = Protector("a", ("a", KeyA));

        var first = protector.Protect("x", "c");
        var second = protector.Protect("x", "c");

        Assert.That(first, Is.Not.EqualTo(second));
    }

    [Test]
    public void Unprotect_WhenCopiedToAnotherContext_Throws()
    {
        var protector = Protector("a", ("a", KeyA));
        var stored = protector.Protect("Bearer s3cr3t-token", "webhook:1:header:authorization");

        var error = Assert.Throws<CryptographicException>(() => protector.Unprotect(stored, "webhook:2:header:authorization"));

        Assert.That(error!.Message, Does.Not.Contain("s3cr3t"));
    }

    [Test]
    public void Unprotect_WhenTampered_Throws()
    {
        var protector = Protector("a", ("a", KeyA));
        var stored = protector.Protect("value", "c").ToCharArray();
        stored[^3] = stored[^3] == 'A' ? 'B' : 'A';

        Assert.Throws<CryptographicException>(() => protector.Unprotect(new string(stored), "c"));
    }

    [Test]
    public void Unprotect_AfterKeyRotation_ReadsValuesWrittenWithTheOldKey()
    {
        var before = Protector("a", ("a", KeyA));
        var old = before.Protect("old value", "c");

        var after = Protector("b", ("a", KeyA), ("b", KeyB));
        var fresh = after.Protect("new value", "c");

        Assert.That(after.Unprotect(old, "c"), Is.EqualTo("old value"));
        Assert.That(after.Unprotect(fresh, "c"), Is.EqualTo("new value"));
        Assert.That(fresh, Does.StartWith("v1.b."));
    }

    [Test]
    public void Unprotect_WhenKeyRemoved_Throws()
    {
        var stored = Protector("a", ("a", KeyA)).Protect("value", "c");

        Assert.Throws<CryptographicException>(() => Protector("b", ("b", KeyB)).Unprotect(stored, "c"));
    }

    [TestCase("", "")]
    [TestCase("a", "not-base64!")]
    [TestCase("a", "c2hvcnQ=")]
    [TestCase("missing", "")]
    public void Validate_WhenKeysMissingOrMalformed_Fails(string active, string key)
    {
        var options = new SecretsOptions { ActiveKeyId = active, Keys = key.Length == 0 ? [] : new() { ["a"] = key } };

        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.That(results, Is.Not.Empty);
        Assert.That(string.Join(" ", results.Select(r => r.ErrorMessage)), Does.Not.Contain("not-base64"));
    }
}
