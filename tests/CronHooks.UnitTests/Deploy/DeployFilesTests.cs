using System.Text.Json;
using System.Text.RegularExpressions;
using CronHooks.Infrastructure.Delivery.Security;
using CronHooks.Infrastructure.Identity;
using CronHooks.Infrastructure.Persistence;
using CronHooks.TestSupport;
using YamlDotNet.RepresentationModel;

namespace CronHooks.UnitTests.Deploy;

/// <summary>
/// The deploy files, checked the way kubectl's client-side dry run and docker compose would read
/// them (there is no cluster or Docker engine here): they parse, name what they must, and give the
/// services every setting they refuse to start without.
/// </summary>
public sealed partial class DeployFilesTests
{
    /// <summary>Settings without which a process does not start, spelled as environment variables.</summary>
    private static readonly string ConnectionString = $"ConnectionStrings__{DatabaseOptions.ConnectionStringName}";
    private static readonly string SigningKey = $"{JwtOptions.Section}__{nameof(JwtOptions.SigningKey)}";
    private static readonly string[] RequiredByApi = [ConnectionString, SigningKey];
    private static readonly string[] RequiredByScheduler = [ConnectionString];

    private static readonly string Deploy = RepositoryRoot.PathOf("deploy");

    private static IEnumerable<string> ManifestFiles() =>
        Directory.GetFiles(Path.Combine(Deploy, "k8s"), "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml").Order();

    private static List<YamlMappingNode> Manifests() => ManifestFiles().SelectMany(Documents).ToList();

    [Test]
    public void K8sManifests_EachHasApiVersionKindAndName()
    {
        var manifests = Manifests();

        Assert.That(manifests, Has.Count.GreaterThanOrEqualTo(7));
        foreach (var manifest in manifests)
        {
            Assert.That(manifest.Text("apiVersion"), Is.Not.Empty, manifest.ToString());
            Assert.That(manifest.Text("kind"), Is.Not.Empty, manifest.ToString());
            Assert.That(manifest.Text("metadata", "name"), Does.Match("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"), manifest.ToString());
            Assert.That(manifest.Find("metadata", "namespace"), Is.Null, "manifests stay namespace-agnostic");
        }
    }

    [Test]
    public void Kustomization_ListsEveryManifestFile()
    {
        var kustomization = Documents(Path.Combine(Deploy, "k8s", "kustomization.yaml")).Single();

        var listed = ((YamlSequenceNode)kustomization.Find("resources")!).Select(n => ((YamlScalarNode)n).Value).Order();

        Assert.That(listed, Is.EqualTo(ManifestFiles().Select(Path.GetFileName)));
    }

    [Test]
    public void Deployments_HaveProbesResourcesAndRunAsNonRootOnAReadOnlyFileSystem()
    {
        var deployments = Manifests().Where(m => m.Text("kind") == "Deployment").ToList();

        Assert.That(deployments.Select(d => d.Text("metadata", "name")), Is.EquivalentTo(new[] { "cronhooks-api", "cronhooks-scheduler" }));
        foreach (var deployment in deployments)
        {
            var pod = deployment.Map("spec", "template", "spec");
            var name = deployment.Text("metadata", "name");
            Assert.That(pod.Text("securityContext", "runAsNonRoot"), Is.EqualTo("true"), name);
            foreach (var container in Containers(pod))
            {
                Assert.Multiple(() =>
                {
                    Assert.That(container.Text("livenessProbe", "httpGet", "path"), Is.EqualTo("/health/live"), name);
                    Assert.That(container.Text("readinessProbe", "httpGet", "path"), Is.EqualTo("/health/ready"), name);
                    Assert.That(container.Text("resources", "requests", "cpu"), Is.Not.Empty, name);
                    Assert.That(container.Text("resources", "requests", "memory"), Is.Not.Empty, name);
                    Assert.That(container.Text("securityContext", "readOnlyRootFilesystem"), Is.EqualTo("true"), name);
                    Assert.That(container.Text("securityContext", "allowPrivilegeEscalation"), Is.EqualTo("false"), name);
                });
            }
        }
    }

