namespace CronHooks.Application.Common.Ports;

/// <summary>One-way password hashing with a slow, salted algorithm.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    /// <summary>True when <paramref name="password"/> matches <paramref name="hash"/>.</summary>
    bool Verify(string hash, string password);
}
