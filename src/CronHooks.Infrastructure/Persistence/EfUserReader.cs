using CronHooks.Application.Common.Ports;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Infrastructure.Persistence;

/// <summary><see cref="IUserReader"/> on the request's own context.</summary>
internal sealed class EfUserReader(CronHooksDbContext db) : IUserReader
{
    // Every authenticated request runs this: compiled once, it skips building and looking up the LINQ query
    // each time (a tenth of the API's CPU per create, docs/PERFORMANCE.md).
    private static readonly Func<CronHooksDbContext, Guid, CancellationToken, Task<DateTimeOffset?>> PasswordChangedAt =
        EF.CompileAsyncQuery((CronHooksDbContext context, Guid userId, CancellationToken _) =>
            context.Users.AsNoTracking().Where(u => u.Id == userId && u.DisabledAt == null).Select(u => (DateTimeOffset?)u.PasswordChangedAt).SingleOrDefault());

    public Task<DateTimeOffset?> PasswordChangedAtAsync(Guid userId, CancellationToken cancellationToken) =>
        PasswordChangedAt(db, userId, cancellationToken);
}
