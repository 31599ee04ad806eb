using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using CronHooks.Domain.Executions;
using CronHooks.Infrastructure.Delivery.Security;
using Polly.Timeout;

namespace CronHooks.Infrastructure.Delivery;

/// <summary>
/// Sends one request and turns whatever happens into a <see cref="DeliveryResult"/>: a status, a bounded
/// body, or a classified error. Memory per attempt is bounded (64 KiB of body) whatever the receiver sends.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, TimeProvider clock)
{
    /// <summary>
    /// Sends <paramref name="request"/> with a deadline of <paramref name="timeout"/> that covers the
    /// response headers and reading the body. Throws <see cref="OperationCanceledException"/> only when
    /// <paramref name="abort"/> fires (the node is shutting down and gives the attempt back).
    /// </summary>
    public async Task<DeliveryResult> SendAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken abort)
    {
        request.Options.Set(WebhookHttpClient.AttemptTimeout, timeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(abort);
        deadline.CancelAfter(timeout);
        var started = clock.GetTimestamp();
        int? status = null;
        try
        {
            var client = clients.CreateClient(WebhookHttpClient.Name);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            status = (int)response.StatusCode;
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
        catch (Exception e) when (e is OperationCanceledException or TimeoutRejectedException)
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
        var buffer = new byte[Execution.MaxResponseBodyBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
                return (ToText(buffer, length), false);
            length += read;
        }
        var probe = new byte[1];
        var more = await stream.ReadAsync(probe, cancellationToken) > 0;
        return (ToText(buffer, length), more);
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
        return message.Length <= 2000 ? message : message[..2000];
    }
}
