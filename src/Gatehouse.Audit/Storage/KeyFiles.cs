using Gatehouse.Audit.Checkpoints;

namespace Gatehouse.Audit.Storage;

/// <summary>
/// The log's secrets in the data directory, each created on first open with mode 0600: <c>audit-signing.key</c>
/// (the Ed25519 checkpoint key, Go note format) and <c>audit-secret.key</c> (the HMAC key for input/output
/// commitments and subject-id hashing).
/// </summary>
internal static class KeyFiles
{
    public const string SigningKeyFile = "audit-signing.key";
    public const string SecretFile = "audit-secret.key";

    public static NoteSigner LoadOrCreateSigner(string dataDirectory, string origin, bool create)
    {
        var path = Path.Combine(dataDirectory, SigningKeyFile);
        RequireUnlessCreating(path, create);
        if (!File.Exists(path))
        {
            using var fresh = NoteSigner.Generate(origin);
            WriteSecret(path, fresh + "\n");
        }
        try
        {
            return NoteSigner.Parse(File.ReadAllText(path));
        }
        catch (NoteFormatException e)
        {
            throw new AuditStoreException($"{path}: not a valid signing key ({e.Message})", e);
        }
    }

    public static byte[] LoadOrCreateSecret(string dataDirectory, bool create)
    {
        var path = Path.Combine(dataDirectory, SecretFile);
        RequireUnlessCreating(path, create);
        if (!File.Exists(path))
            WriteSecret(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
        try
        {
            var secret = Convert.FromBase64String(File.ReadAllText(path).Trim());
            return secret.Length == 32 ? secret : throw new FormatException("expected 32 bytes");
        }
        catch (FormatException e)
        {
            throw new AuditStoreException($"{path}: not a valid secret ({e.Message})", e);
        }
    }

    private static void RequireUnlessCreating(string path, bool create)
    {
        if (!create && !File.Exists(path))
            throw new AuditStoreException($"{path} is missing: the log's key cannot be recovered without it");
    }

    /// <summary>Creates the file readable by its owner only (where the OS has Unix modes), failing if it appeared meanwhile.</summary>
    private static void WriteSecret(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs.
        }
    }
}
