using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// Reads an upstream's server-sent events as UTF-8 bytes, one event at a time: the <c>data:</c> lines' values joined
/// by <c>\n</c> (<see cref="Data"/>) and every other line kept verbatim (<see cref="OtherLines"/>). Lines end in
/// <c>\n</c>, <c>\r\n</c> or <c>\r</c>; a leading byte order mark is dropped. The buffers are reused from event to
/// event, so relaying a stream makes no string per line. Each read from the upstream must complete within the idle
/// timeout (the caller's token source is cancelled after it); time spent between reads does not count.
/// </summary>
internal sealed class SseEventReader : IDisposable
{
    /// <summary>The longest line or event accepted: an upstream sending more without a break is broken, not a model.</summary>
    public const int MaxEventBytes = 16 * 1024 * 1024;

    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly CancellationTokenSource _idle;
    private readonly TimeSpan _idleTimeout;
    private readonly ArrayBufferWriter<byte> _data = new(512);
    private readonly ArrayBufferWriter<byte> _other = new(64);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _start;
    private int _end;
    private bool _endOfStream;
    private bool _skipLineFeed;
    private bool _checkedByteOrderMark;

    /// <summary>Reads <paramref name="stream"/>; <paramref name="idle"/> is cancelled after <paramref name="idleTimeout"/> of waiting for one read.</summary>
    public SseEventReader(Stream stream, CancellationTokenSource idle, TimeSpan idleTimeout)
    {
        _stream = stream;
        _idle = idle;
        _idleTimeout = idleTimeout;
    }

    /// <summary>The event's data: its <c>data:</c> values (one optional space after the colon removed), joined by <c>\n</c>.</summary>
    public ReadOnlySpan<byte> Data => _data.WrittenSpan;

    /// <summary>The event's other lines (<c>event:</c>, <c>id:</c>, comments...), each followed by <c>\n</c>.</summary>
    public ReadOnlySpan<byte> OtherLines => _other.WrittenSpan;

    /// <summary>Whether the event has anything to relay.</summary>
    public bool HasContent => _data.WrittenCount > 0 || _other.WrittenCount > 0;

    /// <summary>
    /// Reads the next event. True when one ended (a blank line after content); false at the end of the stream, with
    /// whatever arrived after the last complete event (if anything) left in <see cref="Data"/> and <see cref="OtherLines"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ReadEventAsync(CancellationToken cancellationToken)
    {
        _data.ResetWrittenCount();
        _other.ResetWrittenCount();
        while (true)
        {
            while (TakeLine(out var start, out var length))
            {
                if (length > 0)
                    Add(_buffer.AsSpan(start, length));
                else if (HasContent)
                {
                    Sanitize();
                    return true;
                }
            }
            if (_endOfStream)
            {
                Sanitize();
                return false;
            }
            await FillAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Cleared on return: the buffer held upstream text the output guard had not seen yet, and the pool is shared.
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
    }

    /// <summary>The next complete line in the buffer (at the end of the stream, also an unterminated last one).</summary>
    private bool TakeLine(out int start, out int length)
    {
        start = length = 0;
        if (!_checkedByteOrderMark)
        {
            var head = _buffer.AsSpan(_start, Math.Min(_end - _start, ByteOrderMark.Length));
            if (head.Length < ByteOrderMark.Length && !_endOfStream && ByteOrderMark.AsSpan().StartsWith(head))
                return false;
            if (head.SequenceEqual(ByteOrderMark))
                _start += ByteOrderMark.Length;
            _checkedByteOrderMark = true;
        }
        if (_skipLineFeed && _start < _end)
        {
            // The \n of a \r\n whose \r ended the previous line.
            if (_buffer[_start] == (byte)'\n')
                _start++;
            _skipLineFeed = false;
        }
        var rest = _buffer.AsSpan(_start, _end - _start);
        var end = rest.IndexOfAny((byte)'\r', (byte)'\n');
        if (end < 0)
        {
            if (!_endOfStream || rest.IsEmpty)
                return false;
            end = rest.Length;
        }
        start = _start;
        length = end;
        _start += Math.Min(end + 1, rest.Length);
        _skipLineFeed = end < rest.Length && rest[end] == (byte)'\r';
        return true;
    }

    private void Add(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("data:"u8))
        {
            var value = line[5..];
            if (value.Length > 0 && value[0] == (byte)' ')
                value = value[1..];
            if (_data.WrittenCount > 0)
                _data.Write("\n"u8);
            Append(_data, value);
        }
        else
        {
            Append(_other, line);
            _other.Write("\n"u8);
        }
    }

    private static void Append(ArrayBufferWriter<byte> target, ReadOnlySpan<byte> bytes)
    {
        if (target.WrittenCount + bytes.Length > MaxEventBytes)
            throw new IOException($"the upstream sent a stream event longer than {MaxEventBytes / (1024 * 1024)} MiB");
        target.Write(bytes);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
            _start = _end = 0;
        else if (_end == _buffer.Length)
        {
            // Make room: move the unfinished line to the front, or grow when it fills the whole buffer.
            var pending = _end - _start;
            if (pending == _buffer.Length)
            {
                if (pending >= MaxEventBytes)
                    throw new IOException($"the upstream sent a stream line longer than {MaxEventBytes / (1024 * 1024)} MiB");
                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(_start, pending).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
                _buffer = larger;
            }
            else
                _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }
        _idle.CancelAfter(_idleTimeout);
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        // The timeout bounds the wait for the upstream only: while the event is relayed (a slow caller may hold the
        // write back for long), the clock is stopped, or the next read would fail at once as if the upstream stalled.
        _idle.CancelAfter(Timeout.InfiniteTimeSpan);
        if (read == 0)
            _endOfStream = true;
        _end += read;
    }

    /// <summary>Invalid UTF-8 from the upstream is replaced by U+FFFD, as a text decoder would, so only text is relayed.</summary>
    private void Sanitize()
    {
        Replace(_data);
        Replace(_other);

        static void Replace(ArrayBufferWriter<byte> bytes)
        {
            if (Utf8.IsValid(bytes.WrittenSpan))
                return;
            var text = Encoding.UTF8.GetString(bytes.WrittenSpan);
            bytes.ResetWrittenCount();
            bytes.Write(Encoding.UTF8.GetBytes(text));
        }
    }
}
