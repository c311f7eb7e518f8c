using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

internal sealed partial class Evaluator
{
    private static bool IsPrint(CallTerm call) => call.Builtin is { Name: Printing.Name };

    /// <summary>Evaluates a <c>print</c> call: every value of every operand, then one line per combination to the sink.</summary>
    private Value Print(CallTerm call, Value?[] frame)
    {
        var operands = new List<Value>[call.Args.Count];
        for (var i = 0; i < operands.Length; i++)
        {
            var values = operands[i] = [];
            if (TryValue(call.Args[i], frame, out var single))
            {
                if (single is not null) values.Add(single);
                continue;
            }
            EvalTerm(call.Args[i], frame, value =>
            {
                values.Add(value);
                return false;
            });
        }
        foreach (var line in Printing.Lines(operands))
            _context.PrintSink?.Invoke(line);
        return BooleanValue.True;
    }
}
