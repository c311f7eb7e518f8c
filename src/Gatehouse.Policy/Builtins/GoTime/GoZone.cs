using System.Collections.Concurrent;

namespace Gatehouse.Policy.Builtins.GoTime;

/// <summary>
/// A time zone as Go's <c>time.Location</c> sees it: an IANA zone from the system tz database, UTC, the host's local
/// zone, or a fixed offset read from a parsed timestamp. Answers "what offset and abbreviation apply at this instant".
/// </summary>
internal sealed class GoZone
{
    private static readonly ConcurrentDictionary<string, GoZone> Loaded = new(StringComparer.Ordinal);
    private readonly TimeZoneInfo? _zone;
    private readonly int _fixedOffset;
    private readonly string _fixedName;

    private GoZone(TimeZoneInfo? zone, int fixedOffset, string fixedName)
    {
        _zone = zone;
        _fixedOffset = fixedOffset;
        _fixedName = fixedName;
    }

    /// <summary>Coordinated universal time.</summary>
    public static readonly GoZone Utc = new(null, 0, "UTC");

    /// <summary>A zone with a constant offset east of UTC, in seconds.</summary>
    public static GoZone Fixed(string name, int offsetSeconds) => new(null, offsetSeconds, name);

    /// <summary>
    /// Loads a zone the way OPA does: <c>""</c> and <c>UTC</c> are UTC, <c>Local</c> is the host's zone, anything else an
    /// IANA name. Throws <see cref="BuiltinException"/> with Go's message for an unknown name.
    /// </summary>
    public static GoZone Load(string builtin, string name)
    {
        if (name is "" or "UTC") return Utc;
        var zone = Loaded.GetOrAdd(name, Create);
        return zone._fixedOffset == UnknownMarker ? throw BuiltinException.Error(builtin, "unknown time zone " + name) : zone;
    }

    // Unknown names are cached too (as a marker) so a policy that keeps asking does not keep hitting the disk.
    private const int UnknownMarker = int.MinValue;

    private static GoZone Create(string name)
    {
        if (name == "Local") return new GoZone(TimeZoneInfo.Local, 0, "Local");
        try
        {
            return new GoZone(TimeZoneInfo.FindSystemTimeZoneById(name), 0, name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return new GoZone(null, UnknownMarker, name);
        }
    }

    /// <summary>The offset east of UTC, in seconds, in force at <paramref name="unixSeconds"/>.</summary>
    public int OffsetAt(Int128 unixSeconds)
    {
        if (_zone is null) return _fixedOffset;
        if (!TryInstant(unixSeconds, out var instant)) return (int)_zone.BaseUtcOffset.TotalSeconds;
        return (int)_zone.GetUtcOffset(instant).TotalSeconds;
    }

    /// <summary>The zone abbreviation at <paramref name="unixSeconds"/> (<c>UTC</c>, <c>EST</c>), or empty when unknown.</summary>
    public string AbbreviationAt(Int128 unixSeconds)
    {
        if (_zone is null) return _fixedName;
        var daylight = TryInstant(unixSeconds, out var instant) && _zone.IsDaylightSavingTime(instant);
        var name = daylight ? _zone.DaylightName : _zone.StandardName;
        // Go prints a numeric offset when the database has no letters for a zone; so do we for long display names.
        return name.Length is >= 3 and <= 6 && !name.Contains(' ', StringComparison.Ordinal) ? name : "";
    }

    /// <summary>
    /// The UTC seconds of a wall-clock reading in this zone. Like Go, the offset is looked up at the reading taken as
    /// UTC, then corrected once if the offset at the resulting instant differs (transitions).
    /// </summary>
    public Int128 ToUtc(Int128 localSeconds)
    {
        var guess = localSeconds - OffsetAt(localSeconds);
        var offset = OffsetAt(guess);
        return localSeconds - offset;
    }

    private static bool TryInstant(Int128 unixSeconds, out DateTimeOffset instant)
    {
        instant = default;
        if (unixSeconds < -62_135_596_800 || unixSeconds > 253_402_300_799) return false;
        instant = DateTimeOffset.FromUnixTimeSeconds((long)unixSeconds);
        return true;
    }
}
