using System.IO.Compression;
using System.Text;
using Gatehouse.Governance.Datasets.Readers;
using Gatehouse.Testing;
using Parquet;
using Parquet.Schema;
using static Gatehouse.Governance.Tests.Datasets.ScanFixture;

namespace Gatehouse.Governance.Tests.Datasets;

public class ReaderTests
{
    [Fact]
    public async Task Jsonl_findings_carry_line_row_and_json_path()
    {
        using var dir = new TempDir();
        var path = dir.Write("chat.jsonl",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"mail " + Email + "\"}]}\n" +
            "\n" +
            "{\"messages\":[{\"role\":\"user\",\"content\":\"card " + Card + "\"}]}\n");
        var result = await ScanAsync(path);
        Assert.Empty(result.InputErrors);
        var email = Assert.Single(result.Findings, f => f.EntityType == "EMAIL");
        Assert.Equal((1L, 1L, "messages[1].content", 5L), (email.Line, email.Row, email.Field, email.Offset));
        Assert.Equal(Email, email.Value);
        var card = Assert.Single(result.Findings, f => f.EntityType == "CREDIT_CARD");
        Assert.Equal((3L, 2L, "messages[0].content"), (card.Line, card.Row, card.Field));
        Assert.Equal(2, result.TotalRows);
    }

    [Fact]
    public async Task Malformed_json_line_is_reported_and_the_next_lines_still_scanned()
    {
        using var dir = new TempDir();
        var path = dir.Write("bad.jsonl", "{\"a\": \"ok\"}\n{\"a\": \"broken\n{\"b\": \"" + AwsKey + "\"}\n");
        var result = await ScanAsync(path);
        var error = Assert.Single(result.InputErrors);
        Assert.Equal(("malformed-json", 2L), (error.Kind, error.Line));
        var key = Assert.Single(result.Findings);
        Assert.Equal(("AWS_ACCESS_KEY", 3L, "b"), (key.EntityType, key.Line, key.Field));
    }

    [Fact]
    public async Task Json_array_is_streamed_with_element_rows_paths_and_lines()
    {
        using var dir = new TempDir();
        // Long filler forces several buffer refills, so paths and lines must survive them.
        var filler = new string('x', 150_000);
        var path = dir.Write("records.json", "[\n {\"id\": 1, \"note\": \"" + filler + "\"},\n {\"id\": 2, \"user\": {\"mail\": \"" + Email + "\"}}\n]");
        var result = await ScanAsync(path);
        Assert.Empty(result.InputErrors);
        var email = Assert.Single(result.Findings);
        Assert.Equal((3L, 2L, "[1].user.mail"), (email.Line, email.Row, email.Field));
    }

    [Fact]
    public async Task Csv_quoted_fields_name_columns_and_ragged_rows_are_reported_but_scanned()
    {
        using var dir = new TempDir();
        var path = dir.Write("people.csv",
            "name,contact,note\r\n" +
            "\"Smith, Alice\",\"" + Email + "\",\"said \"\"hi\"\"\nover two lines\"\r\n" +
            "Bob,none,ok,extra " + Card + "\r\n");
        var result = await ScanAsync(path);
        var email = Assert.Single(result.Findings, f => f.EntityType == "EMAIL");
        Assert.Equal((2L, 1L, "contact"), (email.Line, email.Row, email.Field));
        var card = Assert.Single(result.Findings, f => f.EntityType == "CREDIT_CARD");
        Assert.Equal((4L, 2L, "column 4"), (card.Line, card.Row, card.Field));
        var ragged = Assert.Single(result.InputErrors);
        Assert.Equal(("ragged-row", 4L), (ragged.Kind, ragged.Line));
    }

    [Fact]
    public async Task Tsv_uses_tabs()
    {
        using var dir = new TempDir();
        var path = dir.Write("t.tsv", "a\tb\nx\t" + Email + "\n");
        var result = await ScanAsync(path);
        Assert.Equal("b", Assert.Single(result.Findings).Field);
    }

    [Fact]
    public async Task Gzip_is_recognised_by_magic_bytes_even_without_the_extension()
    {
        using var dir = new TempDir();
        var path = dir.Write("chat.jsonl", Gzip("{\"t\":\"" + Email + "\"}\n"));
        var result = await ScanAsync(path);
        Assert.Empty(result.InputErrors);
        Assert.Equal("jsonl+gzip", Assert.Single(result.Files).Format);
        Assert.Equal("t", Assert.Single(result.Findings).Field);
    }

    [Fact]
    public async Task Truncated_gzip_is_an_input_error_after_scanning_what_was_readable()
    {
        using var dir = new TempDir();
        var lines = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {(i == 5 ? Email : "nothing to see here, just filler text")} {i % 7}\n"));
        var full = Gzip(lines);
        var path = dir.Write("notes.txt.gz", full[..(full.Length / 2)]);
        var result = await ScanAsync(path);
        Assert.Single(result.Findings);
        var error = Assert.Single(result.InputErrors);
        Assert.Equal("notes.txt.gz", Path.GetFileName(error.File));
    }

