namespace Gatehouse.Gateway.Configuration;

/// <summary>
/// The configuration cannot be used. <see cref="Problems"/> lists every problem found, each naming where the value came
/// from (file and line, or environment variable), the key and what is wrong, so one run shows them all.
/// </summary>
public sealed class ConfigException(IReadOnlyList<string> problems)
    : Exception("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    /// <summary>One line per problem.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
