using System.Text.Json;
using System.Text.RegularExpressions;

namespace CronHooks.EndToEndTests.Contract;

/// <summary>
/// Just enough of the .http format (Visual Studio, Rider, REST Client) to run src/CronHooks.Api/CronHooks.Api.http:
/// requests separated by <c>###</c>, <c># @name</c>, file variables (<c>@x = v</c>), <c>{{x}}</c> and
/// <c>{{request.response.body.$.member}}</c>; <c># @expect 409</c> names a request's documented non-2xx answer.
/// </summary>
internal sealed partial class HttpFile(string text)
{
    public sealed record Request(string Title, string? Name, string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, string Body,
        int? ExpectedStatus = null);

    private readonly Dictionary<string, string> variables = [];
    private readonly Dictionary<string, JsonElement> responses = [];

    /// <summary>Runs the requests in order; <paramref name="overrides"/> replace file variables of the same name.</summary>
    public async Task RunAsync(Func<Request, Task<HttpResponseMessage>> send, IReadOnlyDictionary<string, string> overrides)
    {
        foreach (var block in text.Split("\n###"))
        {
            var request = Parse(block, overrides);
            if (request is null)
                continue;
            using var response = await send(request);
            var body = await response.Content.ReadAsStringAsync();
            if (request.ExpectedStatus is { } expected)
                Assert.That((int)response.StatusCode, Is.EqualTo(expected), $"{request.Method} {request.Target} ({request.Title}): {body}");
            else
                Assert.That((int)response.StatusCode, Is.InRange(200, 299), $"{request.Method} {request.Target} ({request.Title}): {body}");
            if (request.Name is not null)
                responses[request.Name] = body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    /// <summary>Every request line as (method, path with variables as <c>{}</c>, no query).</summary>
    public IEnumerable<(string Method, string Path)> Operations() =>
        RequestLine().Matches(text).Select(m => (m.Groups["method"].Value, Variable().Replace(m.Groups["path"].Value.Split('?')[0], "{}")));

    private Request? Parse(string block, IReadOnlyDictionary<string, string> overrides)
    {
        var lines = block.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var title = lines[0].TrimStart('#').Trim();
        string? name = null;
        int? expected = null;
        var i = 1;
        for (; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("# @name ", StringComparison.Ordinal))
                name = line["# @name ".Length..].Trim();
            else if (line.StartsWith("# @expect ", StringComparison.Ordinal))
                expected = int.Parse(line["# @expect ".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            else if (line.StartsWith('@') && line.Contains('=', StringComparison.Ordinal))
            {
                var (key, value) = (line[1..line.IndexOf('=', StringComparison.Ordinal)].Trim(), line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim());
                variables[key] = overrides.TryGetValue(key, out var replacement) ? replacement : Substitute(value);
            }
            else if (line.Length > 0 && !line.StartsWith('#') && !line.StartsWith("//", StringComparison.Ordinal))
                break;
        }
        if (i >= lines.Count)
            return null;

        var requestLine = Substitute(lines[i]).Split(' ', 2);
        var headers = new List<(string, string)>();
        for (i++; i < lines.Count && lines[i].Trim().Length > 0; i++)
        {
            var header = Substitute(lines[i]).Split(':', 2);
            headers.Add((header[0].Trim(), header[1].Trim()));
        }
        var body = Substitute(string.Join('\n', lines.Skip(i)).Trim());
        return new Request(title, name, requestLine[0], requestLine[1].Trim(), headers, body, expected);
    }

    private string Substitute(string value) => Variable().Replace(value, m =>
    {
        var expression = m.Groups[1].Value.Trim();
        var parts = expression.Split(".response.body.$.", 2);
        if (parts.Length == 2)
        {
            var element = responses[parts[0]];
            foreach (var member in parts[1].Split('.'))
                element = element.GetProperty(member);
            return element.ToString();
        }
        return variables.TryGetValue(expression, out var variable) ? variable : throw new InvalidOperationException($"Unknown variable {{{{{expression}}}}}.");
    });

    [GeneratedRegex(@"\{\{(.+?)\}\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^(?<method>GET|POST|PUT|PATCH|DELETE) \{\{baseUrl\}\}(?<path>\S*)", RegexOptions.Multiline)]
    private static partial Regex RequestLine();
}
