using System.Globalization;

namespace Gatehouse.Gateway.Identity;

/// <summary>Parses key lifetimes: <c>30d</c>, <c>12h</c>, <c>90m</c>, <c>2w</c>, or an absolute ISO 8601 date/time.</summary>
public static class ExpiryParser
{
    /// <summary>The expiry instant for <paramref name="text"/> counted from <paramref name="now"/>; false when unreadable or not in the future.</summary>
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset expiresAt, out string error)
    {
        expiresAt = default;
        error = "";
        text = text.Trim();
        if (text.Length >= 2 && char.IsLetter(text[^1]) &&
            long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0 && amount <= 100_000)
        {
            TimeSpan? span = char.ToLowerInvariant(text[^1]) switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                'w' => TimeSpan.FromDays(7 * amount),
                _ => null,
            };
            if (span is { } s)
            {
                expiresAt = now + s;
                return true;
            }
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var absolute))
        {
            if (absolute > now)
            {
                expiresAt = absolute;
                return true;
            }
            error = $"'{text}' is in the past";
            return false;
        }
        error = $"'{text}' is not a lifetime (30d, 12h, 90m, 2w) or an ISO 8601 date";
        return false;
    }
}
