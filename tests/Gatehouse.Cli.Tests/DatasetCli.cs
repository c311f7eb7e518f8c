using Gatehouse.Cli.Commands;
using Gatehouse.Testing;

namespace Gatehouse.Cli.Tests;

/// <summary>Runs the CLI in-process for the dataset verbs, with the test regex scanner wired in.</summary>
internal static class DatasetCli
{
    static DatasetCli() => ScanCommands.ScannerFactory = () => new RegexTestScanner();

    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await GatehouseCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
