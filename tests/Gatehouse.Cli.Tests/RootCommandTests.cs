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
        Assert.Equal(GatehouseCli.UsageError, exit);
        Assert.Contains("no-such-verb", error.ToString());
    }

    [Fact]
    public async Task Missing_required_option_is_a_usage_error_named_on_stderr()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await GatehouseCli.RunAsync(["keys", "create"], output, error);
        Assert.Equal(GatehouseCli.UsageError, exit);
        Assert.Contains("--principal", error.ToString());
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Help_is_not_an_error()
    {
        var output = new StringWriter();
        var exit = await GatehouseCli.RunAsync(["--help"], output, new StringWriter());
        Assert.Equal(0, exit);
        Assert.Contains("serve", output.ToString());
        Assert.Contains("policy", output.ToString());
    }
}
