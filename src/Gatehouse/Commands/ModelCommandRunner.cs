using System.CommandLine;
using Gatehouse.Governance.Models;

namespace Gatehouse.Cli.Commands;

/// <summary>The exit codes the model verbs use (the CLI convention): 0 ok, 1 a check failed, 2 usage or input error.</summary>
internal static class ModelExitCodes
{
    public const int Ok = 0;
    public const int CheckFailed = 1;
    public const int InputError = 2;
}

/// <summary>
/// Runs a model verb and turns a refused operation into a clear message on standard error and exit code 2, so every
/// verb reports bad input the same way.
/// </summary>
internal static class ModelCommandRunner
{
    public static async Task<int> Run(ParseResult parse, Func<TextWriter, Task<int>> body)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return await body(parse.InvocationConfiguration.Output);
        }
        catch (ModelGovernanceException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            foreach (var detail in e.Details)
                await error.WriteLineAsync($"  {detail}");
            return ModelExitCodes.InputError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ModelExitCodes.InputError;
        }
    }
}
