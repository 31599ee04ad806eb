using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CronHooks.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running app or database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CronHooksDbContext>
{
    public CronHooksDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<CronHooksDbContext>()
        .UseNpgsql("Host=localhost;Database=cronhooks_design", npgsql => npgsql.MigrationsHistoryTable(MigrationHistory.TableName))
        .UseSnakeCaseNamingConvention()
        .Options);
}
