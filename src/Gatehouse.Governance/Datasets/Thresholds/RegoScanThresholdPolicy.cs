using System.Globalization;
using System.Text.Json.Nodes;
using Gatehouse.Policy;
using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Eval;

namespace Gatehouse.Governance.Datasets.Thresholds;

/// <summary>
/// Scan thresholds decided by a Rego policy, with the same engine the gateway uses: the document
/// <c>data.gatehouse.dataset.result</c> gets <c>{rows, bytes, findings_by_type, input_errors, files}</c> as input and
/// must be <c>{pass, violations: [{type, count, limit, reason}]}</c>. It fails closed: an undefined result, a result of
/// the wrong shape, or an evaluation error becomes a violation that names the problem, because a threshold that cannot
/// be read must not let a dataset through.
/// </summary>
public sealed class RegoScanThresholdPolicy : IScanThresholdPolicy
{
    /// <summary>The document evaluated.</summary>
    public const string ResultReference = "data.gatehouse.dataset.result";

    /// <summary>The entity type of violations that come from the policy itself rather than from a finding count.</summary>
    public const string PolicyErrorType = "POLICY";

    private readonly PolicyEngine _engine;

    /// <summary>Uses an already loaded engine.</summary>
    public RegoScanThresholdPolicy(PolicyEngine engine) => _engine = engine;

    /// <summary>Loads the policy from directories or files (throws <see cref="PolicyLoadException"/> on bad Rego).</summary>
    public static RegoScanThresholdPolicy Load(IEnumerable<string> paths) => new(PolicyEngine.Load(paths));

    /// <inheritdoc />
    public ThresholdDecision Evaluate(ScanTotals totals)
    {
        JsonNode? result;
        try
        {
            result = _engine.EvaluateJson(ResultReference, ToInput(totals));
        }
        catch (Exception e) when (e is EvalException or RegoException)
        {
            return Fail($"{ResultReference} could not be evaluated: {e.Message}");
        }
        return Read(result);
    }

    /// <summary>The policy's input document for <paramref name="totals"/>.</summary>
    public static JsonObject ToInput(ScanTotals totals)
    {
        var byType = new JsonObject();
        foreach (var (type, count) in totals.FindingsByType.OrderBy(p => p.Key, StringComparer.Ordinal))
            byType[type] = count;
        var files = new JsonArray();
        foreach (var file in totals.Files ?? [])
        {
            var fileByType = new JsonObject();
            foreach (var (type, count) in file.FindingsByType.OrderBy(p => p.Key, StringComparer.Ordinal))
                fileByType[type] = count;
            files.Add(new JsonObject
            {
                ["file"] = file.File, ["format"] = file.Format, ["bytes"] = file.Bytes, ["rows"] = file.Rows, ["findings_by_type"] = fileByType,
            });
        }
        return new JsonObject
        {
            ["rows"] = totals.Rows, ["bytes"] = totals.Bytes, ["findings_by_type"] = byType, ["input_errors"] = totals.InputErrors, ["files"] = files,
        };
    }

    private static ThresholdDecision Read(JsonNode? result)
    {
        if (result is null)
            return Fail($"{ResultReference} is undefined (is package gatehouse.dataset loaded?)");
        if (result is not JsonObject obj)
            return Fail($"{ResultReference} is not an object");
        if (obj["pass"] is not JsonValue passNode || !passNode.TryGetValue<bool>(out var pass))
            return Fail($"{ResultReference}.pass is missing or not a boolean");
        if (obj["violations"] is not JsonArray items)
            return Fail($"{ResultReference}.violations is missing or not an array");
        var violations = new List<ThresholdViolation>();
        for (var i = 0; i < items.Count; i++)
        {
            if (ReadViolation(items[i]) is { } violation)
                violations.Add(violation);
            else
                violations.Add(new ThresholdViolation(PolicyErrorType, 0,
                    $"{ResultReference}.violations[{i}] is not {{type: string, count: number, limit, reason: string}}"));
        }
        if (!pass && violations.Count == 0)
            violations.Add(new ThresholdViolation(PolicyErrorType, 0, $"{ResultReference}.pass is false without violations"));
        if (pass && violations.Count > 0)
            violations.Add(new ThresholdViolation(PolicyErrorType, 0, $"{ResultReference}.pass is true but violations were listed"));
        return new ThresholdDecision(violations);
    }

    private static ThresholdViolation? ReadViolation(JsonNode? node)
    {
        if (node is not JsonObject v
            || v["type"] is not JsonValue typeNode || !typeNode.TryGetValue<string>(out var type)
            || v["count"] is not JsonValue countNode || !TryGetCount(countNode, out var count)
            || v["reason"] is not JsonValue reasonNode || !reasonNode.TryGetValue<string>(out var reason)
            || v["limit"] is not JsonValue limitNode)
            return null;
        var limit = limitNode.TryGetValue<string>(out var text) ? text : limitNode.ToJsonString();
        return new ThresholdViolation(type, count, $"{limit}: {reason}");
    }

    private static bool TryGetCount(JsonValue node, out long count)
    {
        if (node.TryGetValue(out count))
            return true;
        if (node.TryGetValue<decimal>(out var d) && d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue)
        {
            count = (long)d;
            return true;
        }
        if (decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) && d == decimal.Truncate(d))
        {
            count = (long)d;
            return true;
        }
        return false;
    }

    private static ThresholdDecision Fail(string problem) => new([new ThresholdViolation(PolicyErrorType, 0, problem)]);
}
