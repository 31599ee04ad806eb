using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using CronHooks.IntegrationTests.Host;
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
    public async Task Register_WhenUsernameDiffersOnlyInCase_ReturnsConflictAndTheDatabaseRefusesItToo()
    {
        var client = Api.CreateClient();
        await client.PostAsJsonAsync("/api/v1/auth/register", NewUser("Alice"));

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", NewUser("aLICE", email: "other@example.com"));

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
        // Two registrations racing past the check meet the unique index on lower(username).
        await Assert.ThatAsync(() => TestDatabase.ScalarAsync<long>(
            "INSERT INTO users (id, username, email, password_hash, created_at, password_changed_at) VALUES (gen_random_uuid(), 'ALICE', 'x@example.com', 'h', now(), now()) RETURNING 1"),
            Throws.InstanceOf<Npgsql.PostgresException>().With.Property("SqlState").EqualTo("23505"));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM users"), Is.EqualTo(1));
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

    [TestCase("none", HttpStatusCode.OK)] // the control: the crafted token is otherwise valid
    [TestCase("expired", HttpStatusCode.Unauthorized)]
    [TestCase("wrong-key", HttpStatusCode.Unauthorized)]
    [TestCase("wrong-issuer", HttpStatusCode.Unauthorized)]
    [TestCase("wrong-audience", HttpStatusCode.Unauthorized)]
    [TestCase("hs512", HttpStatusCode.Unauthorized)] // right key, but only HS256 is accepted
    [TestCase("alg-none", HttpStatusCode.Unauthorized)]
    [TestCase("no-password-stamp", HttpStatusCode.Unauthorized)]
    [TestCase("old-password-stamp", HttpStatusCode.Unauthorized)]
    public async Task GetCurrentUser_WithCraftedToken_AcceptsOnlyAValidOne(string defect, HttpStatusCode expected)
    {
        var client = await Api.CreateUserClientAsync();
        var me = await ReadJsonAsync(await client.GetAsync("/api/v1/auth/me"));
        var userId = me.GetProperty("id").GetString()!;
        var changedAt = await TestDatabase.ScalarAsync<DateTime>("SELECT password_changed_at FROM users WHERE id = $1", Guid.Parse(userId));
        var stamp = new DateTimeOffset(changedAt, TimeSpan.Zero).ToUnixTimeMilliseconds() - (defect == "old-password-stamp" ? 1000 : 0);
        var now = DateTime.UtcNow;
        var key = defect == "wrong-key" ? "another-signing-key-that-is-long-enough-0123" : ApiFactory.SigningKey;
        List<Claim> claims = [new Claim("sub", userId)];
        if (defect != "no-password-stamp")
            claims.Add(new Claim("pwd_at", stamp.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var jwt = new JwtSecurityToken(
            issuer: defect == "wrong-issuer" ? "someone-else" : "cronhooks",
            audience: defect == "wrong-audience" ? "other-api" : "cronhooks-api",
            claims: claims,
            notBefore: defect == "expired" ? now.AddHours(-2) : now.AddMinutes(-1),
            expires: defect == "expired" ? now.AddMinutes(-5) : now.AddHours(1),
            signingCredentials: defect is "alg-none" or "hs512" ? null : new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256));
        var token = new JwtSecurityTokenHandler().WriteToken(jwt);
        if (defect == "hs512")
            token = SignedWithHs512(token, key); // by hand: the library refuses HS512 keys shorter than 64 bytes
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/v1/auth/me");

        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }

    private static string SignedWithHs512(string unsignedToken, string key)
    {
        var payload = unsignedToken.Split('.')[1];
        var header = Base64UrlEncoder.Encode("""{"alg":"HS512","typ":"JWT"}""");
        var signature = System.Security.Cryptography.HMACSHA512.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Base64UrlEncoder.Encode(signature)}";
    }
}
