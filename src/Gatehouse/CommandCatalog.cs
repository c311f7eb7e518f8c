using System.CommandLine;
using Gatehouse.Cli.Commands;

namespace Gatehouse.Cli;

/// <summary>
/// The verb groups of the CLI. Each group lives in its own file under Commands/ and is listed here once,
/// so adding a verb never means editing another verb's code.
/// </summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return Commands.ModelCommands.Create();
        yield return Commands.AuditCommands.Create();
        yield return ServeCommands.Create();
        yield return KeysCommands.Create();
        yield return Commands.PolicyCommands.Create();
        yield return ScanCommands.Create();
        yield return DatasetCommands.Create();
        yield return DetectCommands.Create();
        yield return Commands.RedTeamCommands.Create();
        yield break;
    }
}
