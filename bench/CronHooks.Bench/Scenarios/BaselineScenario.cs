namespace CronHooks.Bench.Scenarios;

/// <summary><c>baseline</c>: placeholder until the baseline branch is merged.</summary>
internal static class BaselineScenario
{
    public const string Project = "bench/CronHooks.Baseline";

    public static Task RunAsync(ScenarioContext context) =>
        throw new NotSupportedException("the baseline project is not merged yet");
}
