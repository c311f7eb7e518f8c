namespace Gatehouse.Audit.Storage;

/// <summary>The audit store cannot be opened or read: a corrupt or foreign database file, a missing key, a bad cursor.</summary>
public sealed class AuditStoreException(string message, Exception? inner = null) : Exception(message, inner);
