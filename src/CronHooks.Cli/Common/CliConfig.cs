using System.Text.Json;

namespace CronHooks.Cli.Common;

/// <summary>Where the CLI finds the API and the credential: CRONHOOKS_URL / CRONHOOKS_TOKEN, else the file `login` wrote.</summary>
internal sealed record CliConfig(string? Url, string? Token)
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>$XDG_CONFIG_HOME/cronhooks/config.json (~/.config/cronhooks on Linux, %APPDATA%\cronhooks on Windows).</summary>
    public static string FilePath => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "cronhooks", "config.json");

    public static CliConfig Load()
    {
        var stored = File.Exists(FilePath)
            ? JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(FilePath), CliJson.Options) ?? new CliConfig(null, null)
            : new CliConfig(null, null);
        return new CliConfig(
            NonEmpty(Environment.GetEnvironmentVariable("CRONHOOKS_URL")) ?? stored.Url ?? DefaultUrl,
            NonEmpty(Environment.GetEnvironmentVariable("CRONHOOKS_TOKEN")) ?? stored.Token);
    }

    /// <summary>Writes the file readable by its owner only (0600): it holds a credential.</summary>
    public void Save()
    {
        var folder = Path.GetDirectoryName(FilePath)!;
        Directory.CreateDirectory(folder);
        var temporary = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
            JsonSerializer.Serialize(stream, this, CliJson.Indented);
        File.Move(temporary, FilePath, overwrite: true);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
