using Gatehouse.Detection;
using Gatehouse.Detection.Operators;
using Gatehouse.Detection.Streaming;
using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.DataProtection;

/// <summary>
/// One response's output guard: a <see cref="StreamingGuard"/> per channel (choice content, tool-call arguments),
/// followed by a pseudonym restorer when the decision allows restoring. A block or a detection failure throws a
/// <see cref="Errors.GatewayException"/>; the relays turn it into an error response or a final error event, and
/// nothing held back is released after it.
/// </summary>
internal sealed class DetectionGuardSession : IOutputGuardSession
{
    private readonly DetectionRuntime _runtime;
    private readonly GatewayContext _context;
    private readonly Anonymizer _anonymizer;
    // Output-side pseudonyms are kept apart from the request's: a name first seen in the answer is never "restored".
    private readonly PseudonymVault _outputVault = new();
    private readonly Dictionary<int, Channel> _channels = [];

    // One shared empty map: the runtime caches an anonymizer per map instance, so a fresh one per request would miss.
    private static readonly Dictionary<string, Pipeline.EntityAction> NoActions = [];

    public DetectionGuardSession(DetectionRuntime runtime, GatewayContext context)
    {
        _runtime = runtime;
        _context = context;
        var decision = context.Decision;
        _anonymizer = runtime.AnonymizerFor(
            decision?.OutputActions ?? NoActions,
            decision?.DefaultOutputAction ?? Pipeline.EntityAction.Mask);
    }

    public string GuardText(int choiceIndex, string text)
    {
        var channel = Open(choiceIndex);
        var head = channel.Take(channel.Guard.Feed(text), _context);
        return head + Flush(choiceIndex);
    }

    public string GuardDelta(int choiceIndex, string delta) => Open(choiceIndex) is var channel
        ? channel.Take(channel.Guard.Feed(delta), _context)
        : "";

    public string Flush(int choiceIndex)
    {
        // The channel stays: text that still follows (a server going on after a choice's finish) is scanned with the
        // released text as left context, so an entity split across the finish is still found; a fresh guard would
        // see only its second half.
        if (!_channels.TryGetValue(choiceIndex, out var channel))
            return "";
        var text = channel.Take(channel.Guard.Flush(), _context);
        return channel.Restorer is { } restorer ? text + restorer.Flush() : text;
    }

    private Channel Open(int key)
    {
        if (!_channels.TryGetValue(key, out var channel))
        {
            var restorer = _context.Decision?.RestorePseudonyms == true ? _context.Pseudonyms?.CreateStreamRestorer() : null;
            channel = new Channel(new StreamingGuard(_runtime.Engine, _anonymizer, _outputVault), restorer);
            _channels[key] = channel;
        }
        return channel;
    }

    private sealed record Channel(StreamingGuard Guard, PseudonymStreamRestorer? Restorer)
    {
        /// <summary>Records what was done and returns the text to send, or throws when the stream must stop.</summary>
        public string Take(StreamChunkResult result, GatewayContext context)
        {
            foreach (var applied in result.Applied)
            {
                // The guard reports what it acted on, not its scores; the finding records type and offsets only.
                context.OutputFindings.Add(new Finding(applied.EntityType, applied.Start, applied.End, 0, "output-guard"));
                if (applied.Action != OperatorKind.Keep)
                    context.ActedOnEntityTypes.Add(applied.EntityType);
            }
            switch (result.Status)
            {
                case StreamStatus.Blocked:
                    throw DetectionErrors.OutputBlocked(result.Reason ?? "blocked entity type");
                case StreamStatus.Failed:
                    throw DetectionErrors.DetectionFailed("answer", result.Reason ?? "the detector failed");
            }
            return Restorer is null ? result.Text : Restorer.Feed(result.Text);
        }
    }
}
