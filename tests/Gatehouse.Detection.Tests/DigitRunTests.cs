using Gatehouse.Detection.Detectors;

namespace Gatehouse.Detection.Tests;

/// <summary>
/// The number-shaped detectors try their patterns only at digit runs found once per text and shared between them.
/// They must find the same values whatever text the shared runs were last found in, and on text holding a non-ASCII
/// decimal digit (which <c>\d</c> accepts, so the whole text is scanned instead).
/// </summary>
public sealed class DigitRunTests
{
    private const string Numbers =
        "my SSN is 536-22-1234, routing number 021000021, card 4111 1111 1111 1111, NHS number 943 476 5919, " +
        "IBAN DE89 3704 0044 0532 0130 00, phone +44 20 7946 0958, ship to 221B Baker Street.";

    private static readonly string[] Expected =
    [
        "credit_card 4111 1111 1111 1111", "iban DE89 3704 0044 0532 0130 00", "phone +44 20 7946 0958",
        "street_address 221B Baker Street.", "uk_nhs 943 476 5919", "us_bank_routing 021000021", "us_ssn 536-22-1234",
    ];

    private static List<string> Raw(string text)
    {
        var found = new List<string>();
        foreach (var detector in BuiltInDetectors.All())
        {
            if (detector.Id is not ("credit_card" or "iban" or "phone" or "street_address" or "uk_nhs" or "us_bank_routing" or "us_ssn"))
                continue;
            var sink = new List<Finding>();
            detector.Detect(text, sink);
            found.AddRange(sink.Select(f => $"{detector.Id} {text[f.Start..f.End]}"));
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    [Fact]
    public void FindsTheSameValuesWhenTheTextAlsoHoldsANonAsciiDigit()
    {
        var ascii = Raw(Numbers);
        Assert.Subset(ascii.ToHashSet(), Expected.ToHashSet());
        Assert.Equal(ascii, Raw("ref \u0663 (an Arabic-Indic three): " + Numbers));
    }

    [Fact]
    public void RunsFoundForOneTextAreNotReusedForAnother()
    {
        var other = "order 12 of 7, then " + Numbers.Replace("536-22-1234", "no number", StringComparison.Ordinal);
        var first = Raw(Numbers);
        var second = Raw(other);
        Assert.Subset(first.ToHashSet(), Expected.ToHashSet());
        Assert.DoesNotContain("us_ssn 536-22-1234", second);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(first, Raw(Numbers));
            Assert.Equal(second, Raw(other));
        }
    }
}
