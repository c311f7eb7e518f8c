using System.CommandLine;
using System.Text.Json;
using Gatehouse.Governance.Datasets.Attestation;
using Gatehouse.Governance.Datasets.Manifests;
using Gatehouse.Governance.Datasets.Readers;
using Gatehouse.Governance.Datasets.Reports;
using Gatehouse.Governance.Datasets.Scanning;
using Gatehouse.Governance.Datasets.Thresholds;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// <c>gatehouse dataset init DIR</c> writes a manifest (hashes filled, the rest TODO);
/// <c>gatehouse dataset verify DIR|MANIFEST</c> checks it and writes a signed in-toto statement in a DSSE envelope.
/// Exit codes: 0 verified, 1 a check failed, 2 malformed manifest or usage error.
/// </summary>
internal static class DatasetCommands
{
    /// <summary>Name of the dataset signing key in the data directory.</summary>
    public const string KeyFileName = TrustedDatasetKeys.SigningKeyFileName;

    public static Command Create() => new("dataset", "Dataset manifests: provenance, licences, consent, hashes") { Init(), Verify() };

    private static Command Init()
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "The dataset folder" };
        var name = new Option<string?>("--name") { Description = "Dataset name (default: folder name)" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing manifest" };
        var command = new Command("init", $"Write {DatasetManifest.FileName} for a folder: file hashes filled, the rest as TODO") { directory, name, force };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var dir = parseResult.GetValue(directory)!;
            if (!dir.Exists)
            {
                error.WriteLine($"dataset init: {dir.FullName}: no such directory");
                return 2;
            }
            var path = Path.Combine(dir.FullName, DatasetManifest.FileName);
            if (File.Exists(path) && !parseResult.GetValue(force))
            {
                error.WriteLine($"dataset init: {path} already exists (use --force to overwrite)");
                return 2;
            }
            var manifest = ManifestInitializer.Create(dir.FullName, parseResult.GetValue(name));
            File.WriteAllText(path, ManifestSerializer.ToYaml(manifest));
            output.WriteLine($"Wrote {path}: {manifest.Files.Count} file(s) hashed; fill in the TODO fields, then run `gatehouse dataset verify`.");
            return 0;
        });
        return command;
    }

    private static Command Verify()
    {
        var target = new Argument<string>("path") { Description = $"The dataset folder or its {DatasetManifest.FileName}" };
        var scan = new Option<bool>("--scan") { Description = "Scan the dataset now instead of reading .gatehouse/scan.json" };
        var allow = new Option<string[]>("--allow-licence") { Description = "Allowed SPDX licence id (repeatable; replaces the default allow-list)" };
        var key = new Option<FileInfo?>("--key") { Description = $"Ed25519 private key file (default: DATA/{KeyFileName}, created if missing)" };
        var data = CommonOptions.Data();
        var command = new Command("verify", "Check a dataset manifest and write a signed verification statement (DSSE)") { target, scan, allow, key, data };
        var detection = new DetectionSetup().AddTo(command);
        var thresholdSetup = new ThresholdSetup().AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var given = parseResult.GetValue(target)!;
            var manifestPath = Directory.Exists(given) ? Path.Combine(given, DatasetManifest.FileName) : given;
            if (!File.Exists(manifestPath))
            {
                await error.WriteLineAsync($"dataset verify: {manifestPath}: no such manifest (run `gatehouse dataset init`)").ConfigureAwait(false);
                return 2;
            }
            var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
            var allowed = parseResult.GetValue(allow) is { Length: > 0 } ids ? new LicenceAllowList(ids) : LicenceAllowList.Default;
            ManifestVerification verification;
            try
            {
                // The same thresholds as `gatehouse scan`: --policy/--max/--thresholds, else the shipped bundle when present.
                var thresholds = thresholdSetup.Build(parseResult, ModelGateCommand.DefaultPolicyDirectory);
                var report = parseResult.GetValue(scan)
                    ? await FreshScanAsync(directory, detection.Build(parseResult), thresholds, cancellationToken).ConfigureAwait(false)
                    : SavedScan(directory, error);
                verification = ManifestVerifier.Verify(manifestPath, new VerificationInputs(allowed, report, DateOnly.FromDateTime(DateTime.UtcNow), thresholds));
            }
            catch (Exception e) when (e is ManifestFormatException or FormatException or IOException or Gatehouse.Policy.PolicyLoadException)
            {
                await error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }
            foreach (var check in verification.Checks)
            {
                await output.WriteLineAsync($"{(check.Passed ? "ok  " : "FAIL")} {check.Name}").ConfigureAwait(false);
                foreach (var problem in check.Problems)
                    await output.WriteLineAsync($"       {problem}").ConfigureAwait(false);
            }
            var keyPath = parseResult.GetValue(key)?.FullName ?? Path.Combine(parseResult.GetValue(data)!.FullName, KeyFileName);
            using var signer = Ed25519Signer.LoadOrCreate(keyPath);
            var envelope = signer.Sign(DsseEnvelope.InTotoPayloadType, DatasetVerificationStatement.Create(verification, DateTimeOffset.UtcNow));
            Directory.CreateDirectory(Path.Combine(directory, DatasetFileFinder.StateFolder));
            var envelopePath = Path.Combine(directory, DatasetVerificationStatement.EnvelopeRelativePath);
            await File.WriteAllTextAsync(envelopePath, envelope.ToJson(), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(directory, DatasetVerificationStatement.PublicKeyRelativePath), Convert.ToBase64String(signer.PublicKey), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"{(verification.Passed ? "Verified" : "NOT verified")}: statement signed by key {signer.KeyId[..16]} in {envelopePath}").ConfigureAwait(false);
            return verification.Passed ? 0 : 1;
        });
        return command;
    }

    private static JsonScanReport.Document? SavedScan(string directory, TextWriter error)
    {
        var path = Path.Combine(directory, DatasetFileFinder.StateFolder, "scan.json");
        if (!File.Exists(path))
            return null;
        try
        {
            using var stream = File.OpenRead(path);
            return JsonScanReport.Read(stream);
        }
        catch (JsonException e)
        {
            error.WriteLine($"{path}: not a scan report ({e.Message}); treated as missing");
            return null;
        }
    }

    private static async Task<JsonScanReport.Document?> FreshScanAsync(string directory, Gatehouse.Detection.ITextScanner scanner, IScanThresholdPolicy thresholds, CancellationToken cancellationToken)
    {
        var errors = new InputErrorLog();
        var files = DatasetFileFinder.InDirectory(directory, [], [], prefixDirectory: false).ToList();
        var started = DateTimeOffset.UtcNow;
        var result = await new DatasetScanner(scanner, new DatasetScanOptions()).ScanAsync(files, errors, null, cancellationToken).ConfigureAwait(false);
        var decision = thresholds.Evaluate(new ScanTotals(result.TotalRows, result.TotalBytes, result.FindingsByType, result.InputErrors.Count, result.Files));
        return JsonScanReport.ToDocument(new ScanReport([directory], started, result, decision));
    }
}
