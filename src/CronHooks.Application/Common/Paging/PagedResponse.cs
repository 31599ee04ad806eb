namespace CronHooks.Application.Common.Paging;

/// <summary>One page of a list, with what a client needs to fetch the next.</summary>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);
