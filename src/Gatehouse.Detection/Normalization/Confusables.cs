using System.Collections.Frozen;

namespace Gatehouse.Detection.Normalization;

/// <summary>
/// Look-alike letters (Cyrillic, Greek, Latin ligatures and letter-like symbols) folded to the Latin letters they
/// imitate. Only characters that are visually near-identical to a Latin letter are listed; the aim is to defeat
/// evasion such as a Cyrillic "а" inside an e-mail address, not to transliterate.
/// </summary>
internal static class Confusables
{
    private static readonly FrozenDictionary<char, string> Map = new Dictionary<char, string>
    {
        // Cyrillic capitals and small letters
        ['\u0410'] = "A", ['\u0412'] = "B", ['\u0415'] = "E", ['\u041A'] = "K", ['\u041C'] = "M", ['\u041D'] = "H",
        ['\u041E'] = "O", ['\u0420'] = "P", ['\u0421'] = "C", ['\u0422'] = "T", ['\u0425'] = "X", ['\u0405'] = "S",
        ['\u0406'] = "I", ['\u0408'] = "J", ['\u04AE'] = "Y",
        ['\u0430'] = "a", ['\u0435'] = "e", ['\u043E'] = "o", ['\u0440'] = "p", ['\u0441'] = "c", ['\u0443'] = "y",
        ['\u0445'] = "x", ['\u0455'] = "s", ['\u0456'] = "i", ['\u0458'] = "j", ['\u04BB'] = "h", ['\u0501'] = "d",
        ['\u051B'] = "q", ['\u051D'] = "w",
        // Greek capitals and small letters
        ['\u0391'] = "A", ['\u0392'] = "B", ['\u0395'] = "E", ['\u0396'] = "Z", ['\u0397'] = "H", ['\u0399'] = "I",
        ['\u039A'] = "K", ['\u039C'] = "M", ['\u039D'] = "N", ['\u039F'] = "O", ['\u03A1'] = "P", ['\u03A4'] = "T",
        ['\u03A5'] = "Y", ['\u03A7'] = "X",
        ['\u03BF'] = "o", ['\u03B1'] = "a", ['\u03B9'] = "i", ['\u03BD'] = "v", ['\u03C1'] = "p", ['\u03BA'] = "k",
        ['\u03C5'] = "u",
        // Latin compatibility ligatures and letter-like symbols (what NFKC folds)
        ['\uFB00'] = "ff", ['\uFB01'] = "fi", ['\uFB02'] = "fl", ['\uFB03'] = "ffi", ['\uFB04'] = "ffl",
        ['\uFB05'] = "st", ['\uFB06'] = "st", ['\u2122'] = "TM", ['\u2139'] = "i", ['\u212A'] = "K",
        ['\u0131'] = "i", ['\u0269'] = "i", ['\u01C0'] = "l",
    }.ToFrozenDictionary();

    /// <summary>The Latin replacement for <paramref name="c"/>, or null when it is not a known look-alike.</summary>
    public static string? Fold(char c) => Map.GetValueOrDefault(c);
}
