using Gatehouse.Detection.Detectors;
using Gatehouse.Detection.Operators;
using Gatehouse.Detection.Streaming;

namespace Gatehouse.Detection.Tests;

public sealed class StreamingGuardTests
{
    private static readonly DetectionEngine Engine = DetectionEngine.Create();
    private static readonly Anonymizer Replace = new(new AnonymizerOptions());

    private const string Transcript = """
        Sure! I've updated the record for Dr. Amelia Hartwell. Her email is amelia.hartwell@example.org and her
        phone is +44 20 7946 0958. The card on file, 4111 1111 1111 1111, expires soon; the refund goes to
        DE89 3704 0044 0532 0130 00. Her SSN 536-22-1234 is on the form, she lives at 221B Baker Street, Apt 4.
        The server 192.168.10.254 logged https://intranet.example.com/records?id=991 at 10:42. Nothing else here,
        just ordinary prose that goes on for a while so that plenty of text is released before the end of the stream.
        """;

    private static string Stream(StreamingGuard guard, IEnumerable<string> chunks)
    {
        var output = new System.Text.StringBuilder();
        foreach (var chunk in chunks)
        {
            var r = guard.Feed(chunk);
            Assert.False(r.MustStop, r.Reason);
            output.Append(r.Text);
        }
        output.Append(guard.Flush().Text);
        return output.ToString();
    }

    private static IEnumerable<string> RandomChunks(string text, Random random)
    {
        for (var i = 0; i < text.Length;)
        {
            var size = Math.Min(text.Length - i, random.Next(1, 24));
            yield return text.Substring(i, size);
            i += size;
        }
    }

    [Fact]
    public void AnyChunkingReleasesExactlyTheOneShotResult()
    {
        var expected = Replace.Apply(Transcript, Engine.Scan(Transcript)).Text;
        Assert.Contains("<CREDIT_CARD>", expected);
        for (var seed = 0; seed < 25; seed++)
        {
            var output = Stream(new StreamingGuard(Engine, Replace), RandomChunks(Transcript, new Random(seed)));
            Assert.Equal(expected, output);
        }
        Assert.Equal(expected, Stream(new StreamingGuard(Engine, Replace), Transcript.Select(c => c.ToString())));
    }

    [Fact]
    public void LowercaseRunsInsideValuesStillMatchTheOneShotResult()
    {
        // Values whose middle is plain lowercase words, or whose start is a lowercase keyword: the tight hold-back must
        // keep their beginning until the words that complete them have arrived.
        const string text = "so we met at 12 old mill lane and then the card 4111 1111 1111 1111 was used there, "
            + "the password = Tr0ub4dor&3xyz was shared and my name is Ana van der Berg so please write to ana.berg@example.org "
            + "or visit https://example.com/a?b=1 later on in the week when it is quiet and calm again ";
        var expected = Replace.Apply(text, Engine.Scan(text)).Text;
        Assert.NotEqual(text, expected);
        for (var seed = 0; seed < 25; seed++)
            Assert.Equal(expected, Stream(new StreamingGuard(Engine, Replace), RandomChunks(text, new Random(seed))));
        Assert.Equal(expected, Stream(new StreamingGuard(Engine, Replace), text.Select(c => c.ToString())));
    }

    [Fact]
    public void NoDetectableValueEverLeavesInAnyReleasedPrefix()
    {
        string[] secrets = ["amelia.hartwell@example.org", "4111 1111 1111 1111", "536-22-1234", "DE89 3704 0044 0532 0130 00", "+44 20 7946 0958"];
        for (var seed = 0; seed < 20; seed++)
        {
            var guard = new StreamingGuard(Engine, Replace);
            var released = "";
            foreach (var chunk in RandomChunks(Transcript, new Random(seed)))
            {
                released += guard.Feed(chunk).Text;
                foreach (var secret in secrets)
                    Assert.DoesNotContain(secret, released);
                // Any prefix of a value still being released must be a prefix of masked text: check digits never run long.
                Assert.DoesNotMatch(@"\d{4} \d{4} \d{4}", released);
            }
        }
    }

    [Fact]
    public void CleanTextIsReleasedPromptlyWithABoundedHoldBack()
    {
        var guard = new StreamingGuard(Engine, Replace);
        var released = 0;
        var fed = 0;
        for (var i = 0; i < 200; i++)
        {
            var chunk = "the quick brown fox jumps over the lazy dog ";
            fed += chunk.Length;
            released += guard.Feed(chunk).Text.Length;
            Assert.Equal(0, guard.HeldBack);
        }
        Assert.Equal(fed, released);
    }

