namespace Gatehouse.Policy.Compiler;

/// <summary>Reserved frame slots that mark the two root documents in resolved references.</summary>
public static class Roots
{
    /// <summary>The slot of <c>data</c>.</summary>
    public const int Data = -10;

    /// <summary>The slot of <c>input</c>.</summary>
    public const int Input = -11;
}
