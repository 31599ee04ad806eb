using System.Globalization;
using System.Text.Json;

namespace CronHooks.Domain.Webhooks;

/// <summary>An RFC 6901 JSON Pointer: "" is the whole document, "/a/0/b~1c" walks members and array indexes.</summary>
public static class JsonPointer
{
    /// <summary>The pointer's reference tokens (unescaped), or null when <paramref name="pointer"/> is not a JSON Pointer.</summary>
    public static IReadOnlyList<string>? Parse(string pointer)
    {
        if (pointer.Length == 0)
            return [];
        if (pointer[0] != '/')
            return null;
        var tokens = new List<string>();
        foreach (var raw in pointer[1..].Split('/'))
        {
            // '~' escapes only '0' ('~') and '1' ('/'); anything else is not a pointer.
            for (var i = raw.IndexOf('~', StringComparison.Ordinal); i >= 0; i = raw.IndexOf('~', i + 1))
                if (i + 1 >= raw.Length || raw[i + 1] is not ('0' or '1'))
                    return null;
            tokens.Add(raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }
        return tokens;
    }

    /// <summary>The value <paramref name="tokens"/> point at in <paramref name="document"/>, if there is one.</summary>
    public static bool TryResolve(JsonElement document, IReadOnlyList<string> tokens, out JsonElement value)
    {
        value = document;
        foreach (var token in tokens)
        {
            if (value.ValueKind == JsonValueKind.Object)
            {
                if (!value.TryGetProperty(token, out value))
                    return false;
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                // An index is digits without a leading zero; "-" (past the end) never has a value.
                if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit)
                    || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= value.GetArrayLength())
                    return false;
                value = value[index];
            }
            else
            {
                return false;
            }
        }
        return true;
    }
}
