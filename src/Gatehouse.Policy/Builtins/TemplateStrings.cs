using System.Text;
using Gatehouse.Policy.Eval;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary>
/// <c>internal.template_string</c>, what template strings compile to (see the parser): its operand is an array of
/// literal runs (strings) and expression results (sets of the expression's values). An empty set renders as
/// <c>&lt;undefined&gt;</c>; a string value renders bare and any other value in Rego syntax, as <c>print</c> does.
/// An expression with several values is an error, as in OPA, whatever the builtin-error mode.
/// </summary>
public static class TemplateStrings
{
    /// <summary>Registers the builtin.</summary>
    public static void Register(BuiltinRegistry registry) =>
        registry.Register(Ast.Parser.TemplateStringOperator, BuiltinSignature.Of(RegoType.String, RegoType.ArrayOf(RegoType.Any)), (o, _) => Render(o[0]));

    private static StringValue Render(Value parts)
    {
        if (parts is not ArrayValue array) throw new BuiltinException("eval_type_error", $"{Ast.Parser.TemplateStringOperator}: operand 1 must be array but got {parts.TypeName}");
        var text = new StringBuilder();
        for (var i = 0; i < array.Count; i++)
        {
            switch (array[i])
            {
                case StringValue literal:
                    text.Append(literal.Value);
                    break;
                case SetValue { Count: 0 }:
                    text.Append(Printing.Undefined);
                    break;
                case SetValue { Count: 1 } single:
                    Printing.AppendDisplay(text, single.Single());
                    break;
                case SetValue:
                    throw new EvalException("eval_builtin_error", "template-strings must not produce multiple outputs", null);
                default:
                    throw new EvalException("eval_type_error", $"illegal argument type: {array[i].TypeName}", null);
            }
        }
        return new StringValue(text.ToString());
    }
}
