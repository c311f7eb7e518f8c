namespace Gatehouse.Policy.Builtins.Network;

/// <summary>
/// Merges address blocks into the smallest equivalent list: blocks inside others are dropped and adjacent sibling
/// blocks (two halves of one larger block) are joined, repeatedly, per address family.
/// </summary>
internal static class CidrMerger
{
    /// <summary>The merged blocks, IPv4 first, each family in address order.</summary>
    public static List<IpBlock> Merge(IEnumerable<IpBlock> blocks)
    {
        var result = new List<IpBlock>();
        foreach (var family in blocks.Select(b => b.Network).GroupBy(b => b.IsV4).OrderByDescending(g => g.Key))
            result.AddRange(MergeFamily(family));
        return result;
    }

    private static List<IpBlock> MergeFamily(IEnumerable<IpBlock> blocks)
    {
        // Sorted by start, wider blocks first, a block covered by the last kept one is redundant.
        var stack = new List<IpBlock>();
        foreach (var block in blocks.OrderBy(b => b.First).ThenBy(b => b.PrefixLength))
        {
            if (stack.Count > 0 && stack[^1].Contains(block)) continue;
            stack.Add(block);
            // Join the top two while they are the two halves of one block, which may cascade upwards.
            while (stack.Count >= 2 && TryJoin(stack[^2], stack[^1], out var joined))
            {
                stack.RemoveAt(stack.Count - 1);
                stack[^1] = joined;
            }
        }
        return stack;
    }

    private static bool TryJoin(IpBlock left, IpBlock right, out IpBlock joined)
    {
        joined = default;
        if (left.PrefixLength != right.PrefixLength || left.PrefixLength == 0) return false;
        var parent = (left with { PrefixLength = left.PrefixLength - 1 }).Network;
        if (parent.First != left.First || parent.Last != right.Last) return false;
        joined = parent;
        return true;
    }
}
