using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CronHooks.TestSupport.Host;

/// <summary>
/// The real API pipeline, in process, on the test database with the test secrets and no sign-in limits.
/// <typeparamref name="TEntryPoint"/> is the API's <c>Program</c> (generic so this project need not reference the API).
/// </summary>
public class ApiHostFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in TestSettings.For(TestDatabase.ConnectionString).With(TestSettings.UnlimitedSignIns))
            builder.UseSetting(key, value);
    }
}
