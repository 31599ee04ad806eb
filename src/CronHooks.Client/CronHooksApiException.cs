using System.Text.Json;

namespace CronHooks.Client;

/// <summary>
/// An error answer from the API. Every error is an RFC 9457 problem; these members read it whatever
/// the status, so callers need not know which typed variant (<see cref="CronHooksApiException{TResult}"/>)
/// an operation throws for it.
/// </summary>
public partial class CronHooksApiException
{
    private HttpValidationProblemDetails? problem;
    private bool problemRead;

    /// <summary>A short, human-readable summary of the problem, e.g. "One or more fields are invalid.".</summary>
    public string? Title => Problem?.Title;

    /// <summary>What went wrong in this occurrence, e.g. which webhook was not found.</summary>
    public string? Detail => Problem?.Detail;

    /// <summary>Identifies the request in the server's logs; quote it when reporting a problem.</summary>
    public string? TraceId => Problem?.TraceId;

    /// <summary>Field errors of a 400 answer, keyed by the camelCase member name (e.g. <c>cronExpression</c>); empty otherwise.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors =>
        Problem?.Errors?.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value.ToList())
        ?? new Dictionary<string, IReadOnlyList<string>>();

    private HttpValidationProblemDetails? Problem
    {
        get
        {
            if (!problemRead)
            {
                problem = ReadProblem();
                problemRead = true;
            }
            return problem;
        }
    }

    private HttpValidationProblemDetails? ReadProblem()
    {
        switch (this)
        {
            case CronHooksApiException<HttpValidationProblemDetails> validation:
                return validation.Result;
            case CronHooksApiException<ProblemDetails> { Result: { } p }:
                return new HttpValidationProblemDetails
                {
                    Type = p.Type, Title = p.Title, Status = p.Status, Detail = p.Detail, Instance = p.Instance, TraceId = p.TraceId,
                    AdditionalProperties = p.AdditionalProperties,
                };
        }

        // A status the document does not list for this operation: the body was kept as text.
        if (string.IsNullOrWhiteSpace(Response))
            return null;
        try
        {
            return JsonSerializer.Deserialize<HttpValidationProblemDetails>(Response);
        }
        catch (JsonException)
        {
            return null; // not a problem document (e.g. a proxy's HTML error page)
        }
    }
}
