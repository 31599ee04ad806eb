using FluentValidation;

namespace CronHooks.Application.Stats.Common;

/// <summary>
/// The periods statistics can cover, each with the bucket size of its time series: fine enough for a
/// chart, coarse enough that a 30-day series stays at about 30 points.
/// </summary>
public sealed record StatsWindow(string Name, TimeSpan Length, TimeSpan Bucket)
{
    public const string Default = "24h";

    public static readonly IReadOnlyList<StatsWindow> All =
    [
        new("24h", TimeSpan.FromHours(24), TimeSpan.FromHours(1)),
        new("7d", TimeSpan.FromDays(7), TimeSpan.FromHours(6)),
        new("30d", TimeSpan.FromDays(30), TimeSpan.FromDays(1)),
    ];

    public static StatsWindow? Find(string? name) => All.SingleOrDefault(w => w.Name == name);

    /// <summary>The scope of a statistics query ending at <paramref name="now"/>.</summary>
    public StatsScope ScopeFor(Guid ownerId, Guid? webhookId, DateTimeOffset now) =>
        new(ownerId, webhookId, now - Length, now, Bucket);
}

internal static class StatsWindowRules
{
    public static void ValidStatsWindow<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(name => StatsWindow.Find(name) is not null)
            .WithMessage($"'{{PropertyValue}}' is not one of: {string.Join(", ", StatsWindow.All.Select(w => w.Name))}.");
}
