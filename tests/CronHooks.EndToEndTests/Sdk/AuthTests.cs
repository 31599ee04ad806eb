using CronHooks.Client;

namespace CronHooks.EndToEndTests.Sdk;

public sealed class AuthTests : SdkTest
{
    [Test]
    public async Task IssueToken_AfterRegister_GivesAClientThatActsAsTheUser()
    {
        var anonymous = CreateClient();
        var username = NewUsername();

        var user = await anonymous.RegisterAsync(new RegisterRequest { Username = username, Email = $"{username}@example.com", Password = Password });
        var token = await anonymous.IssueTokenAsync(new IssueTokenRequest { Username = username, Password = Password });
        var me = await CreateClient(token.AccessToken).GetCurrentUserAsync();

        Assert.That(token.TokenType, Is.EqualTo("Bearer"));
        Assert.That(token.ExpiresIn, Is.GreaterThan(0));
        Assert.That(me.Id, Is.EqualTo(user.Id));
        Assert.That(me.Username, Is.EqualTo(username));
    }

    [Test]
    public async Task IssueToken_WhenPasswordIsWrong_ThrowsUnauthorizedProblem()
    {
        var anonymous = CreateClient();
        var username = NewUsername();
        await anonymous.RegisterAsync(new RegisterRequest { Username = username, Email = $"{username}@example.com", Password = Password });

        var error = await Assert.ThrowsAsync<CronHooksApiException<ProblemDetails>>(() =>
            anonymous.IssueTokenAsync(new IssueTokenRequest { Username = username, Password = "not the password" }));

        Assert.That(error!.StatusCode, Is.EqualTo(401));
        Assert.That(error.Title, Is.EqualTo("Unauthorized"));
        Assert.That(error.TraceId, Is.Not.Empty);
    }

    [Test]
    public async Task Register_WhenUsernameIsTaken_ThrowsConflictProblem()
    {
        var anonymous = CreateClient();
        var username = NewUsername();
        await anonymous.RegisterAsync(new RegisterRequest { Username = username, Email = $"{username}@example.com", Password = Password });

        var error = await Assert.ThrowsAsync<CronHooksApiException<ProblemDetails>>(() =>
            anonymous.RegisterAsync(new RegisterRequest { Username = username, Email = $"other-{username}@example.com", Password = Password }));

        Assert.That(error!.StatusCode, Is.EqualTo(409));
        Assert.That(error.Detail, Does.Contain("username"));
    }

    [Test]
    public async Task GetCurrentUser_WithoutCredentials_ThrowsUnauthorizedProblem()
    {
        var error = await Assert.ThrowsAsync<CronHooksApiException<ProblemDetails>>(() => CreateClient().GetCurrentUserAsync());

        Assert.That(error!.StatusCode, Is.EqualTo(401));
        Assert.That(error.Result.Status, Is.EqualTo(401));
    }
}
