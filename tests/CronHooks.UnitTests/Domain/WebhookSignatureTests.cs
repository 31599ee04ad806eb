using System.Text;
using CronHooks.Domain.Webhooks;

namespace CronHooks.UnitTests.Domain;

public sealed class WebhookSignatureTests
{
    // The Standard Webhooks specification's published test vector.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly DateTimeOffset Timestamp = DateTimeOffset.FromUnixTimeSeconds(1614265330);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");

    [Test]
    public void Sign_WithSpecificationVector_ReturnsPublishedSignature() =>
        Assert.That(WebhookSignature.Sign([Secret], MessageId, Timestamp, Body), Is.EqualTo(Expected));

    // The documented derivation (docs/security.md), computed independently: whsec_ + base64(HMAC-SHA256(secret bytes, "cronhooks-alerts-v1")).
    [Test]
    public void ForAlerts_WithSpecificationSecret_ReturnsTheDocumentedDerivedSecret() =>
        Assert.That(SigningSecret.ForAlerts(Secret), Is.EqualTo("whsec_R+/2ds8th7OIYOM+O0bJnnDGNd18RnRy+IAsQ7J0yps="));

    [Test]
    public void Verify_WhenSignedWithTheAlertSecret_RejectsItUnderTheDeliverySecret()
    {
        var alertSignature = WebhookSignature.Sign([SigningSecret.ForAlerts(Secret)], MessageId, Timestamp, Body);

        Assert.That(WebhookSignature.Verify(Secret, MessageId, "1614265330", alertSignature, Body, Timestamp), Is.False);
    }

    [Test]
    public void Sign_WithTwoSecrets_ReturnsBothSignaturesSpaceSeparated()
    {
        var other = SigningSecret.Generate();

        var header = WebhookSignature.Sign([other, Secret], MessageId, Timestamp, Body);

        var parts = header.Split(' ');
        Assert.That(parts, Has.Length.EqualTo(2));
        Assert.That(parts[1], Is.EqualTo(Expected));
        Assert.That(WebhookSignature.Verify(other, MessageId, "1614265330", header, Body, Timestamp), Is.True);
        Assert.That(WebhookSignature.Verify(Secret, MessageId, "1614265330", header, Body, Timestamp), Is.True);
    }

    [Test]
    public void Verify_WithSpecificationVector_ReturnsTrue() =>
        Assert.That(WebhookSignature.Verify(Secret, MessageId, "1614265330", Expected, Body, Timestamp.AddMinutes(4)), Is.True);

    [Test]
    public void Verify_WhenBodyAltered_ReturnsFalse() =>
        Assert.That(WebhookSignature.Verify(Secret, MessageId, "1614265330", Expected, Encoding.UTF8.GetBytes("""{"test": 2432232315}"""), Timestamp), Is.False);

    [Test]
    public void Verify_WhenSecretDiffers_ReturnsFalse() =>
        Assert.That(WebhookSignature.Verify(SigningSecret.Generate(), MessageId, "1614265330", Expected, Body, Timestamp), Is.False);

    [Test]
    public void Verify_WhenTimestampOutsideTolerance_ReturnsFalse() =>
        Assert.That(WebhookSignature.Verify(Secret, MessageId, "1614265330", Expected, Body, Timestamp.AddMinutes(6)), Is.False);

    [TestCase("v1,bm9wZQ==")]
    [TestCase("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [TestCase("")]
    public void Verify_WhenNoMatchingV1Signature_ReturnsFalse(string header) =>
        Assert.That(WebhookSignature.Verify(Secret, MessageId, "1614265330", header, Body, Timestamp), Is.False);
}
