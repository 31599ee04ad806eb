using FluentValidation;

namespace CronHooks.Application.Common.Paging;

/// <summary>Paging limits shared by every list endpoint.</summary>
public static class PageRules
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Deep enough for any real listing (10 million rows at the largest page size); (page − 1) × size never overflows.</summary>
    public const int MaxPage = 100_000;

    public static void ValidPage<T>(this IRuleBuilder<T, int> rule) => rule.InclusiveBetween(1, MaxPage);

    public static void ValidPageSize<T>(this IRuleBuilder<T, int> rule) => rule.InclusiveBetween(1, MaxPageSize);
}
