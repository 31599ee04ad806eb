namespace CronHooks.Cli.Common;

/// <summary>Writes for people: colour only on a terminal, and never when NO_COLOR is set.</summary>
internal sealed class Terminal(TextWriter output, TextWriter error, bool colour)
{
    public static Terminal Console() => new(
        System.Console.Out, System.Console.Error,
        !System.Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && Environment.GetEnvironmentVariable("TERM") != "dumb");

    public TextWriter Out => output;
    public TextWriter Error => error;

    public void Line(string text = "") => output.WriteLine(text);

    public string Green(string text) => Paint("32", text);
    public string Red(string text) => Paint("31", text);
    public string Yellow(string text) => Paint("33", text);
    public string Dim(string text) => Paint("2", text);
    public string Bold(string text) => Paint("1", text);

    public string Status(string status) => status switch
    {
        "success" => Green(status),
        "failed" => Red(status),
        "retrying" or "skipped" => Yellow(status),
        _ => status,
    };

    private string Paint(string code, string text) => colour ? $"\u001b[{code}m{text}\u001b[0m" : text;

    /// <summary>Left-aligned columns sized to their widest cell, with the header in bold.</summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => Visible(r[i]).Length))).ToArray();
        output.WriteLine(Bold(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd()));
        foreach (var row in all)
            output.WriteLine(string.Join("  ", row.Select((c, i) => c + new string(' ', widths[i] - Visible(c).Length))).TrimEnd());
    }

    // Colour codes take no room on screen.
    private static string Visible(string cell) =>
        System.Text.RegularExpressions.Regex.Replace(cell, "\u001b\\[[0-9;]*m", "");
}
