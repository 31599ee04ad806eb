namespace CronHooks.EndToEndTests;

/// <summary>Files of the repository the tests run from (found by walking up to CronHooks.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CronHooks.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No CronHooks.sln above {AppContext.BaseDirectory}.");
    }
}
