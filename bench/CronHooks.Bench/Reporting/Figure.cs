using CronHooks.Bench.Measuring;

namespace CronHooks.Bench.Reporting;

/// <summary>
/// One reported number: its value in every run, the median, and the median of per-run ratios to the
/// reference (ceiling or baseline) measured in that same run.
/// </summary>
internal sealed class Figure(string name, string unit, string target = "")
{
    public string Name { get; } = name;
    public string Unit { get; } = unit;
    public string Target { get; } = target;
    public List<double> Runs { get; } = [];
    public List<double> RatiosToCeiling { get; } = [];
    public List<double> RatiosToBaseline { get; } = [];
    public string? CeilingName { get; set; }

    public double Median => Stats.Median(Runs);
    public double? RatioToCeiling => RatiosToCeiling.Count == 0 ? null : Stats.Median(RatiosToCeiling);
    public double? RatioToBaseline => RatiosToBaseline.Count == 0 ? null : Stats.Median(RatiosToBaseline);

    public Figure Add(double value, double? ceiling = null)
    {
        Runs.Add(value);
        if (ceiling is > 0)
            RatiosToCeiling.Add(value / ceiling.Value);
        return this;
    }
}
