using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CronHooks.Bench.Environment;

namespace CronHooks.Bench.Reporting;

/// <summary>
/// A scenario's result: figures (per-run values, median, ratios), the machine at start and end, commit and
/// settings, plus free-form details (plans, table stats). Written to bench/results/&lt;scenario&gt;.json, and
/// printed as a short table.
/// </summary>
internal sealed class ResultFile(string scenario)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly Machine atStart = Machine.Now();

    public string Scenario { get; } = scenario;
    public List<Figure> Figures { get; } = [];
    public JsonObject Settings { get; } = [];
    public JsonObject Details { get; } = [];
    public List<string> Notes { get; } = [];

    public Figure Figure(string name, string unit, string target = "")
    {
        var existing = Figures.FirstOrDefault(f => f.Name == name);
        if (existing is not null)
            return existing;
        var figure = new Figure(name, unit, target);
        Figures.Add(figure);
        return figure;
    }

    public static string ResultsDirectory => Path.Combine(Repository.Root, "bench", "results");

    public string Write()
    {
        var root = new JsonObject
        {
            ["scenario"] = Scenario,
            ["finishedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["commit"] = Repository.Commit(),
            ["machine"] = JsonSerializer.SerializeToNode(atStart with { LoadAverage = atStart.LoadAverage }),
            ["loadAverageAtEnd"] = Machine.LoadAverageNow(),
            ["settings"] = Settings.DeepClone(),
            ["figures"] = new JsonArray(Figures.Select(f => (JsonNode)new JsonObject
            {
                ["name"] = f.Name,
                ["unit"] = f.Unit,
                ["median"] = Number(f.Median),
                ["runs"] = new JsonArray(f.Runs.Select(v => (JsonNode?)Number(v)).ToArray()),
                ["ratioToCeiling"] = f.RatioToCeiling is { } c ? Number(c) : null,
                ["ceiling"] = f.CeilingName,
                ["ratioToBaseline"] = f.RatioToBaseline is { } b ? Number(b) : null,
                ["target"] = f.Target,
            }).ToArray()),
            ["notes"] = new JsonArray(Notes.Select(n => (JsonNode?)n).ToArray()),
            ["details"] = Details.DeepClone(),
        };
        Directory.CreateDirectory(ResultsDirectory);
        var path = Path.Combine(ResultsDirectory, Scenario + ".json");
        File.WriteAllText(path, root.ToJsonString(Json) + "\n");
        PrintTable();
        Console.WriteLine($"wrote {path}");
        return path;
    }

    private static JsonValue? Number(double value) =>
        double.IsNaN(value) || double.IsInfinity(value) ? null : JsonValue.Create(Math.Round(value, 3));

    private void PrintTable()
    {
        Console.WriteLine();
        Console.WriteLine($"== {Scenario} (machine load at start {atStart.LoadAverage}, at end {Machine.LoadAverageNow()}) ==");
        Console.WriteLine($"{"figure",-58} {"median",12} {"unit",-10} {"÷ceiling",9} {"÷baseline",9}  target");
        foreach (var f in Figures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{f.Name,-58} {f.Median,12:0.###} {f.Unit,-10} {Format(f.RatioToCeiling),9} {Format(f.RatioToBaseline),9}  {f.Target}"));
        }
        foreach (var note in Notes)
            Console.WriteLine("note: " + note);
    }

    private static string Format(double? ratio) => ratio is { } r ? r.ToString("0.###", CultureInfo.InvariantCulture) : "-";
}