    [Fact]
    public void PlainLowercaseProseIsHeldOnlyUntilItsLastWordEnds()
    {
        var guard = new StreamingGuard(Engine, Replace);
        var first = guard.Feed("sure, here is the summary you asked for, it was a quiet week and noth");
        Assert.Equal("sure, here is the summary you asked for, it was a quiet week and ", first.Text);
        Assert.Equal("noth".Length, guard.HeldBack);
        Assert.Equal("nothing ", guard.Feed("ing ").Text);
        Assert.Equal(0, guard.HeldBack);
    }

    [Fact]
    public void AWordThatCouldStartAValueIsHeldUntilPlainWordsSettleIt()
    {
        var guard = new StreamingGuard(Engine, Replace);
        Assert.Equal("call ", guard.Feed("call 4111 1111 ").Text);
        Assert.Equal("", guard.Feed("1111 1111 ").Text);
        var settled = guard.Feed("was the card they used and it was declined again by the bank today, so please retry ");
        Assert.StartsWith("<CREDIT_CARD> was the card", settled.Text);
        Assert.True(guard.HeldBack < StreamingGuard.SpacedWindow, $"held back {guard.HeldBack}");
    }

    [Fact]
    public void ACustomDetectorOfPlainLowercaseWordsNeverLeavesInAnyChunking()
    {
        // The tight hold-back reasons about built-in shapes only; with a custom detector the guard keeps the full window.
        var engine = DetectionEngine.Create(new DetectionOptions { CustomDetectors = [new CustomDetectorOptions("CODE_WORD", "project bluebird", Score: 0.9)] });
        const string text = "the plan is called project bluebird and it ships soon";
        for (var seed = 0; seed < 25; seed++)
        {
            var output = Stream(new StreamingGuard(engine, Replace), RandomChunks(text, new Random(seed)));
            Assert.DoesNotContain("bluebird", output);
            Assert.Contains("<CODE_WORD>", output);
        }
    }

    [Fact]
    public void ABlockActionStopsTheStream()
    {
        var block = new Anonymizer(new AnonymizerOptions { Actions = new Dictionary<string, EntityAction> { ["US_SSN"] = new(OperatorKind.Block) } });
        var guard = new StreamingGuard(Engine, block);
        StreamChunkResult? stop = null;
        var released = "";
        foreach (var chunk in RandomChunks(Transcript, new Random(1)))
        {
            var r = guard.Feed(chunk);
            released += r.Text;
            if (r.MustStop)
            {
                stop = r;
                break;
            }
        }
        Assert.NotNull(stop);
        Assert.Equal(StreamStatus.Blocked, stop.Status);
        Assert.Contains("US_SSN", stop.Reason);
        Assert.DoesNotContain("536-22", released);
        Assert.Equal(StreamStatus.Blocked, guard.Feed("more").Status);
    }

    private sealed class FailingDetector : IDetector
    {
        public string Id => "fails";
        public IReadOnlyCollection<string> EntityTypes => ["X"];
        public int MaxLength => 10;
        public bool MayMatch(in TextFeatures features) => true;
        public void Detect(string text, List<Finding> sink)
        {
            if (text.Contains("trigger", StringComparison.Ordinal))
                throw new InvalidOperationException("detector crashed");
        }
    }

    [Fact]
    public void ADetectorFailureFailsClosed()
    {
        var engine = new DetectionEngine([new EmailDetector(), new FailingDetector()]);
        var guard = new StreamingGuard(engine, Replace);
        Assert.Equal(StreamStatus.Continue, guard.Feed("hello ").Status);
        var r = guard.Feed("this will trigger it");
        Assert.Equal(StreamStatus.Failed, r.Status);
        Assert.Contains("detector crashed", r.Reason);
        Assert.Equal("", r.Text);
        Assert.Equal(StreamStatus.Failed, guard.Flush().Status);
    }

    [Fact]
    public void PseudonymizedStreamsRestoreToTheOriginal()
    {
        var vault = new PseudonymVault();
        var pseudo = new Anonymizer(new AnonymizerOptions { DefaultAction = new(OperatorKind.Pseudonymize) });
        var masked = Stream(new StreamingGuard(Engine, pseudo, vault), RandomChunks(Transcript, new Random(3)));
        Assert.DoesNotContain("536-22-1234", masked);
        Assert.Equal(Transcript, vault.Restore(masked));
    }
}
