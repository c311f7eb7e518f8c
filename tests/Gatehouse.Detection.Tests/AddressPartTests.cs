namespace Gatehouse.Detection.Tests;

/// <summary>Address pieces (unit, compound street name with house number, introduced postal code) and their merging.</summary>
public sealed class AddressPartTests
{
    private static readonly DetectionEngine Engine = DetectionEngine.Create();

    private static IReadOnlyList<string> Addresses(string text) =>
        Engine.Scan(text).Where(f => f.EntityType == EntityTypes.StreetAddress).Select(f => text[f.Start..f.End]).ToList();

    [Theory]
    [InlineData("send it to Billeveien 122 please", "Billeveien 122")]
    [InlineData("the office is in Hochstrasse 96.", "Hochstrasse 96")]
    [InlineData("deliver to Västerviksgatan 2 tomorrow", "Västerviksgatan 2")]
    [InlineData("my zip code is 18404", "18404")]
    [InlineData("postal code: 02134-1234 for the form", "02134-1234")]
    [InlineData("she lives in Apt. 813 on the second floor", "Apt. 813")]
    public void FindsAddressPieces(string text, string expected) => Assert.Equal([expected], Addresses(text));

    [Fact]
    public void AdjacentPiecesAreOneAddress() =>
        Assert.Equal(["Schaarsteinweg 58 Apt. 584"], Addresses("take me to Schaarsteinweg 58 Apt. 584 in Ebermannsdorf"));

    [Theory]
    [InlineData("unit 3 of the course covers regexes")]
    [InlineData("the flat 5 percent fee")]
    [InlineData("the zip file is 18404 bytes")]
    [InlineData("a framework 2 release")]
    public void IgnoresOrdinaryNumbers(string text) => Assert.Empty(Addresses(text));
}
