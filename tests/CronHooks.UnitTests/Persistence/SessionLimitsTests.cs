using CronHooks.Infrastructure.Persistence;
using Npgsql;

namespace CronHooks.UnitTests.Persistence;

public sealed class SessionLimitsTests
{
    [Test]
    public void Apply_WithTheDefaults_SendsTheLimitsAsSessionOptionsAndTurnsOnTcpKeepalive()
    {
        var connection = new NpgsqlConnectionStringBuilder("Host=db;Options=-c plan_cache_mode=force_custom_plan");

        SessionLimits.Apply(connection, new DatabaseOptions());

        Assert.Multiple(() =>
        {
            Assert.That(connection.Options, Does.StartWith("-c plan_cache_mode=force_custom_plan"));
            Assert.That(connection.Options, Does.Contain("-c idle_in_transaction_session_timeout=10000"));
            Assert.That(connection.Options, Does.Contain("-c cronhooks.lock_timeout=5000"));
            Assert.That(connection.Options, Does.Contain("-c tcp_keepalives_idle=30"));
            Assert.That((connection.TcpKeepAliveTime, connection.TcpKeepAliveInterval), Is.EqualTo((30, 10)));
        });
    }

    [Test]
    public void Apply_WhenTheConnectionStringSetsALimit_LeavesItAsWritten()
    {
        var connection = new NpgsqlConnectionStringBuilder("Host=db;Tcp Keepalive Time=5;Options=-c idle_in_transaction_session_timeout=60s");

        SessionLimits.Apply(connection, new DatabaseOptions());

        Assert.Multiple(() =>
        {
            Assert.That(connection.Options, Does.Not.Contain("idle_in_transaction_session_timeout=10000"));
            Assert.That(connection.Options, Does.Contain("idle_in_transaction_session_timeout=60s"));
            Assert.That(connection.TcpKeepAliveTime, Is.EqualTo(5));
        });
    }

    [Test]
    public void Apply_WhenLimitsAreZero_SendsNothing()
    {
        var connection = new NpgsqlConnectionStringBuilder("Host=db");

        SessionLimits.Apply(connection, new DatabaseOptions
        {
            IdleInTransactionTimeout = TimeSpan.Zero, LockTimeout = TimeSpan.Zero, TcpKeepAlive = TimeSpan.Zero,
        });

        Assert.That((connection.Options, connection.TcpKeepAliveTime), Is.EqualTo(((string?)null, 0)));
    }

    [TestCase("55P03", true)]
    [TestCase("25P03", true)]
    [TestCase("57P01", true)]
    [TestCase("57P02", true)]
    [TestCase("57P03", true)]
    [TestCase("08006", true)]
    [TestCase("25006", true)]
    [TestCase("23505", false)]
    [TestCase("42501", false)]
    [TestCase("42P01", false)]
    public void TransientError_ForEachSqlState_SaysWhetherToRetry(string sqlState, bool transient) =>
        Assert.That(TransientDatabaseError.Is(new PostgresException("x", "ERROR", "ERROR", sqlState)), Is.EqualTo(transient));

    [Test]
    public void TransientError_WhenTheServerIsADemotedPrimary_IsReadOnly()
    {
        Assert.That(TransientDatabaseError.IsReadOnly(new PostgresException("x", "ERROR", "ERROR", PostgresErrorCodes.ReadOnlySqlTransaction)), Is.True);
        Assert.That(TransientDatabaseError.IsReadOnly(new PostgresException("x", "ERROR", "ERROR", PostgresErrorCodes.AdminShutdown)), Is.False);
    }

    [Test]
    public void TransientError_WhenTheServerCannotBeReached_IsRetried() =>
        Assert.That(TransientDatabaseError.Is(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))), Is.True);

    [Test]
    public void TransientError_WhenTheConnectionBroke_IsRetried() =>
        Assert.That(TransientDatabaseError.Is(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())), Is.True);
}
