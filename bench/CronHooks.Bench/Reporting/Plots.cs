using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace CronHooks.Bench.Reporting;

/// <summary>
/// The plots every scenario commits beside its JSON: the lateness (or latency) distribution as percentile
/// curves, and throughput per second over time, one line per case. SVG from OxyPlot's managed exporter.
/// </summary>
internal static class Plots
{
    public static void Write(string scenario, string latencyTitle,
        IReadOnlyList<(string Name, double[] SamplesMs)> latencies,
        IReadOnlyList<(string Name, IReadOnlyList<DateTimeOffset> Events)> throughput)
    {
        Directory.CreateDirectory(ResultFile.ResultsDirectory);
        var distribution = new PlotModel { Title = $"{scenario}: {latencyTitle} distribution" };
        distribution.Legends.Add(new Legend { LegendPosition = LegendPosition.LeftTop });
        distribution.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "percentile", Minimum = 0, Maximum = 100 });
        distribution.Axes.Add(new LogarithmicAxis { Position = AxisPosition.Left, Title = latencyTitle + " (ms, log)" });
        foreach (var (name, samples) in latencies.Where(l => l.SamplesMs.Length > 0))
        {
            var sorted = samples.Select(s => Math.Max(s, 0.1)).Order().ToArray();
            var line = new LineSeries { Title = name };
            var step = Math.Max(1, sorted.Length / 500);
            for (var i = 0; i < sorted.Length; i += step)
                line.Points.Add(new DataPoint(100.0 * (i + 1) / sorted.Length, sorted[i]));
            line.Points.Add(new DataPoint(100, sorted[^1]));
            distribution.Series.Add(line);
        }
        Save(distribution, $"{scenario}-latency.svg");

        var overTime = new PlotModel { Title = $"{scenario}: throughput over time" };
        overTime.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop });
        overTime.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "seconds since first event" });
        overTime.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "events per second", Minimum = 0 });
        foreach (var (name, events) in throughput.Where(t => t.Events.Count > 0))
        {
            var start = events.Min();
            var buckets = events.GroupBy(e => (int)((e - start).TotalSeconds * 4)).ToDictionary(g => g.Key, g => g.Count());
            var line = new LineSeries { Title = name };
            for (var b = 0; b <= buckets.Keys.Max(); b++)
                line.Points.Add(new DataPoint(b / 4.0, buckets.GetValueOrDefault(b) * 4.0));
            overTime.Series.Add(line);
        }
        Save(overTime, $"{scenario}-throughput.svg");
    }

    private static void Save(PlotModel model, string file)
    {
        model.Background = OxyColors.White;
        using var stream = File.Create(Path.Combine(ResultFile.ResultsDirectory, file));
        new SvgExporter { Width = 900, Height = 500 }.Export(model, stream);
    }
}
