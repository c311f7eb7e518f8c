using System.Globalization;
using Gatehouse.Governance.Datasets.Reports;
using Gatehouse.Governance.Datasets.Thresholds;

namespace Gatehouse.Governance.Datasets.Manifests;

/// <summary>What a verification is checked against.</summary>
/// <param name="Licences">Allowed licences.</param>
/// <param name="Scan">The latest scan report of the dataset, or null when there is none.</param>
/// <param name="Today">The date dates are judged against (collection dates may not be later).</param>
/// <param name="Thresholds">
/// The thresholds the scan is judged by, the same as <c>gatehouse scan</c> applies (for example the Rego policy
/// <c>data.gatehouse.dataset</c>); null means the strict default, any finding fails.
/// </param>
public sealed record VerificationInputs(LicenceAllowList Licences, JsonScanReport.Document? Scan, DateOnly Today, IScanThresholdPolicy? Thresholds = null);

/// <summary>
/// Checks a manifest: complete (no missing or TODO fields), SPDX syntax, dates, file hashes (changed, missing and
/// extra files named), licences against the allow-list, and that the latest scan is within the thresholds or every
/// entity type over them has a justified exception.
/// </summary>
public static class ManifestVerifier
{
    /// <summary>Verifies the manifest at <paramref name="manifestPath"/> against the files beside it.</summary>
    /// <exception cref="ManifestFormatException">The manifest cannot be parsed.</exception>
    public static ManifestVerification Verify(string manifestPath, VerificationInputs inputs)
    {
        var manifest = ManifestSerializer.Load(manifestPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        return new ManifestVerification(manifestPath, manifest,
        [
            CheckComplete(manifest),
            CheckSpdx(manifest),
            CheckDates(manifest, inputs.Today),
            CheckHashes(manifest, directory),
            CheckLicences(manifest, inputs.Licences),
            CheckScan(manifest, directory, inputs.Scan, inputs.Thresholds ?? new ThresholdRules()),
        ]);
    }

    private static bool Missing(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.TrimStart().StartsWith(DatasetManifest.TodoMarker, StringComparison.Ordinal);

    private static ManifestCheck CheckComplete(DatasetManifest m)
    {
        var problems = new List<string>();
        void Require(string field, string? value)
        {
            if (Missing(value))
                problems.Add($"{field} is {(string.IsNullOrWhiteSpace(value) ? "missing" : "still TODO")}");
        }
        Require("name", m.Name);
        Require("version", m.Version);
        Require("description", m.Description);
        Require("owner", m.Owner);
        Require("intendedUse", m.IntendedUse);
        Require("retention", m.Retention);
        if (m.Sources.Count == 0)
            problems.Add("sources: at least one source is required");
        for (var i = 0; i < m.Sources.Count; i++)
        {
            var s = m.Sources[i];
            Require($"sources[{i}].origin", s.Origin);
            Require($"sources[{i}].licence", s.Licence);
            Require($"sources[{i}].collectionMethod", s.CollectionMethod);
            Require($"sources[{i}].legalBasis", s.LegalBasis);
            Require($"sources[{i}].consentReference", s.ConsentReference);
            Require($"sources[{i}].collectionDate", s.CollectionDate);
        }
        if (m.PersonalDataCategories.Count == 0)
            problems.Add("personalDataCategories: list the categories, or 'none'");
        for (var i = 0; i < m.PersonalDataCategories.Count; i++)
            Require($"personalDataCategories[{i}]", m.PersonalDataCategories[i]);
        if (m.Files.Count == 0)
            problems.Add("files: the manifest lists no files");
        for (var i = 0; i < m.ScanExceptions.Count; i++)
        {
            Require($"scanExceptions[{i}].entityType", m.ScanExceptions[i].EntityType);
            Require($"scanExceptions[{i}].justification", m.ScanExceptions[i].Justification);
        }
        return ManifestCheck.From("complete", problems);
    }

    private static ManifestCheck CheckSpdx(DatasetManifest m)
    {
        var problems = new List<string>();
        for (var i = 0; i < m.Sources.Count; i++)
        {
            var licence = m.Sources[i].Licence;
            if (!Missing(licence) && SpdxExpression.Identifiers(licence!) is null)
                problems.Add($"sources[{i}].licence '{licence}' is not an SPDX licence expression");
        }
        return ManifestCheck.From("spdx", problems);
    }

    private static ManifestCheck CheckDates(DatasetManifest m, DateOnly today)
    {
        var problems = new List<string>();
        for (var i = 0; i < m.Sources.Count; i++)
        {
            var date = m.Sources[i].CollectionDate;
            if (Missing(date))
                continue;
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                problems.Add($"sources[{i}].collectionDate '{date}' is not a date (yyyy-MM-dd)");
            else if (parsed > today)
                problems.Add($"sources[{i}].collectionDate {date} is in the future");
        }
        return ManifestCheck.From("dates", problems);
    }

    private static ManifestCheck CheckHashes(DatasetManifest m, string directory)
    {
        var problems = new List<string>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in m.Files)
        {
            if (string.IsNullOrWhiteSpace(entry.Path))
            {
                problems.Add("files: an entry has no path");
                continue;
            }
            listed.Add(entry.Path);
            var full = Path.GetFullPath(Path.Combine(directory, entry.Path));
            if (!full.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                problems.Add($"{entry.Path}: outside the dataset folder");
            else if (!File.Exists(full))
                problems.Add($"{entry.Path}: missing");
            else if (!string.Equals(FileHasher.Sha256(full), entry.Sha256, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{entry.Path}: changed (sha256 differs from the manifest)");
        }
        foreach (var extra in ManifestInitializer.DataFilePaths(directory).Where(p => !listed.Contains(p)))
            problems.Add($"{extra}: extra file not in the manifest");
        return ManifestCheck.From("hashes", problems);
    }

    private static ManifestCheck CheckLicences(DatasetManifest m, LicenceAllowList allowList)
    {
        var problems = new List<string>();
        for (var i = 0; i < m.Sources.Count; i++)
        {
            var licence = m.Sources[i].Licence;
            if (Missing(licence) || SpdxExpression.Identifiers(licence!) is not { } ids)
                continue;
            foreach (var id in ids.Where(id => !allowList.Allows(id)))
                problems.Add($"sources[{i}].licence: {id} is not on the allow-list");
        }
        return ManifestCheck.From("licences", problems);
    }

    private static ManifestCheck CheckScan(DatasetManifest m, string directory, JsonScanReport.Document? scan, IScanThresholdPolicy thresholds)
    {
        var problems = new List<string>();
        if (scan is null)
        {
            problems.Add($"no scan report: run `gatehouse scan {directory} --json {Path.Combine(directory, ".gatehouse", "scan.json")}` or verify with --scan");
            return ManifestCheck.From("scan", problems);
        }
        if (scan.Totals.InputErrors > 0)
            problems.Add($"the scan had {scan.Totals.InputErrors} input error(s): part of the data was not checked");
        var justified = m.ScanExceptions.Where(e => !Missing(e.EntityType) && !Missing(e.Justification))
            .Select(e => e.EntityType!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // The saved scan is judged again here by the thresholds given now, so verify and scan apply the same rules
        // whatever thresholds the scan was run with.
        var decision = thresholds.Evaluate(new ScanTotals(scan.Totals.Rows, scan.Totals.Bytes, scan.FindingsByType, scan.Totals.InputErrors, scan.Files));
        foreach (var violation in decision.Violations.Where(v => !justified.Contains(v.EntityType)))
            problems.Add($"{violation.Count} {violation.EntityType} finding(s) over the threshold ({violation.Limit}) without a justified scan exception");
        var newest = m.Files.Select(f => Path.Combine(directory, f.Path ?? "")).Where(File.Exists).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty().Max();
        if (newest > scan.StartedAt.UtcDateTime)
            problems.Add($"the scan ({scan.StartedAt:u}) is older than the newest data file ({newest:u}): scan again");
        return ManifestCheck.From("scan", problems);
    }
}
