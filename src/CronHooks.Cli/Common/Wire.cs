using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;

namespace CronHooks.Cli.Common;

/// <summary>Values as the API spells them.</summary>
internal static class Wire
{
    /// <summary>The enum member's name on the wire (its EnumMember value, e.g. "recurring").</summary>
    public static string Name(Enum value) =>
        value.GetType().GetField(value.ToString())?.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? value.ToString();

    public static IEnumerable<string> Names(Type enumType) =>
        Enum.GetValues(enumType).Cast<Enum>().Select(Name);

    public static string Time(DateTimeOffset? value) =>
        value is { } v ? v.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    public static string Instant(DateTimeOffset? value) =>
        value is { } v ? v.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture) : "";
}
