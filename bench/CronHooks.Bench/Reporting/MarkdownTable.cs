using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CronHooks.Bench.Reporting;

/// <summary><c>report</c>: the table in docs/PERFORMANCE.md, made from the committed results so the two cannot disagree.</summary>
internal static class MarkdownTable
{
    private static readonly string[] Order = ["ceiling", "burst", "sustained", "punctuality", "soak", "api", "failover", "scale", "baseline", "floor"];

    public static string Build()
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | figure | median | runs | ÷ ceiling | ÷ baseline | target | command (`dotnet run -c Release --project bench/CronHooks.Bench -- …`) | load avg (start → end) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var scenario in Order)
        {
            var path = Path.Combine(ResultFile.ResultsDirectory, scenario + ".json");
            if (!File.Exists(path))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {scenario} | *not run* | | | | | | | |");
                continue;
            }
            var root = JsonNode.Parse(File.ReadAllText(path))!;
            var load = $"{root["machine"]?["LoadAverage"]} → {root["loadAverageAtEnd"]}";
            var command = Command(root["settings"]?["arguments"]?.ToString() ?? scenario);
            foreach (var figure in root["figures"]!.AsArray())
            {
                var runs = string.Join(", ", figure!["runs"]!.AsArray().Select(r => Format(r)));
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {scenario} | {figure["name"]} | {Format(figure["median"])} {figure["unit"]} | {runs} | {Ratio(figure["ratioToCeiling"], figure["ceiling"])} | {Ratio(figure["ratioToBaseline"], null)} | {figure["target"]} | {command} | {load} |");
            }
        }
        return text.ToString();
    }

    /// <summary>The arguments the result was made with, as a user would type them again (build skipping left out).</summary>
    private static string Command(string arguments) =>
        $"`{string.Join(' ', arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(a => a != "--no-build"))}`";

    private static string Format(JsonNode? value) => value is null ? "–" : ((double)value).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Ratio(JsonNode? value, JsonNode? of) => value is null ? "" : $"{Format(value)}{(of is null ? "" : $" ({of})")}";
}
