using System.Net.Sockets;
using CronHooks.Scheduler.Clock;
using Npgsql;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>Which failures of a clock write are waited out: the database out of reach, not a mistake in the statement.</summary>
public sealed class DatabaseErrorsTests
{
    [TestCase(PostgresErrorCodes.ReadOnlySqlTransaction)]
    [TestCase(PostgresErrorCodes.AdminShutdown)]
    [TestCase(PostgresErrorCodes.CrashShutdown)]
    [TestCase(PostgresErrorCodes.CannotConnectNow)]
    [TestCase(PostgresErrorCodes.ConnectionFailure)]
    [TestCase(PostgresErrorCodes.TooManyConnections)]
    [TestCase(PostgresErrorCodes.SerializationFailure)]
    public void IsTransient_WhenTheServerIsOutOfReachOrBusy_IsTrue(string sqlState) =>
        Assert.That(DatabaseErrors.IsTransient(Server(sqlState)), Is.True);

    [TestCase(PostgresErrorCodes.InsufficientPrivilege)]
    [TestCase(PostgresErrorCodes.UndefinedTable)]
    [TestCase(PostgresErrorCodes.SyntaxError)]
    public void IsTransient_WhenTheStatementItselfIsRefused_IsFalse(string sqlState) =>
        Assert.That(DatabaseErrors.IsTransient(Server(sqlState)), Is.False);

    [Test]
    public void IsTransient_WhenTheServerCannotBeReached_IsTrue()
    {
        Assert.That(DatabaseErrors.IsTransient(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))), Is.True);
        Assert.That(DatabaseErrors.IsTransient(new TimeoutException()), Is.True);
    }

    [Test]
    public void IsTransient_ForAnErrorOutsideTheDatabase_IsFalse() =>
        Assert.That(DatabaseErrors.IsTransient(new FormatException("bad cron")), Is.False);

    [Test]
    public void IsReadOnly_OnlyForADemotedPrimary()
    {
        Assert.That(DatabaseErrors.IsReadOnly(Server(PostgresErrorCodes.ReadOnlySqlTransaction)), Is.True);
        Assert.That(DatabaseErrors.IsReadOnly(Server(PostgresErrorCodes.AdminShutdown)), Is.False);
    }

    private static PostgresException Server(string sqlState) => new("refused", "ERROR", "ERROR", sqlState);
}
