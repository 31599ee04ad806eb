using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CronHooks.EndToEndTests.RunScript;

/// <summary>
/// ./run.sh as a new user meets it, run for real (its own PostgreSQL, data directory and ports, the binaries
/// ./test.sh has built): it supervises the services and reports what fails. Deadlines are generous; the
/// assertions are about outcomes and order.
/// </summary>
[NonParallelizable]
public sealed class RunScriptTests
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(4);

    [Test]
    public async Task RunSh_WhenASchedulerNodeIsKilled_KeepsTheOthersRestartsItAndStopsEverythingOnSigterm()
    {
        await using var run = await RunScript.StartAsync();
        await run.WaitForOutputAsync("Press Ctrl-C to stop.", StartDeadline);
        var api = run.ReadPid("api");
        var killed = run.ReadPid("scheduler-1");
        var other = run.ReadPid("scheduler-2");
        var postgres = run.PostgresPid();

        Process.GetProcessById(killed).Kill();   // SIGKILL, as `kill -9` would

        await run.WaitForOutputAsync($"scheduler-1 (pid {killed}) exited with signal 9 (SIGKILL)", TimeSpan.FromMinutes(1));
        await run.WaitForOutputAsync("scheduler-1 is ready again.", StartDeadline);
        var restarted = run.ReadPid("scheduler-1");
        var apiReady = await RunScript.ReadyAsync(run.ApiPort);
        var restartedReady = await RunScript.ReadyAsync(run.ApiPort + 1);
        Assert.Multiple(() =>
        {
            Assert.That(restarted, Is.Not.EqualTo(killed), "the pid file names the new process");
            Assert.That(IsRunning(restarted), Is.True, "the restarted node is alive");
            Assert.That(run.ReadPid("api"), Is.EqualTo(api), "the API was not restarted");
            Assert.That(run.ReadPid("scheduler-2"), Is.EqualTo(other), "the other node was not restarted");
            Assert.That(IsRunning(api) && IsRunning(other), Is.True);
            Assert.That(apiReady, Is.EqualTo(HttpStatusCode.OK), "the API kept answering");
            Assert.That(restartedReady, Is.EqualTo(HttpStatusCode.OK), "the restarted node is ready");
        });

        run.Signal("TERM");
        var exitCode = await run.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.That(exitCode, Is.Zero, "a requested stop is a clean exit");
        Assert.That(new[] { api, restarted, other, postgres }.Where(IsRunning), Is.Empty, "nothing outlives run.sh, PostgreSQL included");
        Assert.That(Directory.GetFiles(Path.Combine(run.Data, "pids")), Is.Empty);
        Assert.That(run.Output, Has.Some.Contains("Stopped."));
    }

    [Test]
    public async Task RunSh_WhenTheApiCannotStart_ExitsNonZeroNamingItAndStopsTheRest()
    {
        await using var run = await RunScript.StartAsync(occupyApiPort: true);

        var exitCode = await run.WaitForExitAsync(StartDeadline);

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(run.Output, Has.Some.StartsWith("api failed to start"));
        Assert.That(run.Output, Has.None.Contains("CronHooks is running"));
        Assert.That(Directory.GetFiles(Path.Combine(run.Data, "pids")), Is.Empty);
        Assert.That(File.Exists(Path.Combine(run.Data, "pg", "data", "postmaster.pid")), Is.False, "PostgreSQL was stopped");
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && !File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].TrimStart().StartsWith('Z');
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    /// <summary>One ./run.sh --no-build on free ports and a data directory of its own, removed afterwards.</summary>
    private sealed class RunScript : IAsyncDisposable
    {
        private readonly Process process;
        private readonly ConcurrentQueue<string> lines = new();
        private readonly TcpListener? blocker;
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

        private RunScript(Process process, string data, int apiPort, TcpListener? blocker)
        {
            this.process = process;
            Data = data;
            ApiPort = apiPort;
            this.blocker = blocker;
        }

        public string Data { get; }
        public int ApiPort { get; }
        public IReadOnlyCollection<string> Output => lines;

        public static Task<RunScript> StartAsync(bool occupyApiPort = false)
        {
            var data = Path.Combine(Path.GetTempPath(), "cronhooks-runsh-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(data);
            // PostgreSQL runs as `postgres` when the tests run as root: it must reach the data directory.
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(data, (UnixFileMode)0b111_101_101);
            var apiPort = FreePorts(3);
            var blocker = occupyApiPort ? new TcpListener(IPAddress.Loopback, apiPort) : null;
            blocker?.Start();
            var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot.Path, "run.sh"), "--no-build"])
            {
                WorkingDirectory = RepositoryRoot.Path,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["CRONHOOKS_DATA"] = data;
            start.Environment["CRONHOOKS_API_PORT"] = apiPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["CRONHOOKS_PG_PORT"] = FreePorts(1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var process = new Process { StartInfo = start };
            var run = new RunScript(process, data, apiPort, blocker);
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) run.lines.Enqueue(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) run.lines.Enqueue(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return Task.FromResult(run);
        }

        public async Task WaitForOutputAsync(string text, TimeSpan deadline)
        {
            var stopwatch = Stopwatch.StartNew();
            while (!lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                if (process.HasExited || stopwatch.Elapsed > deadline)
                    Assert.Fail($"run.sh did not print \"{text}\" ({(process.HasExited ? "it exited" : "timed out")}). Its output:\n{string.Join('\n', lines)}");
                await Task.Delay(250);
            }
        }

        public int ReadPid(string service) => int.Parse(File.ReadAllText(Path.Combine(Data, "pids", service + ".pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        public int PostgresPid() => int.Parse(File.ReadLines(Path.Combine(Data, "pg", "data", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

        public static async Task<HttpStatusCode> ReadyAsync(int port) => (await Http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"))).StatusCode;

        public void Signal(string signal)
        {
            using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }

        public async Task<int> WaitForExitAsync(TimeSpan deadline)
        {
            using var timeout = new CancellationTokenSource(deadline);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"run.sh did not exit within {deadline}. Its output:\n{string.Join('\n', lines)}");
            }
            return process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            // A failed assertion must not leave services or a cluster behind: stop it the way a user would.
            if (!process.HasExited)
            {
                Signal("TERM");
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                try { await process.WaitForExitAsync(timeout.Token); }
                catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
            }
            process.Dispose();
            blocker?.Stop();
            blocker?.Dispose();
            try { Directory.Delete(Data, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a leftover temp directory is not worth failing the test over */ }
        }

        /// <summary>The first of <paramref name="count"/> consecutive free loopback ports.</summary>
        private static int FreePorts(int count)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var first = Random.Shared.Next(41000, 59000);
                if (Enumerable.Range(first, count).All(IsFree))
                    return first;
            }
            throw new InvalidOperationException("No free ports found.");
        }

        private static bool IsFree(int port)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
