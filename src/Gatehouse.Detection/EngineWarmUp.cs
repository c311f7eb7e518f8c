namespace Gatehouse.Detection;

/// <summary>
/// Pays the built-in detectors' one-time costs (constructing the non-backtracking regexes, which the runtime builds on
/// first use, and JIT-compiling every detector's code paths, ASCII and non-ASCII) once per process, before the first
/// real scan. Without it that cost lands inside the first scan's time budget, and on a busy machine the first prompt
/// with, say, a zero-width character could be refused as a detector timeout (fail closed, but for no reason).
/// </summary>
internal static class EngineWarmUp
{
    // One text per path: plain ASCII, and text that needs normalization (zero-width, full-width digits, accented
    // capitals) so the Unicode branches of PERSON, LOCATION and ORGANIZATION run too.
    private static readonly string[] Samples =
    [
        "My name is John Smith, I live at 221 Baker Street, London. Email john.smith@example.com, phone +44 20 7946 0958, "
            + "card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, SSN 123-45-6789, from 10.0.0.1 at Acme Holdings Inc. "
            + "password=Xk9$wq2!Lm, https://user:pw@example.com/x, born 1980-02-01.",
        "Dr. José Müller vit à Zürich chez Société Générale SA; téléphone ４１１１ １１１１ １１１１ １１１１, e\u200Bmail jo\u200Bse@exämple.com.",
    ];

    private static readonly Lazy<bool> Done = new(Run, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs the warm-up once per process; later calls return at once (concurrent first calls wait for it).</summary>
    public static void EnsureDone() => _ = Done.Value;

    private static bool Run()
    {
        var engine = new DetectionEngine(Detectors.BuiltInDetectors.All(), new DetectionOptions { TimeBudget = TimeSpan.FromMinutes(5) });
        foreach (var sample in Samples)
            engine.Scan(sample);
        return true;
    }
}