    [Fact]
    public async Task Binary_file_among_text_is_skipped_and_reported()
    {
        using var dir = new TempDir();
        dir.Write("data/a.txt", "contact " + Email + "\n");
        dir.Write("data/image.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48]);
        var result = await ScanAsync(Path.Combine(dir.Path, "data"));
        Assert.Single(result.Findings);
        var error = Assert.Single(result.InputErrors);
        Assert.Equal("binary", error.Kind);
        Assert.EndsWith("image.png", error.File);
    }

    [Fact]
    public async Task Long_line_is_scanned_in_windows_and_a_value_on_a_window_edge_is_found_once()
    {
        using var dir = new TempDir();
        var limits = new ReaderLimits(MaxUnitChars: 1000, WindowOverlapChars: 100);
        // The e-mail straddles the first window edge at 1000 and lies in the overlap of the second window.
        var text = new string('a', 990) + " " + Email + " " + new string('b', 5000) + " " + AwsKey + "\n";
        var path = dir.Write("long.txt", text);
        var result = await ScanAsync(path, limits: limits);
        var email = Assert.Single(result.Findings, f => f.EntityType == "EMAIL");
        Assert.Equal(991, email.Offset);
        var key = Assert.Single(result.Findings, f => f.EntityType == "AWS_ACCESS_KEY");
        Assert.Equal(text.IndexOf(AwsKey, StringComparison.Ordinal), key.Offset);
    }

    [Fact]
    public async Task Oversize_jsonl_line_is_reported_and_scanned_as_raw_text()
    {
        using var dir = new TempDir();
        var limits = new ReaderLimits(MaxUnitChars: 1000, WindowOverlapChars: 100);
        var path = dir.Write("big.jsonl", "{\"t\":\"" + new string('z', 3000) + " " + Email + "\"}\n{\"u\":\"" + AwsKey + "\"}\n");
        var result = await ScanAsync(path, limits: limits);
        Assert.Equal("oversize-line", Assert.Single(result.InputErrors).Kind);
        Assert.Null(Assert.Single(result.Findings, f => f.EntityType == "EMAIL").Field);
        Assert.Equal("u", Assert.Single(result.Findings, f => f.EntityType == "AWS_ACCESS_KEY").Field);
    }

    [Fact]
    public async Task Parquet_string_columns_are_scanned_across_row_groups()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "rows.parquet");
        var id = new DataField<int>("id");
        var text = new DataField<string>("text");
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, text), stream))
        {
            foreach (var group in new[] { new[] { "nothing", Email }, new[] { Card, "" } })
            {
                using var rowGroup = writer.CreateRowGroup();
                await rowGroup.WriteAsync(id, new ReadOnlyMemory<int>([1, 2]));
                await rowGroup.WriteAsync(text, group);
            }
        }
        var result = await ScanAsync(path);
        Assert.True(result.InputErrors.Count == 0, string.Join("; ", result.InputErrors));
        Assert.Equal(("text", 2L), (Assert.Single(result.Findings, f => f.EntityType == "EMAIL").Field, Assert.Single(result.Findings, f => f.EntityType == "EMAIL").Row));
        Assert.Equal(3L, Assert.Single(result.Findings, f => f.EntityType == "CREDIT_CARD").Row);
    }

    [Fact]
    public async Task Corrupt_parquet_and_parquet_without_strings_are_reported()
    {
        using var dir = new TempDir();
        dir.Write("bad.parquet", Encoding.ASCII.GetBytes("PAR1 this is not really parquet at all PAR1"));
        var numbers = Path.Combine(dir.Path, "numbers.parquet");
        var id = new DataField<int>("id");
        await using (var stream = File.Create(numbers))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id), stream))
        {
            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync(id, new ReadOnlyMemory<int>([1]));
        }
        var result = await ScanAsync(dir.Path);
        Assert.Equal(["corrupt-parquet", "unexpected-schema"], result.InputErrors.Select(e => e.Kind).Order().ToArray());
    }

    [Fact]
    public async Task Globs_filter_directories_and_missing_paths_are_errors()
    {
        using var dir = new TempDir();
        dir.Write("keep/a.jsonl", "{\"t\":\"" + Email + "\"}\n");
        dir.Write("skip/b.jsonl", "{\"t\":\"" + Email + "\"}\n");
        var errors = new InputErrorLog();
        var files = DatasetFileFinder.Find([dir.Path, Path.Combine(dir.Path, "missing.csv")], ["**/*.jsonl"], ["skip/**"], errors);
        Assert.EndsWith("keep/a.jsonl", Assert.Single(files).DisplayPath);
        Assert.Equal("not-found", Assert.Single(errors.Snapshot()).Kind);
    }

    [Fact]
    public void Sniffer_tells_text_from_binary()
    {
        Assert.False(ContentSniffer.LooksBinary("héllo wörld ✓"u8));
        Assert.True(ContentSniffer.LooksBinary([0x41, 0x00, 0x42]));
        Assert.True(ContentSniffer.LooksBinary([0xFF, 0xFE, 0xFD, 0xC3, 0x41, 0x42]));
    }

    internal static byte[] Gzip(string text)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return memory.ToArray();
    }
}
