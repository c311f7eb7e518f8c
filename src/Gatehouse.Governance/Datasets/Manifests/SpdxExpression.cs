using System.Text.RegularExpressions;

namespace Gatehouse.Governance.Datasets.Manifests;

/// <summary>
/// Syntax of SPDX licence expressions (SPDX spec annex D): identifiers (<c>CC-BY-4.0</c>, <c>LicenseRef-x</c>, with an
/// optional <c>+</c>), combined with AND, OR, WITH and parentheses. It checks form, not membership in the SPDX list.
/// </summary>
public static partial class SpdxExpression
{
    [GeneratedRegex(@"\(|\)|[A-Za-z0-9.\-]+\+?|\S", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"^(?:(?:DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+|[A-Za-z0-9][A-Za-z0-9.\-]*\+?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    /// <summary>The licence identifiers of a valid expression, or null when the syntax is wrong.</summary>
    public static IReadOnlyList<string>? Identifiers(string expression)
    {
        var tokens = Token().Matches(expression).Select(m => m.Value).ToList();
        var ids = new List<string>();
        var position = 0;
        return ParseOr(tokens, ref position, ids) && position == tokens.Count ? ids : null;
    }

    private static bool ParseOr(List<string> t, ref int p, List<string> ids)
    {
        if (!ParseAnd(t, ref p, ids))
            return false;
        while (p < t.Count && t[p].Equals("OR", StringComparison.Ordinal))
        {
            p++;
            if (!ParseAnd(t, ref p, ids))
                return false;
        }
        return true;
    }

    private static bool ParseAnd(List<string> t, ref int p, List<string> ids)
    {
        if (!ParseWith(t, ref p, ids))
            return false;
        while (p < t.Count && t[p].Equals("AND", StringComparison.Ordinal))
        {
            p++;
            if (!ParseWith(t, ref p, ids))
                return false;
        }
        return true;
    }

    private static bool ParseWith(List<string> t, ref int p, List<string> ids)
    {
        if (p >= t.Count)
            return false;
        if (t[p] == "(")
        {
            p++;
            if (!ParseOr(t, ref p, ids) || p >= t.Count || t[p] != ")")
                return false;
            p++;
            return true;
        }
        if (!IsIdentifier(t[p]))
            return false;
        ids.Add(t[p++]);
        if (p < t.Count && t[p].Equals("WITH", StringComparison.Ordinal))
        {
            p++;
            if (p >= t.Count || !IsIdentifier(t[p]))
                return false;
            p++; // the exception qualifies the licence; it is not a licence of its own
        }
        return true;
    }

    private static bool IsIdentifier(string token) =>
        token is not ("AND" or "OR" or "WITH") && Identifier().IsMatch(token);
}
