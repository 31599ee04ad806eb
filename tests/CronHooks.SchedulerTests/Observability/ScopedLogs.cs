using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CronHooks.SchedulerTests.Observability;

/// <summary>
/// Keeps every log entry a host writes with the scopes the logging system hands its providers — the same
/// scopes the JSON console formatter writes, among them the trace and span ids of ActivityTrackingOptions.
/// </summary>
internal sealed class ScopedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<Entry> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<Entry> Entries => entries;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <param name="Level">The entry's level.</param>
    /// <param name="Category">The logger's category (the class that logged).</param>
    /// <param name="Message">The formatted message.</param>
    /// <param name="Text">The message, its structured values and any exception, as a sink that stores them all would.</param>
    /// <param name="Scope">Every key and value of the scopes active at the time.</param>
    public sealed record Entry(LogLevel Level, string Category, string Message, string Text, IReadOnlyDictionary<string, string> Scope);

    private sealed class Logger(string category, ScopedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, string>();
            owner.scopes.ForEachScope((value, values) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (key, item) in pairs)
                        values[key] = item?.ToString() ?? "";
                else if (value is not null)
                    values[value.ToString() ?? ""] = "";
            }, scope);
            var message = formatter(state, exception);
            var properties = state is IEnumerable<KeyValuePair<string, object?>> items ? string.Join(";", items.Select(p => $"{p.Key}={p.Value}")) : "";
            owner.entries.Enqueue(new Entry(logLevel, category, message, $"{message} {properties} {exception}", scope));
        }
    }
}
