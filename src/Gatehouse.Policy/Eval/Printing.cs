using System.Text;
using Gatehouse.Policy.Builtins;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

/// <summary>
/// <c>print(x, ...)</c> as OPA has it: it writes a line to the query's print sink (<see cref="QueryOptions.Print"/>)
/// and always succeeds. Its operands are not ordinary builtin operands: an undefined one prints
/// <c>&lt;undefined&gt;</c> instead of making the expression undefined, and one with several values (a reference that
/// iterates) prints a line per combination. Strings print without quotes, every other value in Rego syntax.
/// </summary>
public static class Printing
{
    /// <summary>The operator's name.</summary>
    public const string Name = "print";

    /// <summary>
    /// Registers <c>print</c> so that policies using it compile; evaluation handles its operands itself (see
    /// <see cref="Evaluator"/>), so the function here only runs for a call that bypasses that, and prints nothing.
    /// </summary>
    public static void Register(BuiltinRegistry registry) =>
        registry.Register(Name, new BuiltinSignature([], RegoType.Boolean, RegoType.Any), (_, _) => BooleanValue.True);

    /// <summary>How an undefined operand (print) or template expression renders.</summary>
    public const string Undefined = "<undefined>";

    /// <summary>A value as print and template strings show it: a string bare, anything else in Rego syntax.</summary>
    public static void AppendDisplay(StringBuilder text, Value value)
    {
        if (value is StringValue s) text.Append(s.Value);
        else value.WriteRego(text);
    }

    /// <summary>The lines one print call writes: one per combination of its operands' values.</summary>
    internal static IEnumerable<string> Lines(IReadOnlyList<List<Value>> operands)
    {
        var choice = new int[operands.Count];
        while (true)
        {
            var line = new StringBuilder();
            for (var i = 0; i < operands.Count; i++)
            {
                if (i > 0) line.Append(' ');
                if (operands[i].Count == 0) line.Append(Undefined);
                else AppendDisplay(line, operands[i][choice[i]]);
            }
            yield return line.ToString();
            // Advance the rightmost operand that has another value, like an odometer.
            var at = operands.Count - 1;
            while (at >= 0 && (operands[at].Count == 0 || ++choice[at] == operands[at].Count))
            {
                choice[at] = 0;
                at--;
            }
            if (at < 0) yield break;
        }
    }
}
