using System.Text.Json;

namespace Gatehouse.Detection.Evaluation;

/// <summary>A labelled span of a sample, in UTF-16 offsets of <see cref="LabelledSample.Text"/>, end exclusive.</summary>
public sealed record LabelledSpan(string EntityType, int Start, int End);

/// <summary>One text with its gold spans.</summary>
public sealed record LabelledSample(string Text, IReadOnlyList<LabelledSpan> Spans)
{
    /// <summary>
    /// How the labels of the pii-dev format map to Gatehouse entity types. Labels mapped to null are not scored
    /// (DATE_TIME mixes weekdays and timestamps with birth dates; TITLE and PREFIX are honorifics, not identifiers).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> DatasetEntityMap { get; } = new Dictionary<string, string?>
    {
        ["PERSON"] = EntityTypes.Person,
        ["EMAIL_ADDRESS"] = EntityTypes.Email,
        ["PHONE_NUMBER"] = EntityTypes.Phone,
        ["CREDIT_CARD"] = EntityTypes.CreditCard,
        ["IBAN_CODE"] = EntityTypes.Iban,
        ["US_SSN"] = EntityTypes.UsSsn,
        ["IP_ADDRESS"] = EntityTypes.IpAddress,
        ["US_DRIVER_LICENSE"] = EntityTypes.UsDriverLicense,
        ["DOMAIN_NAME"] = EntityTypes.Url,
        ["LOCATION"] = EntityTypes.Location,
        ["ORGANIZATION"] = EntityTypes.Organization,
        ["ADDRESS"] = EntityTypes.StreetAddress,
        ["DATE_TIME"] = null,
        ["TITLE"] = null,
        ["PREFIX"] = null,
    };

    /// <summary>
    /// Reads a file in the pii-dev format: a JSON array of <c>{full_text, spans:[{entity_type, start_position,
    /// end_position}]}</c> with offsets in Unicode code points. Offsets are converted to UTF-16 and labels mapped with
    /// <see cref="DatasetEntityMap"/> (unknown labels are kept as they are).
    /// </summary>
    /// <exception cref="FormatException">The file is not in that format; the message names the sample.</exception>
    public static IReadOnlyList<LabelledSample> LoadPiiDev(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var samples = new List<LabelledSample>();
        var index = 0;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            try
            {
                var text = item.GetProperty("full_text").GetString() ?? throw new FormatException("full_text is null");
                var units = CodePointToUtf16(text);
                var spans = new List<LabelledSpan>();
                foreach (var span in item.GetProperty("spans").EnumerateArray())
                {
                    var label = span.GetProperty("entity_type").GetString()!;
                    var type = DatasetEntityMap.TryGetValue(label, out var mapped) ? mapped : label;
                    if (type is null)
                        continue;
                    spans.Add(new LabelledSpan(type, units[span.GetProperty("start_position").GetInt32()], units[span.GetProperty("end_position").GetInt32()]));
                }
                samples.Add(new LabelledSample(text, spans));
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
            {
                throw new FormatException($"{path}: sample {index}: {e.Message}", e);
            }
            index++;
        }
        return samples;
    }

    /// <summary>For each code-point index (and one past the end) the UTF-16 index it starts at.</summary>
    public static int[] CodePointToUtf16(string text)
    {
        var map = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length; i++)
        {
            map.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
        }
        map.Add(text.Length);
        return [.. map];
    }
}
