using Gatehouse.Governance.Datasets.Readers;
using Gatehouse.Governance.Datasets.Scanning;
using Gatehouse.Testing;

namespace Gatehouse.Governance.Tests.Datasets;

/// <summary>Runs a real scan over real files with the shipped detection engine.</summary>
internal static class ScanFixture
{
    public const string Email = "alice.smith@example.com";
    public const string Card = "4111 1111 1111 1111";
    public const string AwsKey = "AKIAIOSFODNN7EXAMPLE";

    /// <summary>
    /// The default detectors, built once (immutable and thread-safe), with a dataset scan's generous time budget as
    /// the CLI sets it: on a loaded test machine the gateway's 2 s per text would turn slowness into input errors.
    /// </summary>
    public static readonly Gatehouse.Detection.DetectionEngine Engine =
        Gatehouse.Detection.DetectionEngine.Create(new Gatehouse.Detection.DetectionOptions { TimeBudget = TimeSpan.FromMinutes(1) });

    public static async Task<DatasetScanResult> ScanAsync(string path, int workers = 2, ReaderLimits? limits = null, bool showValues = true)
    {
        var errors = new InputErrorLog();
        var files = DatasetFileFinder.Find([path], [], [], errors);
        var options = new DatasetScanOptions { Workers = workers, ShowValues = showValues, Limits = limits ?? ReaderLimits.Default };
        return await new DatasetScanner(Engine, options).ScanAsync(files, errors);
    }
}
