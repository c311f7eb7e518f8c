using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Gatehouse.Detection;
using Gatehouse.Detection.Detectors;
using Gatehouse.Detection.Evaluation;

namespace Gatehouse.Benchmarks;

/// <summary>
/// Old engine against new in one process (<c>-- --compare-engines OLD_BUILD_DIR</c>): loads a previous build of
/// Gatehouse.Detection (for example <c>git archive main</c> built in a scratch directory) into its own load context,
/// then (1) checks that both report the same findings, raw per detector and through the engine at minimum score 0 and
/// 0.5, on pii-dev, the secrets-dev fixtures, the prose/code corpus, the benchmark transcripts and random fuzz strings,
/// and (2) times both side by side on the 64 KB benchmark transcripts, alternating, as minimum thread CPU time and
/// minimum wall time of N runs plus bytes allocated per scan, and the new streaming guard's CPU per 24-character
/// chunk. Exit code 1 when any finding differs.
/// </summary>
/// <remarks>
/// Performance work must not change findings; this is the check that it did not. Thread CPU time
/// (<c>CLOCK_THREAD_CPUTIME_ID</c>) is reported beside wall time because the build machine is shared: time spent
/// descheduled does not count against either engine.
/// </remarks>
internal static class EngineComparison
{
    public static int Run(string oldBuildDir, TextWriter output)
    {
        var root = RepositoryRoot();
        var old = OldEngine.Load(Path.GetFullPath(oldBuildDir));
        var texts = Texts(root).ToList();
        output.WriteLine($"equivalence over {texts.Count} texts (pii-dev, secrets-dev, prose/code corpus, benchmark transcripts, fuzz)");
        var differences = 0;
        var newLoose = DetectionEngine.Create(new DetectionOptions { MinimumScore = 0 });
        var newDefault = DetectionEngine.Create();
        var newDetectors = BuiltInDetectors.All();
        foreach (var (source, text) in texts)
        {
            differences += Compare(output, source, "engine@0", old.Scan(text, loose: true), Describe(newLoose.Scan(text)), text);
            differences += Compare(output, source, "engine@0.5", old.Scan(text, loose: false), Describe(newDefault.Scan(text)), text);
            // Detectors see normalized text in the engine (ASCII digits only, no invisible characters), so raw runs do too.
            var normalized = Gatehouse.Detection.Normalization.TextNormalizer.Normalize(text).Text;
            foreach (var detector in newDetectors)
            {
                var sink = new List<Finding>();
                detector.Detect(normalized, sink);
                differences += Compare(output, source, "raw " + detector.Id, old.Detect(detector.Id, normalized), Describe(sink), normalized);
            }
        }
        output.WriteLine(differences == 0 ? "findings identical" : $"{differences} differences");
        Time(output, old);
        return differences == 0 ? 0 : 1;
    }

    private static int Compare(TextWriter output, string source, string what, List<string> expected, List<string> actual, string text)
    {
        expected.Sort(StringComparer.Ordinal);
        actual.Sort(StringComparer.Ordinal);
        if (expected.SequenceEqual(actual))
            return 0;
        var snippet = text.Length > 160 ? text[..160] + "…" : text;
        output.WriteLine($"DIFF {source} {what}: old [{string.Join("; ", expected.Except(actual))}] new [{string.Join("; ", actual.Except(expected))}] in: {snippet.ReplaceLineEndings(" ")}");
        return 1;
    }

