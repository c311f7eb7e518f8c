namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// The TCP connection to an upstream could not be made (refused, unreachable, or timed out). Only this failure is
/// safe to retry: nothing can have reached the model.
/// </summary>
public sealed class UpstreamConnectException(string message, Exception? inner = null) : IOException(message, inner);
