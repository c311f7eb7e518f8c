namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>
/// Wraps a decompressing gzip stream and checks, at its end, that the number of bytes produced matches the ISIZE
/// field of the gzip trailer (size modulo 2^32). .NET's <see cref="System.IO.Compression.GZipStream"/> ends quietly
/// on a truncated file; without this check a cut-off download would scan "clean" and hide the missing rest.
/// </summary>
/// <remarks>ISIZE describes the last gzip member only, so a multi-member file is checked only through its last member
/// (a mismatch is reported, never silently accepted).</remarks>
internal sealed class GzipTrailerCheckStream(Stream decompressed, uint? expectedSize) : ReadOnlyStream(decompressed)
{
    private ulong _produced;
    private bool _checked;

    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        _produced += (ulong)n;
        if (n == 0 && buffer.Length > 0 && !_checked)
        {
            _checked = true;
            if (expectedSize is { } size && (uint)_produced != size)
                throw new InvalidDataException($"gzip data ends after {_produced} bytes but its trailer says {size}: the file is truncated or corrupt");
        }
        return n;
    }

    /// <summary>Reads the ISIZE trailer of a gzip file, or null when it cannot be read.</summary>
    public static uint? ReadTrailerSize(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            if (file.Length < 18)
                return null;
            file.Seek(-4, SeekOrigin.End);
            Span<byte> size = stackalloc byte[4];
            file.ReadExactly(size);
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(size);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
