using System.Globalization;

namespace CronHooks.Bench;

/// <summary>The command line: <c>&lt;scenario&gt; [--runs N] [--quick] [--name value ...]</c>.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> values = new(StringComparer.OrdinalIgnoreCase);

    public string Scenario { get; private init; } = "";

    /// <summary>Smaller sizes and shorter steps, for a smoke run; recorded in every result.</summary>
    public bool Quick { get; private init; }

    public int Runs => Int("runs", 3);

    public IReadOnlyDictionary<string, string> Given => values;

    public static BenchArgs Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
            throw new ArgumentException("usage: CronHooks.Bench <scenario> [--runs N] [--quick] [--option value ...]");
        var parsed = new BenchArgs { Scenario = args[0], Quick = args.Contains("--quick") };
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            var name = args[i][2..];
            if (name is "quick" or "no-build")
                parsed.values[name] = "true";
            else if (i + 1 < args.Length)
                parsed.values[name] = args[++i];
            else
                throw new ArgumentException($"--{name} needs a value");
        }
        return parsed;
    }

    public bool Flag(string name) => values.ContainsKey(name);

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public int[] Ints(string name, int[] fallback) =>
        values.TryGetValue(name, out var v)
            ? v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : fallback;
}
