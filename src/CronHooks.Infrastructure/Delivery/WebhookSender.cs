using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using CronHooks.Domain.Executions;
using CronHooks.Infrastructure.Delivery.Security;

namespace CronHooks.Infrastructure.Delivery;

/// <summary>
/// Sends one request and turns whatever happens into a <see cref="DeliveryResult"/>: a status, a bounded
/// body, or a classified error. Memory per attempt is bounded (64 KiB of body) whatever the receiver sends.
/// </summary>
public sealed class WebhookSender(WebhookHttpClient http, TimeProvider clock)
{
    /// <summary>
    /// Sends <paramref name="request"/> with one deadline of <paramref name="timeout"/> that covers the
    /// connection, the response headers and reading the body. Throws <see cref="OperationCanceledException"/>
    /// only when <paramref name="abort"/> fires (the node is shutting down and gives the attempt back).
    /// <paramref name="inspect"/> sees the response once its headers arrived (a test send shows them; attempts keep none).
    /// </summary>
    public async Task<DeliveryResult> SendAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken abort,
        Action<HttpResponseMessage>? inspect = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(abort);
        deadline.CancelAfter(timeout);
        var started = clock.GetTimestamp();
        int? status = null;
        try
        {
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            status = (int)response.StatusCode;
            inspect?.Invoke(response);
            var (body, truncated) = await ReadBoundedAsync(response.Content, deadline.Token);
            var elapsed = clock.GetElapsedTime(started);

            if (response.IsSuccessStatusCode)
                return new DeliveryResult(true, status, body, truncated, null, null, elapsed, null);
            if (status is >= 300 and < 400)
            {
                var location = response.Headers.Location?.OriginalString ?? "(no Location header)";
                return new DeliveryResult(false, status, body, truncated, DeliveryErrorKinds.Redirect,
                    $"Redirect to {location} not followed.", elapsed, null);
            }
            return new DeliveryResult(false, status, body, truncated, DeliveryErrorKinds.HttpStatus,
                $"The receiver answered {status} {response.ReasonPhrase}.", elapsed, RetryAfter(response));
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return Failed(status, DeliveryErrorKinds.Timeout,
                $"No complete response within {timeout.TotalSeconds:0.###} s.", started);
        }
        catch (Exception e) when (BlockedDestinationException.IsCauseOf(e))
        {
            // Refused at connect time: the receiver saw nothing. The message names the host and address, never the URL's path or query.
            return Failed(status, DeliveryErrorKinds.BlockedDestination, BlockedDestinationException.Find(e)!.Message, started);
        }
        catch (HttpRequestException e)
        {
            return Failed(status, Classify(e), Describe(e), started);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NotSupportedException or ArgumentException)
        {
            return Failed(status, DeliveryErrorKinds.InvalidRequest, e.Message, started);
        }
    }

    private DeliveryResult Failed(int? status, string kind, string message, long started) =>
        new(false, status, null, false, kind, message, clock.GetElapsedTime(started), null);

    /// <summary>Reads up to 64 KiB; anything beyond is left unread and dropped with the connection.</summary>
    private static async Task<(string Body, bool Truncated)> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        // Pooled: most bodies are a few bytes, and a fresh 64 KiB array per attempt was zeroed and collected each time.
        // One byte more than kept, so a full read also tells whether the body was longer.
        var buffer = ArrayPool<byte>.Shared.Rent(Execution.MaxResponseBodyBytes + 1);
        try
        {
            var length = 0;
            while (length <= Execution.MaxResponseBodyBytes)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length, Execution.MaxResponseBodyBytes + 1 - length), cancellationToken);
                if (read == 0)
                    return (ToText(buffer, length), false);
                length += read;
            }
            return (ToText(buffer, Execution.MaxResponseBodyBytes), true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // PostgreSQL text cannot hold NUL; a binary body is kept as readable as it can be.
    private static string ToText(byte[] buffer, int length) =>
        Encoding.UTF8.GetString(buffer, 0, length).Replace('\0', '\uFFFD');

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
            return null;
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date)
        {
            var wait = date - clock.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private static string Classify(HttpRequestException e)
    {
        switch (e.HttpRequestError)
        {
            case HttpRequestError.NameResolutionError:
                return DeliveryErrorKinds.DnsFailure;
            case HttpRequestError.SecureConnectionError:
                return DeliveryErrorKinds.TlsError;
            case HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError
                or HttpRequestError.ConfigurationLimitExceeded:
                return DeliveryErrorKinds.InvalidResponse;
        }
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => DeliveryErrorKinds.ConnectionRefused,
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => DeliveryErrorKinds.DnsFailure,
                    _ => DeliveryErrorKinds.ConnectionError,
                };
            if (inner is AuthenticationException)
                return DeliveryErrorKinds.TlsError;
        }
        return DeliveryErrorKinds.ConnectionError;
    }

    private static string Describe(Exception e)
    {
        var message = e.Message;
        if (e.InnerException is { } inner && !message.Contains(inner.Message, StringComparison.Ordinal))
            message += " " + inner.Message;
        return Execution.CutErrorMessage(message)!;
    }
}
