namespace CronHooks.Application.Common.Ports;

/// <summary>What authentication reads of a user on every request.</summary>
public interface IUserReader
{
    /// <summary>When the user last changed their password, or null when the user does not exist or is disabled.</summary>
    Task<DateTimeOffset?> PasswordChangedAtAsync(Guid userId, CancellationToken cancellationToken);
}