    private static List<string> Describe(IEnumerable<Finding> findings) =>
        findings.Select(f => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{f.EntityType} {f.Start}-{f.End} {f.Score:F2} {f.DetectorId}")).ToList();

    private static void Time(TextWriter output, OldEngine old)
    {
        var bench = new DetectionBenchmarks();
        bench.Setup();
        const int runs = 31;
        output.WriteLine($"timing, 64 KB transcripts, {runs} alternating runs each; load average {CpuClock.LoadAverage()}");
        output.WriteLine($"{"text",-6} {"engine",-4} {"min CPU µs",11} {"min wall µs",12} {"median CPU µs",14} {"MB/s (min CPU)",15} {"allocated B",12}");
        foreach (var (name, text) in new[] { ("clean", bench.CleanText), ("pii", bench.PiiText) })
        {
            var engines = new (string Name, Action Scan)[] { ("old", () => old.ScanOnly(text)), ("new", () => bench.Engine.Scan(text)) };
            var cpu = engines.Select(_ => new List<double>()).ToArray();
            var wall = engines.Select(_ => new List<double>()).ToArray();
            var allocated = new long[engines.Length];
            for (var e = 0; e < engines.Length; e++)
                engines[e].Scan(); // warm-up
            for (var r = 0; r < runs; r++)
            {
                for (var e = 0; e < engines.Length; e++)
                {
                    var bytes = GC.GetAllocatedBytesForCurrentThread();
                    var cpuStart = CpuClock.ThreadMicroseconds();
                    var clock = Stopwatch.StartNew();
                    engines[e].Scan();
                    wall[e].Add(clock.Elapsed.TotalMicroseconds);
                    cpu[e].Add(CpuClock.ThreadMicroseconds() - cpuStart);
                    allocated[e] = GC.GetAllocatedBytesForCurrentThread() - bytes;
                }
            }
            for (var e = 0; e < engines.Length; e++)
            {
                cpu[e].Sort();
                wall[e].Sort();
                var mbps = text.Length / 1_048_576.0 / (cpu[e][0] / 1_000_000);
                output.WriteLine($"{name,-6} {engines[e].Name,-4} {cpu[e][0],11:F0} {wall[e][0],12:F0} {cpu[e][runs / 2],14:F0} {mbps,15:F1} {allocated[e],12}");
            }
        }
        // The streaming guard over the PII transcript in 24-character chunks (new engine only): CPU per chunk.
        var chunks = bench.PiiText.Chunk(24).Select(c => new string(c)).ToArray();
        var anonymizer = new Gatehouse.Detection.Operators.Anonymizer(new Gatehouse.Detection.Operators.AnonymizerOptions());
        var best = double.MaxValue;
        for (var r = 0; r < 5; r++)
        {
            var guard = new Gatehouse.Detection.Streaming.StreamingGuard(bench.Engine, anonymizer);
            var cpuStart = CpuClock.ThreadMicroseconds();
            foreach (var chunk in chunks)
                guard.Feed(chunk);
            guard.Flush();
            best = Math.Min(best, CpuClock.ThreadMicroseconds() - cpuStart);
        }
        output.WriteLine($"streaming guard (new): {chunks.Length} chunks of 24 characters, min CPU {best / chunks.Length:F1} µs per chunk");
        output.WriteLine($"load average after: {CpuClock.LoadAverage()}");
    }

    private static IEnumerable<(string Source, string Text)> Texts(string root)
    {
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared", "datasets"));
        foreach (var file in new[] { "generated_large.json", "generated_small.json" })
            foreach (var sample in LabelledSample.LoadPiiDev(Path.Combine(shared, "pii-dev", file)))
                yield return ("pii-dev", sample.Text);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(shared, "secrets-dev"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (new FileInfo(file).Length < 1 << 20)
                yield return ("secrets-dev " + Path.GetFileName(file), File.ReadAllText(file));
        var corpus = Path.Combine(root, "tests", "Gatehouse.Detection.Tests", "Corpus", "clean-prose.txt");
        yield return ("corpus", File.ReadAllText(corpus));
        foreach (var line in File.ReadLines(corpus))
            yield return ("corpus line", line);
        var bench = new DetectionBenchmarks();
        bench.Setup();
        yield return ("bench clean", bench.CleanText);
        yield return ("bench pii", bench.PiiText);
        var random = new Random(20261123);
        for (var i = 0; i < 6000; i++)
            yield return ("fuzz " + i, Fuzz(random));
    }

    // Pieces that exercise every detector's edges: names, titles, cue phrases, digits with separators, prefixes of
    // token formats, look-alike and invisible characters, full-width digits.
    private static readonly string[] FuzzPieces =
    [
        " ", " ", " ", "\n", ", ", ". ", "-", "_", "@", ":", "=", "/", "://", "'", "0", "1", "4", "7", "9", "12", "536", "4111",
        "Anna", "Maria Lopez", "Dr.", "Mr ", "my name is ", "Dear ", "van ", "de ", "Paris", "Berlin", "Texas", "lives in ",
        "from ", "Acme", " Inc", " GmbH", " University", "Street", " Ave", "Apt 4", "221B", "card", "passport ", "DL ",
        "born ", "DOB ", "MRN ", "nhs ", "wallet ", "bc1q", "0x", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "sk-", "ghp_",
        "AKIA", "AIza", "xoxb-", "npm_", "pypi-", "glpat-", "DefaultEndpointsProtocol=https;", "password=", "secret: ",
        "eyJhbGciOi", "https://", "user:pass@", "example.org", "jane.doe", "+44 ", "(555) ", "DE89", "GB", "3704 0044",
        "192.168.", "fe80::", "00:1A:2B", "\u200B", "\uFF14", "\uFF11", "\u0430", "\u041E", "\u00A0", "\u2014", "\uFE6B",
        "\U0001D7CE", "ß", "É", "abc", "XYZ", "Thanks", "and ", " & ", "Kovalev, Lee and Phillips",
        "Billeveien 12", "Hauptstraße 5a", "zip code: ", "12345-6789", "Unit", "Flat ", "#", "Suite", "1.2.3.4", "::1", "10.0.0.",
        "2001:db8::", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "0x52908400098527886E0F7030069857D2E4169EE7",
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "DE89370400440532013000", "GB82 WEST 1234 5698 7654 32", "Inc.", "Ltd", ", ",
        "Dr ", "Ms. ", "i'm ", "visiting ", "based in ", "ghp_", "sk_live_", "sk-ant-api03-", "xoxb-", "github_pat_",
        "hooks.slack.com/services/", "AccountName=", "npm_", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij0123456789",
    ];

    private static string Fuzz(Random random)
    {
        var b = new StringBuilder();
        var pieces = random.Next(1, 40);
        for (var i = 0; i < pieces; i++)
        {
            if (random.Next(8) == 0)
                b.Append((char)random.Next(0x20, 0x7F));
            else
                b.Append(FuzzPieces[random.Next(FuzzPieces.Length)]);
        }
        return b.ToString();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gatehouse.slnx")))
                return dir.FullName;
        throw new InvalidOperationException("Gatehouse.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The previous build's engine and detectors, called by reflection across load contexts.</summary>
    private sealed class OldEngine
    {
        private readonly object _loose;
        private readonly object _default;
        private readonly MethodInfo _scan;
        private readonly Dictionary<string, object> _detectors;
        private readonly Type _findingList;

        private OldEngine(Assembly assembly)
        {
            var engineType = assembly.GetType("Gatehouse.Detection.DetectionEngine", throwOnError: true)!;
            var optionsType = assembly.GetType("Gatehouse.Detection.DetectionOptions", throwOnError: true)!;
            var create = engineType.GetMethod("Create")!;
            var looseOptions = Activator.CreateInstance(optionsType)!;
            optionsType.GetProperty("MinimumScore")!.SetValue(looseOptions, 0.0);
            _loose = create.Invoke(null, [looseOptions])!;
            _default = create.Invoke(null, [null])!;
            _scan = engineType.GetMethod("Scan", [typeof(string)])!;
            var all = assembly.GetType("Gatehouse.Detection.Detectors.BuiltInDetectors", throwOnError: true)!.GetMethod("All")!;
            _detectors = ((System.Collections.IEnumerable)all.Invoke(null, null)!).Cast<object>()
                .ToDictionary(d => (string)d.GetType().GetProperty("Id")!.GetValue(d)!);
            _findingList = typeof(List<>).MakeGenericType(assembly.GetType("Gatehouse.Detection.Finding", throwOnError: true)!);
        }

        public static OldEngine Load(string buildDir)
        {
            var context = new AssemblyLoadContext("old-detection");
            context.Resolving += (ctx, name) =>
            {
                var candidate = Path.Combine(buildDir, name.Name + ".dll");
                return File.Exists(candidate) ? ctx.LoadFromAssemblyPath(candidate) : null;
            };
            return new OldEngine(context.LoadFromAssemblyPath(Path.Combine(buildDir, "Gatehouse.Detection.dll")));
        }

        public List<string> Scan(string text, bool loose) =>
            DescribeOld((System.Collections.IEnumerable)_scan.Invoke(loose ? _loose : _default, [text])!);

        /// <summary>Scans with default options and discards the findings (for timing: no reflection over the result).</summary>
        public void ScanOnly(string text) => _scan.Invoke(_default, [text]);

        public List<string> Detect(string id, string text)
        {
            if (!_detectors.TryGetValue(id, out var detector))
                return [];
            var sink = Activator.CreateInstance(_findingList)!;
            detector.GetType().GetMethod("Detect")!.Invoke(detector, [text, sink]);
            return DescribeOld((System.Collections.IEnumerable)sink);
        }

        private static List<string> DescribeOld(System.Collections.IEnumerable findings)
        {
            var list = new List<string>();
            foreach (var f in findings)
            {
                var t = f.GetType();
                string P(string name) => Convert.ToString(t.GetProperty(name)!.GetValue(f), System.Globalization.CultureInfo.InvariantCulture)!;
                var score = (double)t.GetProperty("Score")!.GetValue(f)!;
                list.Add($"{P("EntityType")} {P("Start")}-{P("End")} {score.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)} {P("DetectorId")}");
            }
            return list;
        }
    }
}
