namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// Wraps the output guard to keep the text the caller actually receives in <see cref="GatewayContext.OutputText"/>,
/// so the audit stage can commit to the answer (and store it, when policy says so) without a second pass.
/// </summary>
internal sealed class RecordingOutputGuard(IOutputGuard inner) : IOutputGuard
{
    /// <inheritdoc />
    public IOutputGuardSession Open(GatewayContext context) => new Session(inner.Open(context), context.OutputText);

    private sealed class Session(IOutputGuardSession inner, System.Text.StringBuilder output) : IOutputGuardSession
    {
        public string GuardText(int choiceIndex, string text) => Keep(inner.GuardText(choiceIndex, text));

        public string GuardDelta(int choiceIndex, string delta) => Keep(inner.GuardDelta(choiceIndex, delta));

        public string Flush(int choiceIndex) => Keep(inner.Flush(choiceIndex));

        public bool MayRewrite => inner.MayRewrite;

        private string Keep(string text)
        {
            lock (output)
                output.Append(text);
            return text;
        }
    }
}
