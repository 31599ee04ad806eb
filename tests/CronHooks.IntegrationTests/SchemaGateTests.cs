using Npgsql;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CronHooks.IntegrationTests;

public sealed class SchemaGateTests
{
    [Test]
    public async Task Api_WhenSchemaIsBehindTheCode_RefusesToStartAndSaysWhatToRun()
    {
        var empty = await TestDatabase.CreateEmptyAsync();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in TestSettings.For(empty))
                builder.UseSetting(key, value);
        });

        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());

        Assert.That(error!.Message, Does.Contain("schema is behind").And.Contain("migrate"));
        // Refusing means refusing: nothing was created in the database.
        await using var connection = new NpgsqlConnection(empty);
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')", connection);
        Assert.That(await tables.ExecuteScalarAsync(), Is.Zero);
    }
}
