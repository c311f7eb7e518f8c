namespace Gatehouse.Audit;

/// <summary>
/// A log operation was refused for a reason the caller can fix (an unknown subject, an index beyond the tree, no
/// checkpoint yet). Nothing was changed.
/// </summary>
public sealed class AuditOperationException(string message) : Exception(message);
