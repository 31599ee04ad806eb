using CronHooks.Application.Admin.GrantAdmin;
using CronHooks.Client;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace CronHooks.EndToEndTests.Sdk;

public sealed class AdminTests : SdkTest
{
    [Test]
    public async Task PauseWebhook_ByAnAdmin_ShowsTheOwnerTheNoteAndBothSeeItInTheAuditLog()
    {
        var owner = await SignUpAsync();
        var webhook = await owner.CreateWebhookAsync(Recurring());
        var adminName = NewUsername();
        var anonymous = CreateClient();
        await anonymous.RegisterAsync(new RegisterRequest { Username = adminName, Email = $"{adminName}@example.com", Password = Password });
        var admin = CreateClient((await anonymous.IssueTokenAsync(new IssueTokenRequest { Username = adminName, Password = Password })).AccessToken);
        await using (var scope = Api.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GrantAdminCommand(adminName));

        var paused = await admin.PauseWebhookAsync(webhook.Id, new PauseWebhookRequest { Note = "Receiver overloaded" });
        var seen = await owner.GetWebhookAsync(webhook.Id);
        var ownersLog = await owner.ListAuditEntriesAsync("webhook", webhook.Id.ToString(), null, null);
        var refused = await Assert.ThrowsAsync<CronHooksApiException<ProblemDetails>>(() => owner.ListUsersAsync(null, null, null));

        Assert.That(paused.PausedBy, Is.EqualTo(PausedBy.Admin));
        Assert.That(seen.PauseNote, Is.EqualTo("Receiver overloaded"));
        Assert.That(seen.State, Is.EqualTo(WebhookState.Cancelled));
        Assert.That(ownersLog.Items.First().ActorKind, Is.EqualTo(AuditActorKind.Admin));
        Assert.That(ownersLog.Items.First().ActorUsername, Is.EqualTo(adminName));
        Assert.That(refused!.StatusCode, Is.EqualTo(404));
    }
}
