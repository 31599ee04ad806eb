using CronHooks.Scheduler.Clock;
using Quartz;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>Just enough of a Quartz firing for the enqueue job: which trigger, for when, and whether it is a recovery.</summary>
internal sealed class FakeFiring(ITrigger trigger, DateTimeOffset scheduled, TriggerKey? recoveringKey, JobDataMap data) : IJobExecutionContext
{
    public IScheduler Scheduler => throw new NotSupportedException();
    public ITrigger Trigger => trigger;
    public ICalendar? Calendar => null;
    public bool Recovering => recoveringKey is not null;
    public TriggerKey RecoveringTriggerKey => recoveringKey ?? throw new InvalidOperationException("Not a recovery.");
    public int RefireCount => 0;
    public int RetryAttempt => 0;
    public RetryPolicy? RetryPolicy => null;
    public ExecutionOutcome Outcome => default;
    public bool RetryScheduled => false;
    public void ReportProgress(int percent, string? message = null) { }
    public JobDataMap MergedJobDataMap => data;
    public IJobDetail JobDetail => ScheduleTriggers.Job();
    public IJob JobInstance => throw new NotSupportedException();
    public DateTimeOffset FireTimeUtc => scheduled;
    public DateTimeOffset? ScheduledFireTimeUtc => scheduled;
    public DateTimeOffset? PreviousFireTimeUtc => null;
    public DateTimeOffset? NextFireTimeUtc => null;
    public string FireInstanceId => "test";
    public object? Result { get; set; }
    public TimeSpan JobRunTime => TimeSpan.Zero;
    public CancellationToken CancellationToken => CancellationToken.None;
}
