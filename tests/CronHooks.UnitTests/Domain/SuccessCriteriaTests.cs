using System.Text.Json;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;

namespace CronHooks.UnitTests.Domain;

public sealed class SuccessCriteriaTests
{
    [TestCase("2xx", 204, true)]
    [TestCase("2xx", 302, false)]
    [TestCase("404", 404, true)]
    [TestCase("4xx", 429, true)]
    [TestCase("200", 201, false)]
    public void Accepts_WhenStatusIsOrIsNotInTheList_Says(string pattern, int status, bool accepted) =>
        Assert.That(new SuccessCriteria { StatusCodes = [pattern] }.Accepts(status), Is.EqualTo(accepted));

    [TestCase("2xx", true)]
    [TestCase("599", true)]
    [TestCase("1xx", false)]
    [TestCase("6xx", false)]
    [TestCase("2x0", false)]
    [TestCase("20", false)]
    public void IsStatusPattern_WhenGivenText_AcceptsOnlyCodesAndClasses(string text, bool valid) =>
        Assert.That(SuccessCriteria.IsStatusPattern(text), Is.EqualTo(valid));

    [TestCase("", new string[0])]
    [TestCase("/a/b", new[] { "a", "b" })]
    [TestCase("/a~1b/~0c", new[] { "a/b", "~c" })]
    [TestCase("/", new[] { "" })]
    public void Parse_WhenPointerIsValid_UnescapesItsTokens(string pointer, string[] tokens) =>
        Assert.That(JsonPointer.Parse(pointer), Is.EqualTo(tokens));

    [TestCase("a/b")]
    [TestCase("/a~2")]
    [TestCase("/a~")]
    public void Parse_WhenTextIsNotAPointer_ReturnsNull(string pointer) => Assert.That(JsonPointer.Parse(pointer), Is.Null);

    [TestCase("/items/1/id", true)]
    [TestCase("/items/01/id", false)]
    [TestCase("/items/-", false)]
    [TestCase("/items/2", false)]
    [TestCase("/missing", false)]
    public void TryResolve_WhenWalkingObjectsAndArrays_FindsOnlyWhatIsThere(string pointer, bool found)
    {
        using var document = JsonDocument.Parse("""{"items":[{"id":1},{"id":2}]}""");

        Assert.That(JsonPointer.TryResolve(document.RootElement, JsonPointer.Parse(pointer)!, out _), Is.EqualTo(found));
    }

    [TestCase("timeout", true)]
    [TestCase("4xx", true)]
    [TestCase("503", true)]
    [TestCase("200", false)]
    [TestCase("2xx", false)]
    [TestCase("sometimes", false)]
    public void IsKnown_WhenGivenARetryClass_AcceptsOnlyFailureClasses(string item, bool known) =>
        Assert.That(RetryOn.IsKnown(item), Is.EqualTo(known));
}
