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

    /// <summary>
    /// Runs like <see cref="RunAsync(string[])"/> but writes to the given writers instead of the console, so tests
    /// (which run in parallel) can read each verb's output. Verbs write through
    /// <c>parseResult.InvocationConfiguration.Output</c> and <c>.Error</c>, never through <see cref="Console"/> directly.
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        CreateRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
}
