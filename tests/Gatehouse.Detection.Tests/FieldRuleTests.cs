using Gatehouse.Detection.Json;

namespace Gatehouse.Detection.Tests;

public sealed class FieldRuleTests
{
    [Theory]
    [InlineData("messages[*].content", "messages[0].content", true)]
    [InlineData("messages[*].content", "messages[12].content", true)]
    [InlineData("messages[*].content", "messages[3].content[1].text", true)]
    [InlineData("messages[*].content", "messages[3].content.text", true)]
    [InlineData("messages[*].content", "messages[3].contents", false)]
    [InlineData("messages[*].content", "messages[].content", false)]
    [InlineData("messages[*].content", "messages[x].content", false)]
    [InlineData("messages[*].content", "messages.content", false)]
    [InlineData("messages[*].content", "messages[1]", false)]
    [InlineData("messages[*].content", "xmessages[1].content", false)]
    [InlineData("input", "input", true)]
    [InlineData("input", "input[2]", true)]
    [InlineData("input", "inputs", false)]
    [InlineData("*", "anything", true)]
    [InlineData("*", "any.thing[0]", true)]
    [InlineData("*", "[0]", false)]
    [InlineData("a.*.c", "a.b.c", true)]
    [InlineData("a.*.c", "a.bbb.c.d", true)]
    [InlineData("a.*.c", "a..c", false)]
    [InlineData("a.*.c", "a.b[0].c", false)]
    [InlineData("a.*x", "a.yyx", true)]
    [InlineData("a.*x", "a.xyx.z", true)]
    [InlineData("a.*x", "a.x", false)]
    [InlineData("a.*x", "a.xy", false)]
    public void CoversItsFieldAndWhatLiesBeneath(string pattern, string path, bool covered) =>
        Assert.Equal(covered, new FieldRule(pattern, FieldRuleAction.Scan).Covers(path));

    [Fact]
    public void ANameWithALineBreakBeneathACoveredFieldIsStillCovered()
    {
        // Under a scanned field every deeper member is scanned, whatever characters its name holds.
        var rule = new FieldRule("messages[*].content", FieldRuleAction.Scan);
        Assert.True(rule.Covers("messages[0].content[0].te\nxt"));
        Assert.False(rule.Covers("messages[0].content\n"));
    }
}
