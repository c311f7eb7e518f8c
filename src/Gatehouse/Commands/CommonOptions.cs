using System.CommandLine;

namespace Gatehouse.Cli.Commands;

/// <summary>Options that several verb groups share, defined once so every verb spells and defaults them alike.</summary>
internal static class CommonOptions
{
    /// <summary>The environment variable that overrides the default data directory.</summary>
    public const string DataEnvironmentVariable = "GATEHOUSE_DATA";

    /// <summary>
    /// <c>--data DIR</c>: where the stores live. Defaults to <c>$GATEHOUSE_DATA</c>, else <c>./gatehouse-data</c>.
    /// A new instance per command, because System.CommandLine options belong to one parent.
    /// </summary>
    public static Option<DirectoryInfo> Data() => new("--data")
    {
        Description = "Data directory (default: $GATEHOUSE_DATA, else ./gatehouse-data)",
        DefaultValueFactory = _ => new DirectoryInfo(DefaultDataDirectory()),
    };

    /// <summary>The data directory used when <c>--data</c> is not given.</summary>
    public static string DefaultDataDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DataEnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? Path.Combine(Environment.CurrentDirectory, "gatehouse-data") : fromEnvironment;
    }
}
