using CronHooks.Bench;
using CronHooks.Bench.Environment;
using CronHooks.Bench.Reporting;
using CronHooks.Bench.Scenarios;

// The benchmark harness (docs/PERFORMANCE.md): dotnet run -c Release --project bench/CronHooks.Bench -- <scenario> [options]
var scenarios = new Dictionary<string, Func<ScenarioContext, Task>>
{
    ["ceiling"] = CeilingScenario.RunAsync,
    ["burst"] = BurstScenario.RunAsync,
    ["sustained"] = SustainedScenario.RunAsync,
    ["punctuality"] = PunctualityScenario.RunAsync,
    ["api"] = ApiScenario.RunAsync,
    ["failover"] = FailoverScenario.RunAsync,
    ["scale"] = ScaleScenario.RunAsync,
    ["baseline"] = BaselineScenario.RunAsync,
    ["soak"] = SoakScenario.RunAsync,
    ["floor"] = FloorScenario.RunAsync,
};

if (args is ["report"])
{
    Console.Write(MarkdownTable.Build());
    return 0;
}

BenchArgs parsed;
try
{
    parsed = BenchArgs.Parse(args);
    if (!scenarios.ContainsKey(parsed.Scenario))
        throw new ArgumentException($"unknown scenario '{parsed.Scenario}'; known: {string.Join(", ", scenarios.Keys)}");
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (!parsed.Flag("no-build"))
{
    Repository.Build("src/CronHooks.Api", "src/CronHooks.Scheduler");
    if (parsed.Scenario == "baseline")
        Repository.Build(BaselineScenario.Project);
}

var result = new ResultFile(parsed.Scenario);
result.Settings["runs"] = parsed.Runs;
result.Settings["quick"] = parsed.Quick;
result.Settings["arguments"] = string.Join(' ', args);
await using var postgres = await BenchPostgres.StartAsync(parsed.Given.GetValueOrDefault("pg"));
await using var receiver = await Receiver.StartAsync();
await scenarios[parsed.Scenario](new ScenarioContext(parsed, postgres, receiver, result));
result.Details["topStatements"] = await CronHooks.Bench.Measuring.TopStatements.ReadAsync(postgres.ConnectionString(CronHooksStack.Database));
result.Write();
return 0;
