using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Ast;

/// <summary>
/// Template strings (<c>$"user {input.user} may not use {input.model}"</c>, OPA 1.12). As OPA does, a template becomes a
/// call of <c>internal.template_string</c> on an array of its literal runs and, for each <c>{expression}</c>, the set
/// of the expression's values (<c>{t | t = expression}</c>): an undefined expression then renders as
/// <c>&lt;undefined&gt;</c> instead of making the whole string undefined, and the compiler's usual safety and ordering
/// rules apply to the variables an expression reads.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>The builtin a template string calls (see <see cref="Builtins.TemplateStrings"/>).</summary>
    internal const string TemplateStringOperator = "internal.template_string";

    private int _templateVars;

    private Term ParseTemplate()
    {
        var open = Advance();
        var parts = new List<Term>();
        while (true)
        {
            var token = Advance();
            switch (token.Kind)
            {
                case TokenKind.TemplateText:
                    if (token.Text.Length > 0) parts.Add(new ScalarTerm { Value = new StringValue(token.Text), Location = Loc(token) });
                    break;
                case TokenKind.TemplateExprOpen:
                    if (At(TokenKind.TemplateExprClose)) throw Error(token, "empty template expression");
                    parts.Add(Nested(false, () => WithoutBarStop(() => ParseTemplateExpression(token))));
                    Expect(TokenKind.TemplateExprClose, "} to close the template expression");
                    break;
                case TokenKind.TemplateEnd:
                    var items = new ArrayTerm { Items = parts, Location = Loc(open) };
                    return new CallTerm { Operator = TemplateStringOperator, Args = [items], Location = Loc(open) };
                default:
                    throw Unexpected(token);
            }
        }
    }

    /// <summary>One <c>{expression}</c>, optionally with <c>with</c> modifiers, as the set of its values.</summary>
    private Term ParseTemplateExpression(Token open)
    {
        var start = Peek;
        var value = ParseTermIn();
        var name = "$t" + _templateVars++;
        var expr = new UnifyExpr { Location = Loc(start), Left = new VarTerm { Name = name, Location = Loc(start) }, Right = value };
        ParseWithModifiers(expr);
        return new ComprehensionTerm
        {
            Kind = ComprehensionKind.Set,
            Head = new VarTerm { Name = name, Location = Loc(start) },
            Body = new Body { Exprs = [expr], Location = Loc(open) },
            Location = Loc(open),
        };
    }
}
