using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Gatehouse.Detection;
using Gatehouse.Detection.Json;
using Gatehouse.Detection.Operators;
using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Pipeline;
using LibraryAction = Gatehouse.Detection.Operators.EntityAction;
using PolicyAction = Gatehouse.Gateway.Pipeline.EntityAction;

namespace Gatehouse.Gateway.DataProtection;

/// <summary>
/// What the detection stages share for the gateway's lifetime: the engine built once from the <c>detection</c>
/// section, the JSON scanner over OpenAI bodies, and the operator keys. Thread-safe.
/// </summary>
public sealed class DetectionRuntime
{
    /// <summary>Creates the runtime around an engine (tests may pass one with extra detectors).</summary>
    public DetectionRuntime(DetectionEngine engine, DetectionKeys keys, bool enabled = true)
    {
        Engine = engine;
        Keys = keys;
        Enabled = enabled;
        // Through RememberedScans, so the transform stage can walk the request again without scanning it again.
        Json = new JsonScanner(new RememberedScans(engine));
    }

    /// <summary>Builds the runtime from configuration; keys come from (or are created in) the data directory.</summary>
    public static DetectionRuntime FromConfig(DetectionConfig config, string dataDirectory) => new(
        DetectionEngine.Create(new DetectionOptions
        {
            EnabledEntityTypes = config.EntityTypes,
            MinimumScore = config.MinimumScore,
            TimeBudget = config.TimeBudget,
            CustomDetectors = config.CustomDetectors,
        }),
        DetectionKeys.LoadOrCreate(dataDirectory, config.HashKeyFile, config.EncryptionKeyFile),
        config.Enabled);

    /// <summary>The text scanner.</summary>
    public DetectionEngine Engine { get; }

    /// <summary>Scans OpenAI request bodies by path.</summary>
    public JsonScanner Json { get; }

    /// <summary>Keys for hash and encrypt.</summary>
    public DetectionKeys Keys { get; }

    /// <summary>False when detection is switched off in the configuration.</summary>
    public bool Enabled { get; }

    /// <summary>An anonymizer applying the decision's actions; <paramref name="fallback"/> for unlisted types.</summary>
    /// <remarks>
    /// Anonymizers are stateless, and the decide stage hands out the same action map for the same decision, so one
    /// is built per map and fallback and reused while the map lives, instead of once per response (so a map passed
    /// here must not change afterwards; the decisions' maps never do).
    /// </remarks>
    public Anonymizer AnonymizerFor(IReadOnlyDictionary<string, PolicyAction> actions, PolicyAction fallback) =>
        _anonymizers.GetValue(actions, static _ => new ConcurrentDictionary<PolicyAction, Anonymizer>())
            .GetOrAdd(fallback, static (fallback, state) => state.Runtime.NewAnonymizer(state.Actions, fallback), (Runtime: this, Actions: actions));

    private readonly ConditionalWeakTable<IReadOnlyDictionary<string, PolicyAction>, ConcurrentDictionary<PolicyAction, Anonymizer>> _anonymizers = new();

    private Anonymizer NewAnonymizer(IReadOnlyDictionary<string, PolicyAction> actions, PolicyAction fallback) => new(new AnonymizerOptions
    {
        Actions = actions.ToDictionary(a => a.Key, a => ToOperator(a.Value), StringComparer.Ordinal),
        DefaultAction = ToOperator(fallback),
        HashKey = Keys.HashKey,
        EncryptionKey = Keys.EncryptionKey,
    });

    /// <summary>The library operator for a policy action.</summary>
    public static LibraryAction ToOperator(PolicyAction action) => new(action switch
    {
        PolicyAction.Allow => OperatorKind.Keep,
        PolicyAction.Mask => OperatorKind.Mask,
        PolicyAction.Redact => OperatorKind.Redact,
        PolicyAction.Block => OperatorKind.Block,
        PolicyAction.Hash => OperatorKind.Hash,
        PolicyAction.Pseudonymize => OperatorKind.Pseudonymize,
        PolicyAction.Encrypt => OperatorKind.Encrypt,
        _ => OperatorKind.Mask,
    });
}
