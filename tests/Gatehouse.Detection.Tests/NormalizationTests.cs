using Gatehouse.Detection.Normalization;

namespace Gatehouse.Detection.Tests;

public sealed class NormalizationTests
{
    [Fact]
    public void AsciiTextIsReturnedAsIsWithoutAMap()
    {
        const string text = "plain ascii 123";
        var n = TextNormalizer.Normalize(text);
        Assert.True(n.IsIdentity);
        Assert.Same(text, n.Text);
        Assert.Equal((3, 7), n.ToOriginal(3, 7));
    }

    [Fact]
    public void ZeroWidthAndBidiControlsAreRemovedAndOffsetsMapBack()
    {
        var text = "id: 12\u200B34\u202E5";
        var n = TextNormalizer.Normalize(text);
        Assert.Equal("id: 12345", n.Text);
        var (start, end) = n.ToOriginal(4, 9);
        Assert.Equal("12\u200B34\u202E5", text[start..end]);
    }

    [Theory]
    [InlineData("４１１１", "4111")]          // full-width digits
    [InlineData("٤١١١", "4111")]              // Arabic-Indic digits
    [InlineData("𝟒𝟏𝟏𝟏", "4111")]              // mathematical bold digits (surrogate pairs)
    [InlineData("jоhn@exаmple.com", "john@example.com")] // Cyrillic о and а
    [InlineData("ＡＢＣ－１", "ABC-1")]       // full-width letters and dash
    [InlineData("a\u00A0b", "a b")]           // no-break space
    [InlineData("ﬁle", "file")]               // ligature expands
    public void CompatibilityFormsAndLookAlikesAreFolded(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input).Text);

    [Fact]
    public void ExpandedCharactersMapToTheirWholeSource()
    {
        var n = TextNormalizer.Normalize("xﬁy");
        Assert.Equal("xfiy", n.Text);
        Assert.Equal((1, 2), n.ToOriginal(1, 3));
        Assert.Equal((0, 3), n.ToOriginal(0, 4));
    }

    [Fact]
    public void LoneSurrogatesPassThroughWithoutThrowing()
    {
        var n = TextNormalizer.Normalize("a\uD800b\uDC00c");
        Assert.Equal("a\uD800b\uDC00c", n.Text);
    }
}
