using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Security;

public sealed class PasswordAndLockoutTests : ApiTest
{
    private const string Password = "correct horse battery";

    private static async Task RegisterAsync(HttpClient client, string username = "dave") =>
        (await client.PostAsJsonAsync("/api/v1/auth/register", new { username, email = $"{username}@example.com", password = Password })).EnsureSuccessStatusCode();

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string username, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { username, password });

    [Test]
    public async Task Register_HashesWithPbkdf2Sha512AtLeast210000Iterations()
    {
        await RegisterAsync(Api.CreateClient());

        var hash = Convert.FromBase64String((await TestDatabase.ScalarAsync<string>("SELECT password_hash FROM users"))!);

        // Identity v3 format: 0x01, PRF (1 = HMACSHA256, 2 = HMACSHA512), iteration count, salt length — big-endian.
        Assert.That(hash[0], Is.EqualTo(0x01));
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1)), Is.EqualTo(2));
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)), Is.GreaterThanOrEqualTo(210_000));
    }

    [TestCase("dave")]
    [TestCase("nobody")]
    public async Task IssueToken_AfterFiveFailuresInFiveMinutes_AnswersTooManyRequestsWithRetryAfter(string username)
    {
        var client = Api.CreateClient();
        await RegisterAsync(client);
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await LoginAsync(client, username, "wrong password!")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Api.Clock.Advance(TimeSpan.FromSeconds(10));
        }

        var locked = await LoginAsync(client, username, "wrong password!");
        var lockedEvenWithTheRightPassword = await LoginAsync(client, username, Password);

        var problem = await AssertProblemAsync(locked, HttpStatusCode.TooManyRequests);
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("Too many failed logins; try again later."));
        // The first failure leaves the window 5 minutes after it happened, 50 s ago.
        Assert.That(locked.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(250)));
        await AssertProblemAsync(lockedEvenWithTheRightPassword, HttpStatusCode.TooManyRequests);
    }

    [Test]
    public async Task IssueToken_WhenTheOldestFailureLeavesTheWindow_AcceptsTheRightPasswordAgain()
    {
        var client = Api.CreateClient();
        await RegisterAsync(client);
        for (var i = 0; i < 5; i++)
            await LoginAsync(client, "dave", "wrong password!");

        Api.Clock.Advance(TimeSpan.FromMinutes(5));
        var response = await LoginAsync(client, "dave", Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM login_failures"), Is.Zero, "a success clears the failures");
    }

    [Test]
    public async Task IssueToken_WhenFourFailuresThenSuccess_DoesNotLock()
    {
        var client = Api.CreateClient();
        await RegisterAsync(client);
        for (var i = 0; i < 4; i++)
            await LoginAsync(client, "dave", "wrong password!");

        Assert.That((await LoginAsync(client, "dave", Password)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await LoginAsync(client, "dave", "wrong password!")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task ChangePassword_RejectsTokensIssuedBeforeAndAcceptsTheNewPassword()
    {
        var client = await Api.CreateUserClientAsync("erin");

        var response = await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = Password, newPassword = "a brand new passphrase" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await client.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await LoginAsync(client, "erin", Password)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var token = await ReadJsonAsync(await LoginAsync(client, "erin", "a brand new passphrase"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        Assert.That((await client.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ChangePassword_WhenCurrentPasswordWrong_ReturnsValidationProblemAndKeepsTheOld()
    {
        var client = await Api.CreateUserClientAsync("frank");

        var response = await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "not my password", newPassword = "a brand new passphrase" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "currentPassword");
        Assert.That((await client.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await LoginAsync(client, "frank", Password)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task IssueToken_WhenTwentyWrongGuessesRunAtOnce_EvaluatesAtMostTheThreshold()
    {
        var client = Api.CreateClient();
        await RegisterAsync(client);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => LoginAsync(client, "dave", "wrong password!")));

        var codes = answers.Select(a => a.StatusCode).ToList();
        Assert.That(codes.Count(c => c == HttpStatusCode.Unauthorized), Is.EqualTo(5), string.Join(", ", codes));
        Assert.That(codes.Count(c => c == HttpStatusCode.TooManyRequests), Is.EqualTo(15));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM login_failures"), Is.EqualTo(5));
        await AssertProblemAsync(await LoginAsync(client, "dave", Password), HttpStatusCode.TooManyRequests);
    }

    private static async Task<HttpClient> UserClientAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host, string username)
    {
        var client = host.CreateClient();
        await RegisterAsync(client, username);
        var token = await (await LoginAsync(client, username, Password)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    [Test]
    public async Task ChangePassword_AfterFiveWrongCurrentPasswords_LocksLikeALoginEvenWithTheRightOne()
    {
        var client = await UserClientAsync(Api, "erin");
        for (var i = 0; i < 5; i++)
            await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "guess " + i + "!!", newPassword = "a brand new passphrase" }),
                HttpStatusCode.BadRequest, "currentPassword");

        var locked = await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = Password, newPassword = "a brand new passphrase" });
        var login = await LoginAsync(Api.CreateClient(), "erin", Password);

        await AssertProblemAsync(locked, HttpStatusCode.TooManyRequests);
        Assert.That(locked.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        await AssertProblemAsync(login, HttpStatusCode.TooManyRequests);
        Assert.That((await client.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the password did not change");
    }

    [Test]
    public async Task ChangePassword_WhenTwentyWrongCurrentPasswordsRunAtOnce_EvaluatesAtMostTheThreshold()
    {
        var client = await UserClientAsync(Api, "frank");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "guess " + i + "!!", newPassword = "a brand new passphrase" })));

        var codes = answers.Select(a => a.StatusCode).ToList();
        Assert.That(codes.Count(c => c == HttpStatusCode.BadRequest), Is.LessThanOrEqualTo(5), string.Join(", ", codes));
        Assert.That(codes.Count(c => c == HttpStatusCode.TooManyRequests), Is.GreaterThanOrEqualTo(15));
    }

    [Test]
    public async Task ChangePassword_OverThePerUserRate_ReturnsTooManyRequestsWithRetryAfter()
    {
        await using var host = Api.WithWebHostBuilder(b => b.UseSetting("RateLimits:PasswordChangesPerUserPerHour", "2"));
        var client = await UserClientAsync(host, "gina");
        for (var i = 0; i < 2; i++)
            await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "guess " + i + "!!", newPassword = "a brand new passphrase" }),
                HttpStatusCode.BadRequest, "currentPassword");

        var limited = await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = Password, newPassword = "a brand new passphrase" });

        var problem = await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("rate limit"));
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM login_failures"), Is.EqualTo(2));
    }
}
