using FluentValidation;

namespace CronHooks.Application.Common.Paging;

/// <summary>Paging limits shared by every list endpoint.</summary>
public static class PageRules
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static void ValidPage<T>(this IRuleBuilder<T, int> rule) => rule.GreaterThanOrEqualTo(1);

    public static void ValidPageSize<T>(this IRuleBuilder<T, int> rule) => rule.InclusiveBetween(1, MaxPageSize);
}
