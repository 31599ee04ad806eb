namespace CronHooks.TestSupport;

/// <summary>The checkout the tests run from (the folder holding CronHooks.sln) and the build outputs inside it.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The repository's root folder.</summary>
    public static string Path => Root.Value;

    /// <summary>A file or folder of the repository, e.g. <c>PathOf("openapi/cronhooks.v1.json")</c>.</summary>
    public static string PathOf(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    /// <summary>
    /// The built dll of a project, e.g. <c>BuildOutput("src/CronHooks.Scheduler")</c>:
    /// <c>{project}/bin/{configuration}/{framework}/{name}.dll</c>, built the same way as the running assembly (its output
    /// sits at <c>…/bin/{configuration}/{framework}/</c>). Not checked for existence: the process harness reports a missing one.
    /// </summary>
    public static string BuildOutput(string project)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var name = System.IO.Path.GetFileName(project);
        return System.IO.Path.Combine(Path, project, "bin", output.Parent!.Name, output.Name, name + ".dll");
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CronHooks.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No CronHooks.sln above {AppContext.BaseDirectory}.");
    }
}
