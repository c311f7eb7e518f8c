using Gatehouse.Cli;

namespace Gatehouse.Cli.Tests;

public class RootCommandTests
{
    [Fact]
    public async Task Unknown_verb_fails_with_nonzero_exit_and_says_so()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await GatehouseCli.RunAsync(["no-such-verb"], output, error);
        Assert.NotEqual(0, exit);
        Assert.Contains("no-such-verb", error.ToString());
    }
}
