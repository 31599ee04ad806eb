using System.Globalization;
using System.Net;

namespace CronHooks.Infrastructure.Delivery.Security;

/// <summary>
/// Reads a host the way URL parsers and inet_aton do: 1–4 parts, each decimal, octal (leading 0) or hex
/// (0x), the last part filling the remaining bytes. So <c>2130706433</c>, <c>0x7f000001</c>,
/// <c>0177.0.0.1</c> and <c>127.1</c> are all 127.0.0.1 — the forms that slip past naive checks.
/// </summary>
public static class LenientIPv4
{
    public static bool TryParse(string host, out IPAddress address)
    {
        address = IPAddress.None;
        var parts = host.Split('.');
        if (parts.Length > 1 && parts[^1].Length == 0)
            parts = parts[..^1]; // a trailing dot names the same host
        if (parts.Length is 0 or > 4)
            return false;

        var numbers = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParsePart(parts[i], out numbers[i]))
                return false;
        }

        ulong value = 0;
        for (var i = 0; i < numbers.Length - 1; i++)
        {
            if (numbers[i] > 255)
                return false;
            value |= numbers[i] << (8 * (3 - i));
        }
        var last = numbers[^1];
        if (last >= 1UL << (8 * (5 - numbers.Length)))
            return false;
        value |= last;

        address = new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        return true;
    }

    private static bool TryParsePart(string part, out ulong value)
    {
        value = 0;
        if (part.Length == 0)
            return false;
        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return part.Length == 2 || (part.Length <= 18 && ulong.TryParse(part.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value));
        if (part.Length > 1 && part[0] == '0')
        {
            foreach (var c in part)
            {
                if (c is < '0' or > '7' || value > uint.MaxValue)
                    return false;
                value = value * 8 + (ulong)(c - '0');
            }
            return true;
        }
        return part.All(char.IsAsciiDigit) && part.Length <= 19 && ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
