using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Ast;

internal sealed partial class Parser
{
    private Rule ParseRule(Module module)
    {
        var start = Peek;
        var isDefault = false;
        if (AtWord("default"))
        {
            Advance();
            isDefault = true;
        }
        var headRef = ParseHeadRef();
        List<Term>? args = null;
        if (At(TokenKind.LParen) && !Peek.NewlineBefore)
        {
            Advance();
            args = Nested(false, () => ParseTermList(TokenKind.RParen));
        }
        var location = Loc(start);
        if (isDefault)
        {
            if (!At(TokenKind.Assign) && !At(TokenKind.Unify)) throw Unexpected(Peek, ":= or =");
            var assign = Advance().Kind == TokenKind.Assign;
            var value = Nested(true, ParseTermIn);
            return new Rule
            {
                Location = location, Module = module, HeadRef = headRef, Args = args, Value = value, IsDefault = true,
                IsAssign = assign, Body = TrueBody(location),
            };
        }
        Term? key = null;
        Term? ruleValue = null;
        var isContains = false;
        var isAssign = false;
        if (AtWord("contains"))
        {
            Advance();
            isContains = true;
            key = Nested(true, ParseTermIn);
        }
        else if (At(TokenKind.Assign) || At(TokenKind.Unify))
        {
            isAssign = Advance().Kind == TokenKind.Assign;
            ruleValue = Nested(true, ParseTermIn);
        }
        var body = ParseRuleBody(location, out var hasBody);
        if (!hasBody && ruleValue is null && key is null && args is null && headRef.Count == 1)
            throw Error(start, Peek.Kind == TokenKind.LBrace ? "`if` keyword is required before rule body" : "rule must have a value or a body");
        var rule = new Rule
        {
            Location = location, Module = module, HeadRef = headRef, Args = args, Key = key, IsContains = isContains,
            Value = ruleValue, IsAssign = isAssign, Body = body,
        };
        var current = rule;
        while (AtWord("else"))
        {
            var elseToken = Advance();
            if (isContains) throw Error(elseToken, "else keyword cannot be used on multi-value rules");
            Term? elseValue = null;
            if (At(TokenKind.Assign) || At(TokenKind.Unify))
            {
                Advance();
                elseValue = Nested(true, ParseTermIn);
            }
            var elseBody = ParseRuleBody(Loc(elseToken), out _);
            current.Else = new Rule
            {
                Location = Loc(elseToken), Module = module, HeadRef = headRef, Args = args, Value = elseValue,
                IsAssign = isAssign, Body = elseBody,
            };
            current = current.Else;
        }
        return rule;
    }

    private Body ParseRuleBody(Location location, out bool hasBody)
    {
        hasBody = true;
        if (AtWord("if"))
        {
            Advance();
            if (At(TokenKind.LBrace)) return ParseBracedBody();
            var literalStart = Peek;
            var literal = Nested(true, ParseLiteral);
            return new Body { Exprs = [literal], Location = Loc(literalStart) };
        }
        if (At(TokenKind.LBrace) && !Peek.NewlineBefore) throw Error(Peek, "`if` keyword is required before rule body");
        hasBody = false;
        return TrueBody(location);
    }

    private static Body TrueBody(Location location) => new()
    {
        Exprs = [new TermExpr { Location = location, Term = new ScalarTerm { Location = location, Value = BooleanValue.True } }],
        Location = location,
    };

    private List<Term> ParseHeadRef()
    {
        var nameToken = Peek;
        if (nameToken.Kind != TokenKind.Ident || (Keywords.Contains(nameToken.Text) && !NameFollows)) throw Unexpected(nameToken, "rule name");
        Advance();
        var head = new List<Term> { new VarTerm { Name = nameToken.Text, Location = Loc(nameToken) } };
        while (!Peek.NewlineBefore && (At(TokenKind.Dot) || At(TokenKind.LBrack)))
        {
            if (Advance().Kind == TokenKind.Dot)
            {
                var part = Expect(TokenKind.Ident, "identifier");
                head.Add(new ScalarTerm { Value = KeyNames.Intern(part.Text), Location = Loc(part) });
            }
            else
            {
                head.Add(Nested(false, ParseTermIn));
                Expect(TokenKind.RBrack, "]");
            }
        }
        return head;
    }

    private Expr ParseLiteral()
    {
        var start = Peek;
        if (AtWord("some")) return ParseSome();
        if (AtWord("every"))
        {
            var every = ParseEvery();
            ParseWithModifiers(every);
            return every;
        }
        var negated = false;
        if (AtWord("not"))
        {
            Advance();
            negated = true;
        }
        Expr expr;
        var left = ParseTermIn();
        if (!LineBreak && (At(TokenKind.Unify) || At(TokenKind.Assign)))
        {
            var assign = Advance().Kind == TokenKind.Assign;
            var right = ParseTermIn();
            expr = new UnifyExpr { Location = Loc(start), Left = left, Right = right, IsAssign = assign };
        }
        else
        {
            expr = new TermExpr { Location = Loc(start), Term = left };
        }
        expr.Negated = negated;
        ParseWithModifiers(expr);
        return expr;
    }

    private void ParseWithModifiers(Expr expr)
    {
        // `with` cannot start an expression, so a modifier may also sit on the next line.
        while (AtWord("with"))
        {
            var withToken = Advance();
            var target = ParseTermIn();
            ExpectWord("as");
            var value = ParseTermIn();
            expr.With.Add(new WithModifier { Target = target, Value = value, Location = Loc(withToken) });
        }
    }

    private Expr ParseSome()
    {
        var start = Advance();
        var first = ParseTermRelation();
        Term? second = null;
        var vars = new List<Term> { first };
        while (At(TokenKind.Comma))
        {
            Advance();
            vars.Add(ParseTermRelation());
        }
        if (AtWord("in"))
        {
            Advance();
            if (vars.Count > 2) throw Error(start, "unexpected , token: some ... in supports key and value only");
            if (vars.Count == 2) second = vars[1];
            var collection = ParseTermRelation();
            return second is null
                ? new SomeInExpr { Location = Loc(start), Value = first, Collection = collection }
                : new SomeInExpr { Location = Loc(start), Key = first, Value = second, Collection = collection };
        }
        var declared = new List<VarTerm>();
        foreach (var term in vars)
        {
            if (term is not VarTerm v) throw Error(start, "expected var in some declaration");
            declared.Add(v);
        }
        return new SomeDeclExpr { Location = Loc(start), Vars = declared };
    }

    private Expr ParseEvery()
    {
        var start = Advance();
        var first = ParseTermRelation();
        VarTerm? key = null;
        if (At(TokenKind.Comma))
        {
            Advance();
            key = first as VarTerm ?? throw Error(start, "every key must be a variable");
            first = ParseTermRelation();
        }
        var value = first as VarTerm ?? throw Error(start, "every value must be a variable");
        ExpectWord("in");
        var domain = ParseTermRelation();
        var body = ParseBracedBody();
        return new EveryExpr { Location = Loc(start), Key = key, Value = value, Domain = domain, Body = body };
    }

    private List<Term> ParseTermList(TokenKind close)
    {
        var items = new List<Term>();
        while (!At(close))
        {
            items.Add(ParseTermIn());
            if (At(TokenKind.Comma)) Advance();
            else if (!At(close)) throw Unexpected(Peek, close == TokenKind.RParen ? ")" : "]");
        }
        Advance();
        return items;
    }
}
