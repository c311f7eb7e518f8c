using System.CommandLine;

namespace Gatehouse.Cli;

/// <summary>Builds the <c>gatehouse</c> command tree and runs it.</summary>
public static class GatehouseCli
{
    /// <summary>Creates the root command with every verb group attached.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("Gatehouse: a compliance and permission gateway for small language models.");
        foreach (var command in CommandCatalog.All())
            root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Parses <paramref name="args"/>, runs the chosen verb and returns its exit code.</summary>
    public static Task<int> RunAsync(string[] args) => CreateRoot().Parse(args).InvokeAsync();
}
