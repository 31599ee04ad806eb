using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CronHooks.Infrastructure.Persistence;

/// <summary>
/// Reads and applies migrations without EF querying a history table that does not exist yet: EF logs that
/// query's failure as an error on every fresh database, which reads like a real problem on a first start.
/// </summary>
public static class MigrationHistory
{
    /// <summary>The table EF records applied migrations in.</summary>
    public const string TableName = "__ef_migrations_history";

    /// <summary>The migrations not applied yet; all of them while the history table is missing.</summary>
    internal static async Task<List<string>> PendingMigrationsAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        // Asked of the catalog: the provider's own existence check is that very query, whose failure it logs.
        var exists = await database.SqlQuery<bool>($"SELECT to_regclass({TableName}) IS NOT NULL AS \"Value\"").SingleAsync(cancellationToken);
        if (!exists)
            return database.GetMigrations().ToList();
        return (await database.GetPendingMigrationsAsync(cancellationToken)).ToList();
    }

    /// <summary>Creates the history table first (if missing), so migrating reads an empty history instead of failing to.</summary>
    internal static async Task ApplyMigrationsAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await database.MigrateAsync(cancellationToken);
    }
}
