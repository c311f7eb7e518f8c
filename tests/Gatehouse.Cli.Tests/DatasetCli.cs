namespace Gatehouse.Cli.Tests;

/// <summary>Runs the CLI in-process for the dataset verbs, exactly as shipped (the real detection engine).</summary>
internal static class DatasetCli
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await GatehouseCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
