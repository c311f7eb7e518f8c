using System.Numerics;
using System.Text;
using Gatehouse.Detection.Tests.HeldOut;

namespace Gatehouse.Detection.Tests;

/// <summary>
/// Checks the held-out set itself: reproducible, large enough per type, and every labelled value valid by its own
/// rule, re-checked here the way a validator would (not with the generator's helpers), so a generator bug cannot
/// hide as a detector miss.
/// </summary>
public sealed class HeldOutCorpusTests
{
    private static readonly IReadOnlyList<Gatehouse.Detection.Evaluation.LabelledSample> Corpus = HeldOutCorpus.Generate();

    private static IEnumerable<string> Values(string type) =>
        Corpus.SelectMany(s => s.Spans.Where(g => g.EntityType == type).Select(g => s.Text[g.Start..g.End]));

    [Fact]
    public void SameSeedGivesTheSameSetAndEveryScoredTypeIsWellRepresented()
    {
        Assert.Equal(Corpus.Select(s => s.Text), HeldOutCorpus.Generate().Select(s => s.Text));
        Assert.NotEqual(Corpus.Select(s => s.Text), HeldOutCorpus.Generate(seed: 7).Select(s => s.Text));
        foreach (var (type, _) in HeldOutQualityTests.Floors)
            Assert.True(Values(type).Count() >= 100, $"too few {type} spans: {Values(type).Count()}");
    }

    [Fact]
    public void LabelledCardsPassLuhnAndHaveIssuerLengths()
    {
        foreach (var card in Values(EntityTypes.CreditCard))
        {
            var digits = new string([.. card.Where(char.IsAsciiDigit)]);
            Assert.Contains(digits.Length, new[] { 14, 15, 16 });
            var sum = digits.Reverse().Select((c, i) => (c - '0') * (i % 2 + 1)).Sum(d => d > 9 ? d - 9 : d);
            Assert.True(sum % 10 == 0, $"{card} fails Luhn");
        }
    }

    [Fact]
    public void LabelledIbansPassMod97()
    {
        foreach (var iban in Values(EntityTypes.Iban))
        {
            var compact = iban.Replace(" ", "");
            var rearranged = compact[4..] + compact[..4];
            var numeric = new StringBuilder();
            foreach (var c in rearranged)
                numeric.Append(char.IsAsciiLetter(c) ? (c - 'A' + 10).ToString() : c.ToString());
            Assert.True(BigInteger.Parse(numeric.ToString()) % 97 == 1, $"{iban} fails mod-97");
        }
    }

    [Fact]
    public void LabelledSsnsFollowTheIssuingRules()
    {
        foreach (var ssn in Values(EntityTypes.UsSsn))
        {
            var parts = ssn.Split('-', ' ');
            var (area, group, serial) = (int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
            Assert.True(area is > 0 and < 900 and not 666 && group > 0 && serial > 0, $"{ssn} is never issued");
        }
    }

    [Fact]
    public void LabelledIpAddressesParse()
    {
        foreach (var ip in Values(EntityTypes.IpAddress))
            Assert.True(System.Net.IPAddress.TryParse(ip, out _), $"{ip} is not an IP address");
    }
}
