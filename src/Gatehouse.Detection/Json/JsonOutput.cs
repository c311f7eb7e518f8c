using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gatehouse.Detection.Json;

/// <summary>
/// Serialization settings for documents Gatehouse rewrites: only what JSON requires is escaped, so replacement
/// tokens such as <c>&lt;EMAIL&gt;</c> stay readable (and restorable) instead of becoming <c>\u003CEMAIL\u003E</c>.
/// </summary>
public static class JsonOutput
{
    /// <summary>The shared options.</summary>
    public static JsonSerializerOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
