using Gatehouse.Detection.Operators;

namespace Gatehouse.Detection.Streaming;

/// <summary>
/// Guards streamed model output. Each chunk is scanned together with the text still held; everything that can no
/// longer be part of a match is released at once (transformed by the anonymizer) and only a bounded tail is held:
/// <list type="bullet">
/// <item>from the earliest word in the last <see cref="SpacedWindow"/> characters that could still begin or extend a
/// value (see <see cref="HoldBackPoint"/>): plain lowercase prose is released up to its last, unfinished word, while a
/// number, a capitalised word or a token with symbols is held until enough plain words follow it to settle its match
/// and the context words after it; never more than <see cref="SpacedWindow"/> characters of finished words;</item>
/// <item>the trailing run of non-space characters when longer (a URL, token or e-mail still arriving), up to the
/// longest such value;</item>
/// <item>an unterminated PEM private key block, up to its maximum size.</item>
/// </list>
/// A block action stops the stream (<see cref="StreamStatus.Blocked"/>); a detection failure stops it too
/// (<see cref="StreamStatus.Failed"/>): nothing unscanned is ever released. Not thread-safe: one guard per stream.
/// </summary>
public sealed class StreamingGuard
{
    /// <summary>Most characters of finished words held back (the longest space-containing value plus right context).</summary>
    public const int SpacedWindow = 192;

    /// <summary>Characters of already released text kept as left context for the next scan.</summary>
    public const int ContextTail = 64;

    private readonly DetectionEngine _engine;
    private readonly Anonymizer _anonymizer;
    private readonly PseudonymVault? _vault;
    private readonly int _tokenWindow;
    // The last released characters (left context for the next scan) followed by the held text, in one string, so
    // that a chunk costs one concatenation and the scan needs no other copy (this runs once per streamed delta).
    private string _text = "";
    private int _heldFrom;
    private StreamChunkResult? _stopped;

    /// <summary>Creates a guard for one stream.</summary>
    /// <param name="engine">The detection engine.</param>
    /// <param name="anonymizer">Operators to apply to released text.</param>
    /// <param name="vault">The request's pseudonym vault (needed when an action pseudonymizes).</param>
    public StreamingGuard(DetectionEngine engine, Anonymizer anonymizer, PseudonymVault? vault = null)
    {
        _engine = engine;
        _anonymizer = anonymizer;
        _vault = vault;
        _tokenWindow = Math.Max(SpacedWindow, Math.Min(engine.MaxMatchLength, 8192));
    }

    /// <summary>Characters currently held back.</summary>
    public int HeldBack => _text.Length - _heldFrom;

    /// <summary>The status so far.</summary>
    public StreamStatus Status => _stopped?.Status ?? StreamStatus.Continue;

    /// <summary>Feeds the next chunk and returns what may be sent now.</summary>
    public StreamChunkResult Feed(string chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (_stopped is not null)
            return _stopped with { Text = "", Applied = [] };
        _text += chunk;
        return Release(final: false);
    }

    /// <summary>Ends the stream: scans and releases everything still held.</summary>
    public StreamChunkResult Flush()
    {
        if (_stopped is not null)
            return _stopped with { Text = "", Applied = [] };
        return Release(final: true);
    }

    private StreamChunkResult Release(bool final)
    {
        var scanText = _text;
        IReadOnlyList<Finding> all;
        try
        {
            all = _engine.Scan(scanText);
        }
        catch (DetectionException e)
        {
            return Stop(new StreamChunkResult("", [], StreamStatus.Failed, e.Message));
        }
        var offset = _heldFrom;
        var pending = scanText.AsSpan(offset);
        // A finding reaching back into released text is clamped so its unreleased part is still transformed.
        // Most chunks of prose have no finding at all: then no lists are built (this runs once per streamed chunk).
        IReadOnlyList<Finding> findings = [];
        IReadOnlyList<Finding> released = [];
        if (all.Count > 0)
        {
            findings = all.Where(f => f.End > offset).Select(f => f with { Start = Math.Max(0, f.Start - offset), End = f.End - offset }).ToList();
            var blocked = findings.Where(f => _anonymizer.Options.ActionFor(f.EntityType).Kind == OperatorKind.Block).Select(f => f.EntityType).Distinct().ToList();
            if (blocked.Count > 0)
                return Stop(new StreamChunkResult("", [], StreamStatus.Blocked, "blocked entity types: " + string.Join(", ", blocked)));
        }

        var cut = final ? pending.Length : SafeCut(pending, findings);
        if (findings.Count > 0)
            released = findings.Where(f => f.Start >= 0 && f.End <= cut).ToList();
        var original = scanText.Substring(offset, cut);
        var result = _anonymizer.Apply(original, released, _vault);
        // Kept: the last ContextTail characters of what is now released (context included), then the rest held.
        var keepFrom = Math.Max(0, offset + cut - ContextTail);
        _text = scanText[keepFrom..];
        _heldFrom = offset + cut - keepFrom;
        return new StreamChunkResult(result.Text, result.Applied, StreamStatus.Continue);
    }

    /// <summary>How much of the pending text can no longer change: nothing at or after the cut is released.</summary>
    private int SafeCut(ReadOnlySpan<char> pending, IReadOnlyList<Finding> findings)
    {
        var length = pending.Length;
        // HoldBackPoint knows the shapes of the built-in detectors only; a custom detector may match plain lowercase
        // words, so with one configured the guard keeps the full window (never fails open for a pattern it cannot reason about).
        var cut = _engine.Options.CustomDetectors.Count > 0
            ? Math.Max(0, length - SpacedWindow)
            : HoldBackPoint.Find(pending, Math.Max(0, length - SpacedWindow));
        var token = length;
        while (token > 0 && !char.IsWhiteSpace(pending[token - 1]))
            token--;
        cut = Math.Min(cut, Math.Max(token, length - _tokenWindow));
        var pem = pending.LastIndexOf("-----BEGIN", StringComparison.Ordinal);
        if (pem >= 0 && pending[pem..].IndexOf("-----END", StringComparison.Ordinal) < 0 && length - pem < Detectors.PrivateKeyDetector.MaxBlock)
            cut = Math.Min(cut, pem);
        for (var i = 0; i < findings.Count; i++)
            if (findings[i] is var f && f.Start < cut && f.End > cut)
                cut = Math.Max(0, f.Start);
        if (cut > 0 && cut < length && char.IsHighSurrogate(pending[cut - 1]))
            cut--;
        return cut;
    }

    private StreamChunkResult Stop(StreamChunkResult result)
    {
        _stopped = result;
        (_text, _heldFrom) = ("", 0);
        return result;
    }
}
