namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// Keys for the separate text streams of one response that an <see cref="IOutputGuardSession"/> sees. A choice's
/// content (or completion text) uses the choice index itself (0, 1, …); the arguments of each tool call in a choice
/// are their own stream with a negative key, so an output guard scans them too, independently of the content. The other
/// generated-text fields of a choice (reasoning, refusal) get keys of their own from <see cref="Field"/>.
/// </summary>
public static class OutputChannels
{
    private const int ToolCallsPerChoice = 1024;
    private const int FieldShift = 26;

    /// <summary>The key for a choice's <paramref name="field"/> (its content keeps the choice index itself).</summary>
    public static int Field(int choiceIndex, TextField field) =>
        ((int)field << FieldShift) + Math.Clamp(choiceIndex, 0, (1 << FieldShift) - 1);

    /// <summary>The key for the arguments of a choice's legacy <c>function_call</c> (the last tool-call slot).</summary>
    public static int LegacyFunctionArguments(int choiceIndex) => ToolArguments(choiceIndex, ToolCallsPerChoice - 1);

    /// <summary>The key for tool call <paramref name="toolCallIndex"/>'s arguments in choice <paramref name="choiceIndex"/>.</summary>
    public static int ToolArguments(int choiceIndex, int toolCallIndex) =>
        -1 - (choiceIndex * ToolCallsPerChoice + Math.Clamp(toolCallIndex, 0, ToolCallsPerChoice - 1));

    /// <summary>Whether <paramref name="channel"/> carries tool-call arguments (JSON text) rather than content.</summary>
    public static bool IsToolArguments(int channel) => channel < 0;
}

/// <summary>Generated-text fields of a choice, besides its content, that the output guard scans as streams of their own.</summary>
public enum TextField
{
    /// <summary><c>reasoning_content</c> (DeepSeek-style reasoning, as llama.cpp server and vLLM send it).</summary>
    ReasoningContent = 1,

    /// <summary><c>reasoning</c> (newer vLLM and Ollama's OpenAI layer).</summary>
    Reasoning = 2,

    /// <summary><c>refusal</c> (the model's refusal text).</summary>
    Refusal = 3,

    /// <summary>A completion-style <c>text</c> member in a choice that also has a <c>message</c> or <c>delta</c>.</summary>
    CompletionText = 4,
}
