using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// Compiled patterns (RE2 regexes and globs), shared across queries and bounded so hostile input cannot grow it
/// without limit. Patterns run on .NET's non-backtracking engine (linear time, like RE2) whenever it supports them.
/// </summary>
internal static class RegexCache
{
    private const int Capacity = 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>The compiled form of an RE2 pattern; throws <see cref="BuiltinException"/> for <paramref name="builtin"/> when invalid.</summary>
    public static Regex Get(string builtin, string pattern) =>
        TryGet(pattern, out var regex, out var error) ? regex : throw BuiltinException.Error(builtin, "error parsing regexp: " + error);

    /// <summary>Compiles an RE2 pattern, or reports RE2's reason it is invalid.</summary>
    public static bool TryGet(string pattern, out Regex regex, out string error)
    {
        error = "";
        try
        {
            regex = GetOrAdd("re2\0" + pattern, () => Re2Translator.Translate(pattern));
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            regex = null!;
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// The regex cached under <paramref name="key"/>, built from the .NET pattern <paramref name="translate"/> returns
    /// (which may throw <see cref="FormatException"/> for an invalid source pattern).
    /// </summary>
    public static Regex GetOrAdd(string key, Func<string> translate)
    {
        if (Compiled.TryGetValue(key, out var regex)) return regex;
        regex = Create(translate());
        if (Compiled.Count >= Capacity) Compiled.Clear();
        Compiled[key] = regex;
        return regex;
    }

    private static Regex Create(string translated)
    {
        try
        {
            return new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Timeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(translated, RegexOptions.CultureInvariant, Timeout);
        }
    }
}
