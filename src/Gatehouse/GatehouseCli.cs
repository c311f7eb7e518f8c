using System.CommandLine;

namespace Gatehouse.Cli;

/// <summary>Builds the <c>gatehouse</c> command tree and runs it.</summary>
public static class GatehouseCli
{
    /// <summary>Exit code for a command line that does not parse (unknown verb, missing or malformed option).</summary>
    public const int UsageError = 2;

    /// <summary>Creates the root command with every verb group attached.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("Gatehouse: a compliance and permission gateway for small language models.");
        foreach (var command in CommandCatalog.All())
            root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Parses <paramref name="args"/>, runs the chosen verb and returns its exit code.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>
    /// Runs like <see cref="RunAsync(string[])"/> but writes to the given writers instead of the console, so tests
    /// (which run in parallel) can read each verb's output. Verbs write through
    /// <c>parseResult.InvocationConfiguration.Output</c> and <c>.Error</c>, never through <see cref="Console"/> directly.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parseResult = CreateRoot().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // Pipelines tell "you called it wrong" (2) from "the check failed" (1), so parse errors get their own code
            // instead of System.CommandLine's default of 1.
            foreach (var parseError in parseResult.Errors)
                await error.WriteLineAsync($"gatehouse: {parseError.Message}");
            await error.WriteLineAsync("Run 'gatehouse --help' (or the verb with --help) for usage.");
            return UsageError;
        }
        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
