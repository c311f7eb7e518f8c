namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>Turns one already-opened (and decompressed) stream into scan units, streaming, with bounded memory.</summary>
public interface IDatasetReader
{
    /// <summary>
    /// Reads <paramref name="stream"/> and yields its text with locations. Problems in the input are added to
    /// <paramref name="errors"/> and reading goes on where it safely can; the enumeration itself does not throw for bad data.
    /// </summary>
    IEnumerable<ScanUnit> Read(Stream stream, string file, InputErrorLog errors, CancellationToken cancellationToken);
}
