namespace CronHooks.Api.OpenApi;

/// <summary>
/// Says that a string query parameter takes the values of an enum. Filters such as
/// <c>?status=failed</c> are bound as strings and parsed by <c>QueryEnum</c> (so they accept the wire
/// spelling), which hides their values from the document; this puts them back.
/// </summary>
internal sealed record QueryEnumParameter(string Name, Type EnumType);

internal static class QueryEnumParameterExtensions
{
    public static RouteHandlerBuilder WithQueryEnum<TEnum>(this RouteHandlerBuilder builder, string name) where TEnum : struct, Enum =>
        builder.WithMetadata(new QueryEnumParameter(name, typeof(TEnum)));
}
