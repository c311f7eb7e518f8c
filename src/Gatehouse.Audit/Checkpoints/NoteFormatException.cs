namespace Gatehouse.Audit.Checkpoints;

/// <summary>A signed note, checkpoint or key string is malformed, or its signatures do not verify.</summary>
public sealed class NoteFormatException(string message) : Exception(message);
