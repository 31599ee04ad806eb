using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using CronHooks.IntegrationTests.Infrastructure;
using CronHooks.TestSupport;
using Microsoft.IdentityModel.Tokens;

namespace CronHooks.IntegrationTests.Auth;

public sealed class AuthTests : ApiTest
{
    private static object NewUser(string username = "alice", string? email = null, string password = "correct horse battery") =>
        new { username, email = email ?? $"{username}@example.com", password };

    [Test]
    public async Task Register_WhenValid_ReturnsCreatedUserWithoutPassword()
    {
        var response = await Api.CreateClient().PostAsJsonAsync("/api/v1/auth/register", NewUser());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var user = await ReadJsonAsync(response);
        Assert.That(user.GetProperty("username").GetString(), Is.EqualTo("alice"));
        Assert.That(user.GetProperty("email").GetString(), Is.EqualTo("alice@example.com"));
        Assert.That(Guid.TryParse(user.GetProperty("id").GetString(), out _), Is.True);
        Assert.That(user.TryGetProperty("password", out _) || user.TryGetProperty("passwordHash", out _), Is.False);
        var stored = await TestDatabase.ScalarAsync<string>("SELECT password_hash FROM users WHERE username = 'alice'");
        Assert.That(stored, Is.Not.Null.And.Not.Contains("correct horse"));
    }

    [Test]
    public async Task Register_WhenUsernameTaken_ReturnsConflict()
    {
        var client = Api.CreateClient();
        await client.PostAsJsonAsync("/api/v1/auth/register", NewUser());

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", NewUser(email: "other@example.com"));

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Register_WhenEmailTaken_ReturnsConflict()
    {
        var client = Api.CreateClient();
        await client.PostAsJsonAsync("/api/v1/auth/register", NewUser());

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", NewUser("bob", email: "ALICE@example.com"));

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM users"), Is.EqualTo(1));
    }

    [Test]
    public async Task Register_WhenPasswordShort_ReturnsValidationProblemAndStoresNothing()
    {
        var response = await Api.CreateClient().PostAsJsonAsync("/api/v1/auth/register", NewUser(password: "short"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "password");
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM users"), Is.Zero);
    }

    [Test]
    public async Task Register_WhenBodyHasUnknownMember_ReturnsBadRequest()
    {
        var response = await Api.CreateClient().PostAsJsonAsync("/api/v1/auth/register",
            new { username = "alice", email = "a@example.com", password = "correct horse battery", isAdmin = true });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "isAdmin");
    }

    [Test]
    public async Task IssueToken_WhenCredentialsValid_ReturnsBearerTokenThatAuthenticates()
    {
        var client = Api.CreateClient();
        await client.PostAsJsonAsync("/api/v1/auth/register", NewUser());

        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "alice", password = "correct horse battery" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var token = await ReadJsonAsync(response);
        Assert.That(token.GetProperty("tokenType").GetString(), Is.EqualTo("Bearer"));
        Assert.That(token.GetProperty("expiresIn").GetInt32(), Is.EqualTo(3600));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        var me = await client.GetAsync("/api/v1/auth/me");
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(me)).GetProperty("username").GetString(), Is.EqualTo("alice"));
    }

    [TestCase("alice", "wrong password!")]
    [TestCase("nobody", "correct horse battery")]
    public async Task IssueToken_WhenPasswordWrongOrUserUnknown_ReturnsSameUnauthorized(string username, string password)
    {
        var client = Api.CreateClient();
        await client.PostAsJsonAsync("/api/v1/auth/register", NewUser());

        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username, password });

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("Invalid username or password."));
    }

    [Test]
    public async Task GetCurrentUser_WithoutToken_ReturnsUnauthorized()
    {
        var response = await Api.CreateClient().GetAsync("/api/v1/auth/me");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("garbage")]
    [TestCase("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.")]
    public async Task GetCurrentUser_WithMalformedOrUnsignedToken_ReturnsUnauthorized(string token)
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/v1/auth/me");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("expired")]
    [TestCase("wrong-key")]
    [TestCase("wrong-issuer")]
    [TestCase("wrong-audience")]
    public async Task GetCurrentUser_WithInvalidToken_ReturnsUnauthorized(string defect)
    {
        var client = await Api.CreateUserClientAsync();
        var me = await ReadJsonAsync(await client.GetAsync("/api/v1/auth/me"));
        var userId = me.GetProperty("id").GetString()!;
        var now = DateTime.UtcNow;
        var key = defect == "wrong-key" ? "another-signing-key-that-is-long-enough-0123" : ApiFactory.SigningKey;
        var token = new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(
            issuer: defect == "wrong-issuer" ? "someone-else" : "cronhooks",
            audience: defect == "wrong-audience" ? "other-api" : "cronhooks-api",
            claims: [new Claim("sub", userId)],
            notBefore: defect == "expired" ? now.AddHours(-2) : now.AddMinutes(-1),
            expires: defect == "expired" ? now.AddMinutes(-5) : now.AddHours(1),
            signingCredentials: new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256)));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/v1/auth/me");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
