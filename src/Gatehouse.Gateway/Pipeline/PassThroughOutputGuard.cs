namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// PLACEHOLDER guard-output stage: returns every text and delta unchanged and holds nothing back. Stands in until the
/// detection library's streaming guard is wired here.
/// </summary>
public sealed class PassThroughOutputGuard : IOutputGuard
{
    private static readonly Session Instance = new();

    /// <inheritdoc />
    public IOutputGuardSession Open(GatewayContext context) => Instance;

    private sealed class Session : IOutputGuardSession
    {
        public string GuardText(int choiceIndex, string text) => text;

        public string GuardDelta(int choiceIndex, string delta) => delta;

        public string Flush(int choiceIndex) => "";

        public bool MayRewrite => false;
    }
}