    [Test]
    public void Scheduler_HasThreeReplicasAPodDisruptionBudgetAndGraceLongerThanTheDrain()
    {
        var manifests = Manifests();
        var scheduler = manifests.Single(m => m.Text("kind") == "Deployment" && m.Text("metadata", "name") == "cronhooks-scheduler");
        var podLabels = Labels(scheduler.Map("spec", "template", "metadata", "labels"));

        var budgets = manifests.Where(m => m.Text("kind") == "PodDisruptionBudget"
            && Labels(m.Map("spec", "selector", "matchLabels")).All(l => podLabels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(int.Parse(scheduler.Text("spec", "replicas")), Is.GreaterThanOrEqualTo(3));
            Assert.That(budgets, Has.Count.EqualTo(1), "one PodDisruptionBudget selects the scheduler pods");
            Assert.That(int.Parse(budgets.Single().Text("spec", "minAvailable")), Is.InRange(1, int.Parse(scheduler.Text("spec", "replicas")) - 1));
            Assert.That(int.Parse(scheduler.Text("spec", "template", "spec", "terminationGracePeriodSeconds")), Is.GreaterThanOrEqualTo(60));
        });
    }

    [Test]
    public void Workloads_GetEveryRequiredSettingFromTheConfigMapOrSecret()
    {
        var manifests = Manifests();
        var provided = manifests.Where(m => m.Text("kind") is "ConfigMap" or "Secret")
            .ToDictionary(m => m.Text("metadata", "name"), m => Labels(m.Find("data") as YamlMappingNode ?? m.Map("stringData")).Keys.ToHashSet());

        foreach (var (workload, required) in new[] { ("cronhooks-api", RequiredByApi), ("cronhooks-scheduler", RequiredByScheduler), ("cronhooks-migrate", [ConnectionString]) })
        {
            var pod = manifests.Single(m => m.Text("metadata", "name") == workload && m.Text("kind") is "Deployment" or "Job").Map("spec", "template", "spec");
            foreach (var container in Containers(pod))
            {
                var names = ((YamlSequenceNode)container.Find("envFrom")!).Cast<YamlMappingNode>()
                    .SelectMany(source => provided[source.Text(source.Find("secretRef") is null ? "configMapRef" : "secretRef", "name")]);
                Assert.That(names, Is.SupersetOf(required), workload);
            }
        }
    }

    [Test]
    public void MigrationJob_RunsTheApiImagesMigrateCommand()
    {
        var job = Manifests().Single(m => m.Text("kind") == "Job");
        var container = Containers(job.Map("spec", "template", "spec")).Single();

        Assert.That(container.Text("image"), Does.StartWith("cronhooks-api"));
        Assert.That(((YamlSequenceNode)container.Find("args")!).Select(a => a.ToString()), Is.EqualTo(new[] { "migrate" }));
    }

