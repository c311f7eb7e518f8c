using Gatehouse.Cli;

namespace Gatehouse.Cli.Tests;

public class RootCommandTests
{
    [Fact]
    public async Task Unknown_verb_fails_with_nonzero_exit()
    {
        var exit = await GatehouseCli.RunAsync(["no-such-verb"]);
        Assert.NotEqual(0, exit);
    }
}
