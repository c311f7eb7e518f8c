using System.Numerics;

namespace Gatehouse.Audit.Merkle;

/// <summary>Bit arithmetic on tree sizes and indices shared by proof generation and verification.</summary>
internal static class MerkleMath
{
    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n ≥ 2): RFC 6962's split point k.</summary>
    public static long SplitPoint(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>True when <paramref name="n"/> is a power of two.</summary>
    public static bool IsPowerOfTwo(long n) => n > 0 && (n & (n - 1)) == 0;

    /// <summary>log2 of a power of two.</summary>
    public static int Log2(long powerOfTwo) => BitOperations.Log2((ulong)powerOfTwo);
}