    [Test]
    public void Compose_NamesEveryRequiredSettingAndRunsTheMigrationFirst()
    {
        var compose = Documents(Path.Combine(Deploy, "docker-compose.yml")).Single();
        var services = compose.Map("services");
        var byName = services.Children.ToDictionary(c => c.Key.ToString(), c => (YamlMappingNode)c.Value);
        var schedulers = byName.Keys.Where(n => n.StartsWith("scheduler", StringComparison.Ordinal)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(byName.Keys, Is.SupersetOf(new[] { "postgres", "migrate", "api" }));
            Assert.That(schedulers, Has.Count.GreaterThanOrEqualTo(2));
            Assert.That(((YamlSequenceNode)byName["migrate"].Find("command")!).Select(a => a.ToString()), Is.EqualTo(new[] { "migrate" }));
            Assert.That(byName["migrate"].Text("depends_on", "postgres", "condition"), Is.EqualTo("service_healthy"));
            Assert.That(Environment(byName["migrate"]).Keys, Does.Contain(ConnectionString));
            Assert.That(Environment(byName["api"]).Keys, Is.SupersetOf(RequiredByApi));
            Assert.That(byName["api"].Text("depends_on", "migrate", "condition"), Is.EqualTo("service_completed_successfully"));
            foreach (var scheduler in schedulers)
            {
                Assert.That(Environment(byName[scheduler]).Keys, Is.SupersetOf(RequiredByScheduler), scheduler);
                Assert.That(byName[scheduler].Text("depends_on", "migrate", "condition"), Is.EqualTo("service_completed_successfully"), scheduler);
            }
            foreach (var (name, service) in byName.Where(s => s.Key != "postgres"))
                Assert.That(service.Text("read_only"), Is.EqualTo("true"), name);
        });
    }

    [TestCase("api.Dockerfile", "CronHooks.Api.dll")]
    [TestCase("scheduler.Dockerfile", "CronHooks.Scheduler.dll")]
    public void Dockerfile_IsMultiStageNonRootWithAHealthCheck(string file, string entry)
    {
        var lines = File.ReadAllLines(Path.Combine(Deploy, file)).Where(l => !l.TrimStart().StartsWith('#')).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2));
            Assert.That(lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal)), Is.Not.EqualTo("USER root"));
            Assert.That(lines.Any(l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal)), Is.True);
            Assert.That(string.Join('\n', lines), Does.Contain("/health/live"));
            Assert.That(lines.Last(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal)), Does.Contain(entry));
        });
    }

    [Test]
    public void GrafanaDashboard_UsesOnlyMetricsTheServicesExport()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Deploy, "grafana", "cronhooks-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!)).ToList();

        var used = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value))
            .Select(n => Regex.Replace(n, "_(bucket|count|sum)$", "")).ToHashSet();

        Assert.That(used, Is.Not.Empty);
        Assert.That(used, Is.SubsetOf(CronHooks.Infrastructure.Observability.MetricNames.All));
    }

    [Test]
    public void SchedulerEgressPolicy_WhenApplied_ExcludesEveryBlockedNetwork()
    {
        var policy = Manifests().Single(m => m.Text("kind") == "NetworkPolicy" && m.Text("spec", "podSelector", "matchLabels", "app.kubernetes.io/name") == "cronhooks-scheduler");
        var blocks = ((YamlSequenceNode)policy.Find("spec", "egress")!).Cast<YamlMappingNode>()
            .SelectMany(rule => ((YamlSequenceNode?)rule.Find("to"))?.Cast<YamlMappingNode>() ?? [])
            .Select(peer => peer.Find("ipBlock") as YamlMappingNode).OfType<YamlMappingNode>()
            .ToDictionary(b => b.Text("cidr"), b => ((YamlSequenceNode?)b.Find("except"))?.Select(e => e.ToString()).ToList() ?? []);

        Assert.Multiple(() =>
        {
            Assert.That(policy.Find("spec", "policyTypes")!.ToString(), Does.Contain("Egress"));
            Assert.That(blocks.Keys, Is.EquivalentTo(new[] { "0.0.0.0/0", "2000::/3" }));
            Assert.That(blocks["0.0.0.0/0"], Is.EquivalentTo(BlockedNetworks.IPv4.Select(n => n.ToString())));
            Assert.That(blocks["2000::/3"], Is.EquivalentTo(BlockedNetworks.IPv6.Select(n => n.ToString())));
        });
    }

    private static IEnumerable<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
            stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
    }

    private static IEnumerable<YamlMappingNode> Containers(YamlMappingNode podSpec) =>
        ((YamlSequenceNode)podSpec.Find("containers")!).Cast<YamlMappingNode>();

    private static Dictionary<string, string> Labels(YamlMappingNode node) =>
        node.Children.ToDictionary(c => c.Key.ToString(), c => c.Value.ToString());

    private static Dictionary<string, string> Environment(YamlMappingNode service) => Labels(service.Map("environment"));

    [GeneratedRegex(@"\b(cronhooks|http)_[a-z_]+")]
    private static partial Regex MetricName();
}

internal static class YamlPath
{
    public static YamlNode? Find(this YamlMappingNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out current))
                return null;
        }
        return current;
    }

    public static YamlMappingNode Map(this YamlMappingNode node, params string[] path) =>
        node.Find(path) as YamlMappingNode ?? throw new AssertionException($"no mapping at {string.Join('.', path)}");

    public static string Text(this YamlMappingNode node, params string[] path) => (node.Find(path) as YamlScalarNode)?.Value ?? "";
}
