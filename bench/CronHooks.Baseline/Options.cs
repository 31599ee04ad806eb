namespace CronHooks.Baseline;

/// <summary>
/// The command line as "--name value" pairs. Hand-rolled because the contract is tiny and the benchmark
/// harness, not a person, is its main user: unknown or missing options stop the program with a message.
/// </summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> values;

    private Options(Dictionary<string, string> values) => this.values = values;

    public static Options Parse(IReadOnlyList<string> args, params string[] known)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || !known.Contains(name[2..]))
                throw new UsageException($"Unknown option '{name}'. Known: {string.Join(", ", known.Select(k => "--" + k))}.");
            if (i + 1 >= args.Count)
                throw new UsageException($"Option '{name}' needs a value.");
            values[name[2..]] = args[++i];
        }
        return new Options(values);
    }

    public string? Optional(string name) => values.GetValueOrDefault(name);

    public string Required(string name) =>
        Optional(name) ?? throw new UsageException($"Option '--{name}' is required.");

    public int Int(string name, int? fallback = null)
    {
        var text = Optional(name);
        if (text is null)
            return fallback ?? throw new UsageException($"Option '--{name}' is required.");
        return int.TryParse(text, out var value) && value >= 0
            ? value
            : throw new UsageException($"Option '--{name}' must be a non-negative integer, not '{text}'.");
    }
}

/// <summary>A command line the program cannot act on; reported without a stack trace.</summary>
internal sealed class UsageException(string message) : Exception(message);
