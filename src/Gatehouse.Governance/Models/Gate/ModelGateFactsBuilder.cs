using Gatehouse.Governance.Datasets.Attestation;
using Gatehouse.Governance.Models.Cards;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Governance.Models.Gate;

/// <summary>
/// Gathers <see cref="ModelGateFacts"/> for one model version. It re-hashes weights and dataset files, so it reads the
/// disk as it is now, not as it was at registration.
/// </summary>
public sealed class ModelGateFactsBuilder
{
    private readonly ModelRegistry registry;
    private readonly RedTeamResultStore redTeam;
    private readonly TrustedDatasetKeys? trustedKeys;

    /// <summary>Creates a builder over the registry and its red-team results.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="redTeam">Its red-team results.</param>
    /// <param name="trustedKeys">Keys whose dataset statements are believed; default: those of the registry's data directory (<see cref="TrustedDatasetKeys.Load"/>), read at each build.</param>
    public ModelGateFactsBuilder(ModelRegistry registry, RedTeamResultStore redTeam, TrustedDatasetKeys? trustedKeys = null)
    {
        this.registry = registry;
        this.redTeam = redTeam;
        this.trustedKeys = trustedKeys;
    }

    /// <summary>Gathers the facts.</summary>
    /// <param name="reference">The model version.</param>
    /// <param name="actor">Who asked (the weight verification is audited under this name).</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    /// <exception cref="ModelGovernanceException">Unknown model, or a lineage cycle in the stored registry.</exception>
    public async Task<ModelGateFacts> BuildAsync(ModelReference reference, string actor, CancellationToken cancellationToken = default)
    {
        var lineage = registry.GetLineage(reference);
        var model = lineage[0];
        var weights = await registry.VerifyWeightsAsync(reference, actor, null, cancellationToken).ConfigureAwait(false);
        var datasets = new List<GateDatasetFacts>();
        var keys = trustedKeys ?? TrustedDatasetKeys.Load(registry.DataDirectory);
        foreach (var dataset in model.Datasets)
            datasets.Add(await DatasetFactsAsync(dataset, keys, cancellationToken).ConfigureAwait(false));
        return new ModelGateFacts(
            new GateModelFacts(reference.Name, reference.Version, model.Registrant, model.RegisteredAt),
            CardFacts(model.Card),
            datasets,
            RedTeamFacts(redTeam.ForModel(reference)),
            new GateWeightFacts(weights.AllUnchanged,
                weights.Files.Select(f => new GateWeightFile(f.File.Path, f.File.Sha256, f.Status.ToString().ToLowerInvariant())).ToList()),
            new GateApprovalFacts(model.IsApproved,
                model.Approvals.Select(a => new GateApproval(a.Approver, a.ApprovedAt, a.Note, !RegisteredModel.SameIdentity(a.Approver, model.Registrant))).ToList()),
            new GateLineageFacts(
                lineage.Count > 1 ? new GateBaseFacts(lineage[1].Reference.Name, lineage[1].Reference.Version, lineage[1].IsApproved) : null,
                lineage.Select(m => m.Reference.ToString()).ToList()));
    }

    private static GateCardFacts CardFacts(StoredCard? card)
    {
        if (card is null)
            return new GateCardFacts(false, null, null, false, RequiredCardSection.All.Select(s => s.Id).ToList(), ["no model card was registered"]);
        CardValidationResult validation;
        try
        {
            validation = ModelCardValidator.Validate(ModelCardParser.Parse(card.Text, card.Path));
        }
        catch (ModelGovernanceException e)
        {
            validation = new CardValidationResult([new CardProblem(card.Path, null, e.Message)]);
        }
        return new GateCardFacts(true, card.Path, card.Sha256, validation.IsComplete, validation.MissingSections,
            validation.Problems.Select(p => p.ToString()).ToList());
    }

    private static async Task<GateDatasetFacts> DatasetFactsAsync(DatasetRecord dataset, TrustedDatasetKeys keys, CancellationToken cancellationToken)
    {
        var manifestNow = await DigestOrNullAsync(dataset.ManifestPath, cancellationToken).ConfigureAwait(false);
        var statementNow = dataset.StatementPath is null ? null : await DigestOrNullAsync(dataset.StatementPath, cancellationToken).ConfigureAwait(false);
        var statementUnchanged = statementNow is not null && statementNow == dataset.StatementSha256;
        // The stored flags are not trusted: the statement is re-verified now (signature, subjects, files on disk).
        var check = dataset.StatementPath is null
            ? new StatementVerification(false, null, false, false, false, false, [])
            : DatasetStatementVerifier.Verify(dataset.ManifestPath, dataset.StatementPath, keys);
        // Only the statement pinned at registration, and only one that verifies, counts: otherwise nothing passed.
        var believed = statementUnchanged && check.Authentic;
        return new GateDatasetFacts(dataset.Name, dataset.Version, dataset.ManifestPath, dataset.ManifestSha256,
            manifestNow == dataset.ManifestSha256, dataset.Licenses,
            dataset.StatementPath is not null, dataset.StatementPath, dataset.StatementSha256,
            statementUnchanged, believed && check.Passed, believed && check.ScanPassed,
            check.SignatureValid, check.SignerKeyId, check.SubjectsMatchManifest, check.FilesUnchanged, check.Problems);
    }

    private static GateRedTeamFacts RedTeamFacts(IReadOnlyList<RedTeamResult> results)
    {
        // A suite re-run after a fix supersedes its earlier result; every suite's latest run must be clean.
        var latest = results.GroupBy(r => r.SuiteName).Select(g => g.Last()).ToList();
        return new GateRedTeamFacts(
            results.Select(r => new GateRedTeamResult(r.SuiteName, r.SuiteSha256, r.Passed, r.Failed, r.RecordedAt, r.JUnitPath)).ToList(),
            latest.Count > 0 && latest.All(r => r.AllPassed));
    }

    private static async Task<string?> DigestOrNullAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return (await WeightHasher.HashFileAsync(path, null, cancellationToken).ConfigureAwait(false)).Sha256;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
