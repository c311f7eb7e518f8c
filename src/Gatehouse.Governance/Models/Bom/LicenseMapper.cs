using System.Text.Json.Nodes;

namespace Gatehouse.Governance.Models.Bom;

/// <summary>
/// Turns licence identifiers from Hugging Face cards (lower case, <c>apache-2.0</c>) and dataset manifests into
/// CycloneDX licence entries: an SPDX <c>id</c> when the licence is one we know the SPDX spelling of, otherwise a
/// <c>name</c>, so the BOM never claims an SPDX id that the schema's list does not contain.
/// </summary>
public static class LicenseMapper
{
    // Hugging Face licence identifiers (hub docs, "repositories-licenses") and their SPDX ids, where one exists.
    private static readonly Dictionary<string, string> SpdxIds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["apache-2.0"] = "Apache-2.0", ["mit"] = "MIT", ["afl-3.0"] = "AFL-3.0", ["artistic-2.0"] = "Artistic-2.0",
        ["bsl-1.0"] = "BSL-1.0", ["bsd"] = "BSD-4-Clause", ["bsd-2-clause"] = "BSD-2-Clause", ["bsd-3-clause"] = "BSD-3-Clause",
        ["bsd-3-clause-clear"] = "BSD-3-Clause-Clear", ["cc0-1.0"] = "CC0-1.0", ["cc-by-2.0"] = "CC-BY-2.0",
        ["cc-by-2.5"] = "CC-BY-2.5", ["cc-by-3.0"] = "CC-BY-3.0", ["cc-by-4.0"] = "CC-BY-4.0", ["cc-by-sa-3.0"] = "CC-BY-SA-3.0",
        ["cc-by-sa-4.0"] = "CC-BY-SA-4.0", ["cc-by-nc-2.0"] = "CC-BY-NC-2.0", ["cc-by-nc-3.0"] = "CC-BY-NC-3.0",
        ["cc-by-nc-4.0"] = "CC-BY-NC-4.0", ["cc-by-nd-4.0"] = "CC-BY-ND-4.0", ["cc-by-nc-nd-3.0"] = "CC-BY-NC-ND-3.0",
        ["cc-by-nc-nd-4.0"] = "CC-BY-NC-ND-4.0", ["cc-by-nc-sa-2.0"] = "CC-BY-NC-SA-2.0", ["cc-by-nc-sa-3.0"] = "CC-BY-NC-SA-3.0",
        ["cc-by-nc-sa-4.0"] = "CC-BY-NC-SA-4.0", ["cdla-sharing-1.0"] = "CDLA-Sharing-1.0", ["cdla-permissive-1.0"] = "CDLA-Permissive-1.0",
        ["cdla-permissive-2.0"] = "CDLA-Permissive-2.0", ["wtfpl"] = "WTFPL", ["ecl-2.0"] = "ECL-2.0", ["epl-1.0"] = "EPL-1.0",
        ["epl-2.0"] = "EPL-2.0", ["eupl-1.1"] = "EUPL-1.1", ["eupl-1.2"] = "EUPL-1.2", ["agpl-3.0"] = "AGPL-3.0-only",
        ["gfdl"] = "GFDL-1.3-only", ["gpl"] = "GPL-3.0-or-later", ["gpl-2.0"] = "GPL-2.0-only", ["gpl-3.0"] = "GPL-3.0-only",
        ["lgpl"] = "LGPL-3.0-or-later", ["lgpl-2.1"] = "LGPL-2.1-only", ["lgpl-3.0"] = "LGPL-3.0-only", ["isc"] = "ISC",
        ["h-research"] = "", ["intel-research"] = "", ["lppl-1.3c"] = "LPPL-1.3c", ["ms-pl"] = "MS-PL", ["mpl-2.0"] = "MPL-2.0",
        ["odc-by"] = "ODC-By-1.0", ["odbl"] = "ODbL-1.0", ["openrail"] = "", ["pddl"] = "PDDL-1.0", ["postgresql"] = "PostgreSQL",
        ["ofl-1.1"] = "OFL-1.1", ["ncsa"] = "NCSA", ["unlicense"] = "Unlicense", ["zlib"] = "Zlib", ["c-uda"] = "C-UDA-1.0",
    };

    /// <summary>The SPDX id for <paramref name="license"/>, or null when it has none we know.</summary>
    public static string? SpdxId(string license)
    {
        if (SpdxIds.TryGetValue(license, out var id))
            return id.Length > 0 ? id : null;
        // Already an SPDX spelling of a licence we know (dataset manifests use SPDX ids).
        return SpdxIds.Values.FirstOrDefault(v => v.Length > 0 && string.Equals(v, license, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A CycloneDX <c>licenses</c> array for the given identifiers, or null when there are none. <paramref name="url"/>
    /// applies to a licence given by name (a card's <c>license_link</c>).
    /// </summary>
    public static JsonArray? ToLicenses(IEnumerable<string> licenses, string? name = null, string? url = null)
    {
        var array = new JsonArray();
        foreach (var license in licenses.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var entry = new JsonObject();
            if (SpdxId(license) is { } id)
                entry["id"] = id;
            else
            {
                // "other" means the card names the licence in license_name.
                entry["name"] = string.Equals(license, "other", StringComparison.OrdinalIgnoreCase) && name is not null ? name : license;
                if (url is not null && Uri.TryCreate(url, UriKind.Absolute, out _))
                    entry["url"] = url;
            }
            array.Add(new JsonObject { ["license"] = entry });
        }
        return array.Count > 0 ? array : null;
    }
}
