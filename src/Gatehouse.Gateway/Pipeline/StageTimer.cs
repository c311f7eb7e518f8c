using System.Diagnostics;

namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// Times one pipeline stage into <see cref="GatewayContext.Timings"/> when disposed, also when the stage throws:
/// <c>using (StageTimer.Start(context, "detect")) { ... }</c>. A struct around the stage's own code, so timing a stage
/// costs no delegate, closure or extra state machine per request.
/// </summary>
internal readonly struct StageTimer : IDisposable
{
    private readonly GatewayContext _context;
    private readonly string _name;
    private readonly long _started;

    private StageTimer(GatewayContext context, string name)
    {
        _context = context;
        _name = name;
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts timing stage <paramref name="name"/> of <paramref name="context"/>.</summary>
    public static StageTimer Start(GatewayContext context, string name) => new(context, name);

    /// <inheritdoc />
    public void Dispose() => _context.Timings[_name] = Stopwatch.GetElapsedTime(_started);
}
