namespace Gatehouse.Cli.Commands;

/// <summary>Who is acting when a model verb is not told: the login name, as <c>$USER</c> reports it.</summary>
internal static class ModelCommandIdentity
{
    public static string Current() =>
        Environment.GetEnvironmentVariable("USER") is { Length: > 0 } user ? user : Environment.UserName;
}
