using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

/// <summary>
/// Frames (a rule's variable slots) for reuse: a decision evaluates a few dozen rule bodies, each needing a frame only
/// while it runs, so frames come from here and go back cleared instead of being allocated per body. Frames are kept by
/// exact size; a pool belongs to one thread's query at a time (it travels with <see cref="RuleValueCache"/>).
/// </summary>
internal sealed class FramePool
{
    /// <summary>Frames larger than this are not pooled (rare, and would hold memory for nothing).</summary>
    private const int MaxPooledSlots = 64;

    /// <summary>How many free frames of one size are kept: enough for rules nested as deep as real policies go.</summary>
    private const int PerSize = 16;

    private readonly Value?[]?[]?[] _free = new Value?[]?[]?[MaxPooledSlots + 1];
    private readonly int[] _count = new int[MaxPooledSlots + 1];

    /// <summary>A frame of <paramref name="slots"/> empty slots.</summary>
    public Value?[] Rent(int slots)
    {
        if (slots == 0) return [];
        if (slots > MaxPooledSlots || _count[slots] == 0) return new Value?[slots];
        var stack = _free[slots]!;
        var frame = stack[--_count[slots]]!;
        stack[_count[slots]] = null;
        return frame;
    }

    /// <summary>
    /// Takes a frame back once its body is done. Only frames that nothing refers to any more may come back: values
    /// never refer to frames, so that is every frame whose evaluation has returned.
    /// </summary>
    public void Return(Value?[] frame)
    {
        var slots = frame.Length;
        if (slots == 0 || slots > MaxPooledSlots || _count[slots] == PerSize) return;
        Array.Clear(frame);
        var stack = _free[slots] ??= new Value?[]?[PerSize];
        stack[_count[slots]++] = frame;
    }
}
