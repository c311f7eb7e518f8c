using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Gatehouse.Audit.Storage;

/// <summary>
/// The rows one batch inserted, as a journal frame's payload: enough to insert exactly the same rows again. Only the
/// row kinds a journaled batch may write are here (records, tree nodes, encrypted payloads, checkpoints); a batch
/// that touches subject keys is not journaled at all.
/// </summary>
internal sealed class JournalFrame
{
    private enum Row : byte
    {
        Record = 1,
        Node = 2,
        Payload = 3,
        Checkpoint = 4,
    }

    private readonly ArrayBufferWriter<byte> _bytes = new(4096);

    /// <summary>True when no row was added.</summary>
    public bool IsEmpty => _bytes.WrittenCount == 0;

    /// <summary>The encoded rows.</summary>
    public ReadOnlySpan<byte> Payload => _bytes.WrittenSpan;

    /// <summary>Empties the frame for the next batch.</summary>
    public void Clear() => _bytes.ResetWrittenCount();

    /// <summary>Adds a <c>records</c> row.</summary>
    public void AddRecord(long index, byte[] leaf, string kind, long timeMs, string? principal, string? tenant, string? model, string? decision)
    {
        Put((byte)Row.Record);
        Put(index);
        Put(leaf);
        Put(kind);
        Put(timeMs);
        Put(principal);
        Put(tenant);
        Put(model);
        Put(decision);
    }

    /// <summary>Adds a <c>tree_nodes</c> row.</summary>
    public void AddNode(int level, long index, byte[] hash)
    {
        Put((byte)Row.Node);
        Put(level);
        Put(index);
        Put(hash);
    }

    /// <summary>Adds a <c>payloads</c> row (ciphertext only; its key is in the database, never here).</summary>
    public void AddPayload(long index, long keyId, byte[] blob)
    {
        Put((byte)Row.Payload);
        Put(index);
        Put(keyId);
        Put(blob);
    }

    /// <summary>Adds a <c>checkpoints</c> row.</summary>
    public void AddCheckpoint(long size, string note, long timeMs)
    {
        Put((byte)Row.Checkpoint);
        Put(size);
        Put(note);
        Put(timeMs);
    }

    /// <summary>Inserts every row of an encoded frame through <paramref name="sink"/>.</summary>
    /// <exception cref="AuditStoreException">The payload is not a well-formed frame (it passed its checksum, so this means a bug or a foreign file).</exception>
    public static void Replay(ReadOnlySpan<byte> payload, IJournalRowSink sink)
    {
        var reader = new Reader(payload);
        while (!reader.AtEnd)
        {
            switch ((Row)reader.Byte())
            {
                case Row.Record:
                    sink.InsertRecord(reader.Long(), reader.Bytes(), reader.String()!, reader.Long(), reader.String(), reader.String(), reader.String(), reader.String());
                    break;
                case Row.Node:
                    sink.InsertNode(reader.Int(), reader.Long(), reader.Bytes());
                    break;
                case Row.Payload:
                    sink.InsertPayload(reader.Long(), reader.Long(), reader.Bytes());
                    break;
                case Row.Checkpoint:
                    sink.InsertCheckpoint(reader.Long(), reader.String()!, reader.Long());
                    break;
                default:
                    throw new AuditStoreException("a journal frame holds an unknown row kind");
            }
        }
    }

    private void Put(byte value)
    {
        _bytes.GetSpan(1)[0] = value;
        _bytes.Advance(1);
    }

    private void Put(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_bytes.GetSpan(4), value);
        _bytes.Advance(4);
    }

    private void Put(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_bytes.GetSpan(8), value);
        _bytes.Advance(8);
    }

    private void Put(byte[] value)
    {
        Put(value.Length);
        _bytes.Write(value);
    }

    private void Put(string? value)
    {
        if (value is null)
        {
            Put(-1);
            return;
        }
        var length = Encoding.UTF8.GetByteCount(value);
        Put(length);
        Encoding.UTF8.GetBytes(value, _bytes.GetSpan(length));
        _bytes.Advance(length);
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _position;

        public readonly bool AtEnd => _position >= _bytes.Length;

        public byte Byte() => Take(1)[0];

        public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Long() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public byte[] Bytes() => Take(Int()).ToArray();

        public string? String()
        {
            var length = Int();
            return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || _position + count > _bytes.Length)
                throw new AuditStoreException("a journal frame ends in the middle of a row");
            var span = _bytes.Slice(_position, count);
            _position += count;
            return span;
        }
    }
}

/// <summary>Where <see cref="JournalFrame.Replay"/> inserts rows.</summary>
internal interface IJournalRowSink
{
    /// <summary>Inserts a <c>records</c> row.</summary>
    void InsertRecord(long index, byte[] leaf, string kind, long timeMs, string? principal, string? tenant, string? model, string? decision);

    /// <summary>Inserts a <c>tree_nodes</c> row.</summary>
    void InsertNode(int level, long index, byte[] hash);

    /// <summary>Inserts a <c>payloads</c> row.</summary>
    void InsertPayload(long index, long keyId, byte[] blob);

    /// <summary>Inserts a <c>checkpoints</c> row.</summary>
    void InsertCheckpoint(long size, string note, long timeMs);
}
