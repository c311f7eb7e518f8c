namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// Keys for the separate text streams of one response that an <see cref="IOutputGuardSession"/> sees. A choice's
/// content (or completion text) uses the choice index itself (0, 1, …); the arguments of each tool call in a choice
/// are their own stream with a negative key, so an output guard scans them too, independently of the content.
/// </summary>
public static class OutputChannels
{
    private const int ToolCallsPerChoice = 1024;

    /// <summary>The key for tool call <paramref name="toolCallIndex"/>'s arguments in choice <paramref name="choiceIndex"/>.</summary>
    public static int ToolArguments(int choiceIndex, int toolCallIndex) =>
        -1 - (choiceIndex * ToolCallsPerChoice + Math.Clamp(toolCallIndex, 0, ToolCallsPerChoice - 1));

    /// <summary>Whether <paramref name="channel"/> carries tool-call arguments (JSON text) rather than content.</summary>
    public static bool IsToolArguments(int channel) => channel < 0;
}
