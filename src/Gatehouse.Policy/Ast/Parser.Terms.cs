using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Ast;

internal sealed partial class Parser
{
    /// <summary>When set, a top-level <c>|</c> ends the term (it starts a comprehension body instead of a union).</summary>
    private bool _stopAtBar;

    private Term Call(string op, Token at, params Term[] args) => new CallTerm { Operator = op, Args = [.. args], Location = args[0].Location };

    private Term ParseTermIn()
    {
        var left = ParseTermRelation();
        while (!LineBreak && AtWord("in"))
        {
            var op = Advance();
            var right = ParseTermRelation();
            left = Call("internal.member_2", op, left, right);
        }
        return left;
    }

    private Term ParseTermRelation()
    {
        var left = ParseTermOr();
        while (!LineBreak)
        {
            var name = Peek.Kind switch
            {
                TokenKind.Equal => "equal",
                TokenKind.NotEqual => "neq",
                TokenKind.Lt => "lt",
                TokenKind.Lte => "lte",
                TokenKind.Gt => "gt",
                TokenKind.Gte => "gte",
                _ => null,
            };
            if (name is null) return left;
            var op = Advance();
            left = Call(name, op, left, ParseTermOr());
        }
        return left;
    }

    private Term ParseTermOr()
    {
        var left = ParseTermAnd();
        while (!LineBreak && At(TokenKind.Bar) && !_stopAtBar)
        {
            var op = Advance();
            left = Call("or", op, left, ParseTermAnd());
        }
        return left;
    }

    private Term ParseTermAnd()
    {
        var left = ParseTermArith();
        while (!LineBreak && At(TokenKind.Amp))
        {
            var op = Advance();
            left = Call("and", op, left, ParseTermArith());
        }
        return left;
    }

    private Term ParseTermArith()
    {
        var left = ParseTermFactor();
        while (!LineBreak && (At(TokenKind.Plus) || At(TokenKind.Minus)))
        {
            var op = Advance();
            left = Call(op.Kind == TokenKind.Plus ? "plus" : "minus", op, left, ParseTermFactor());
        }
        return left;
    }

    private Term ParseTermFactor()
    {
        var left = ParseTermUnary();
        while (!LineBreak && (At(TokenKind.Star) || At(TokenKind.Slash) || At(TokenKind.Percent)))
        {
            var op = Advance();
            var name = op.Kind switch { TokenKind.Star => "mul", TokenKind.Slash => "div", _ => "rem" };
            left = Call(name, op, left, ParseTermUnary());
        }
        return left;
    }

    private Term ParseTermUnary()
    {
        if (!At(TokenKind.Minus)) return ParseTermPostfix();
        var minus = Advance();
        var next = Peek;
        if (next.Kind == TokenKind.Number && next.Row == minus.Row && next.Col == minus.Col + 1)
        {
            Advance();
            return ParsePostfix(new ScalarTerm { Value = NumberValue.Parse("-" + next.Text), Location = Loc(minus) });
        }
        var operand = ParseTermUnary();
        return new CallTerm
        {
            Operator = "minus", Location = Loc(minus),
            Args = [new ScalarTerm { Value = NumberValue.Zero, Location = Loc(minus) }, operand],
        };
    }

    private Term ParseTermPostfix() => ParsePostfix(ParsePrimary());

    private Term ParsePostfix(Term term)
    {
        while (!Peek.NewlineBefore || !_newlineSensitive)
        {
            if (At(TokenKind.Dot))
            {
                Advance();
                var name = Expect(TokenKind.Ident, "identifier");
                term = Select(term, new ScalarTerm { Value = KeyNames.Intern(name.Text), Location = Loc(name) });
            }
            else if (At(TokenKind.LBrack) && !Peek.NewlineBefore)
            {
                Advance();
                var index = Nested(false, () => WithoutBarStop(ParseTermIn));
                Expect(TokenKind.RBrack, "]");
                term = Select(term, index);
            }
            else if (At(TokenKind.LParen) && !Peek.NewlineBefore && CallName(term) is { } op)
            {
                var open = Advance();
                var args = Nested(false, () => WithoutBarStop(() => ParseTermList(TokenKind.RParen)));
                if (op == "set" && args.Count == 0)
                    term = new SetTerm { Items = [], Location = term.Location };
                else
                    term = new CallTerm { Operator = op, Args = args, Location = term.Location };
            }
            else break;
        }
        return term;
    }

    private static Term Select(Term term, Term key)
    {
        if (term is RefTerm reference)
        {
            reference.Path.Add(key);
            return reference;
        }
        return new RefTerm { Head = term, Path = [key], Location = term.Location };
    }

    /// <summary>The dotted name when <paramref name="term"/> can name a function (<c>f</c>, <c>a.b.f</c>).</summary>
    private static string? CallName(Term term)
    {
        switch (term)
        {
            case VarTerm v: return v.Name;
            case RefTerm { Head: VarTerm head } r:
                var parts = new List<string> { head.Name };
                foreach (var part in r.Path)
                {
                    if (part is not ScalarTerm { Value: StringValue s }) return null;
                    parts.Add(s.Value);
                }
                return string.Join('.', parts);
            default: return null;
        }
    }

    private T WithoutBarStop<T>(Func<T> parse)
    {
        var saved = _stopAtBar;
        _stopAtBar = false;
        try { return parse(); }
        finally { _stopAtBar = saved; }
    }

    private T WithBarStop<T>(Func<T> parse)
    {
        var saved = _stopAtBar;
        _stopAtBar = true;
        try { return parse(); }
        finally { _stopAtBar = saved; }
    }

    private Term ParsePrimary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new ScalarTerm { Value = NumberValue.Parse(token.Text), Location = Loc(token) };
            case TokenKind.String:
            case TokenKind.RawString:
                Advance();
                // Literals are interned too: they are the keys of object literals and of selections such as x["a"].
                return new ScalarTerm { Value = KeyNames.Intern(token.Text), Location = Loc(token) };
            case TokenKind.Ident:
                if (Keywords.Contains(token.Text) && !NameFollows && !(PeekAt(1).Kind == TokenKind.LParen && PeekAt(1).Start == token.End)) throw Unexpected(token);
                if (token.Text is "true" or "false" or "null" && NameFollows)
                {
                    Advance();
                    return new VarTerm { Name = token.Text, Location = Loc(token) };
                }
                Advance();
                return token.Text switch
                {
                    "true" => new ScalarTerm { Value = BooleanValue.True, Location = Loc(token) },
                    "false" => new ScalarTerm { Value = BooleanValue.False, Location = Loc(token) },
                    "null" => new ScalarTerm { Value = NullValue.Instance, Location = Loc(token) },
                    "_" => new VarTerm { Name = NewWildcard(), Location = Loc(token) },
                    _ => new VarTerm { Name = token.Text, Location = Loc(token) },
                };
            case TokenKind.LParen:
                Advance();
                var inner = Nested(false, () => WithoutBarStop(ParseTermIn));
                Expect(TokenKind.RParen, ")");
                return inner;
            case TokenKind.TemplateStart:
                return ParseTemplate();
            case TokenKind.LBrack:
                return Nested(false, ParseArray);
            case TokenKind.LBrace:
                return Nested(false, ParseBraced);
            default:
                throw Unexpected(token);
        }
    }

    private Term ParseArray()
    {
        var open = Advance();
        if (At(TokenKind.RBrack))
        {
            Advance();
            return new ArrayTerm { Items = [], Location = Loc(open) };
        }
        var first = WithBarStop(ParseTermIn);
        if (At(TokenKind.Bar))
        {
            Advance();
            var body = ParseComprehensionBody(TokenKind.RBrack);
            return new ComprehensionTerm { Kind = ComprehensionKind.Array, Head = first, Body = body, Location = Loc(open) };
        }
        var items = new List<Term> { first };
        while (At(TokenKind.Comma))
        {
            Advance();
            if (At(TokenKind.RBrack)) break;
            items.Add(WithoutBarStop(ParseTermIn));
        }
        Expect(TokenKind.RBrack, "]");
        return new ArrayTerm { Items = items, Location = Loc(open) };
    }

    private Term ParseBraced()
    {
        var open = Advance();
        if (At(TokenKind.RBrace))
        {
            Advance();
            return new ObjectTerm { Items = [], Location = Loc(open) };
        }
        var first = WithBarStop(ParseTermIn);
        if (At(TokenKind.Colon))
        {
            Advance();
            var firstValue = WithBarStop(ParseTermIn);
            if (At(TokenKind.Bar))
            {
                Advance();
                var body = ParseComprehensionBody(TokenKind.RBrace);
                return new ComprehensionTerm { Kind = ComprehensionKind.Object, Head = first, Value = firstValue, Body = body, Location = Loc(open) };
            }
            var pairs = new List<(Term, Term)> { (first, firstValue) };
            while (At(TokenKind.Comma))
            {
                Advance();
                if (At(TokenKind.RBrace)) break;
                var key = WithoutBarStop(ParseTermIn);
                Expect(TokenKind.Colon, ":");
                pairs.Add((key, WithoutBarStop(ParseTermIn)));
            }
            Expect(TokenKind.RBrace, "}");
            return new ObjectTerm { Items = pairs, Location = Loc(open) };
        }
        if (At(TokenKind.Bar))
        {
            Advance();
            var body = ParseComprehensionBody(TokenKind.RBrace);
            return new ComprehensionTerm { Kind = ComprehensionKind.Set, Head = first, Body = body, Location = Loc(open) };
        }
        var items = new List<Term> { first };
        while (At(TokenKind.Comma))
        {
            Advance();
            if (At(TokenKind.RBrace)) break;
            items.Add(WithoutBarStop(ParseTermIn));
        }
        Expect(TokenKind.RBrace, "}");
        return new SetTerm { Items = items, Location = Loc(open) };
    }

    private Body ParseComprehensionBody(TokenKind close)
    {
        var start = Peek;
        return Nested(true, () => WithoutBarStop(() =>
        {
            var exprs = new List<Expr>();
            while (!At(close))
            {
                if (At(TokenKind.End)) throw Unexpected(Peek, close == TokenKind.RBrack ? "]" : "}");
                exprs.Add(ParseLiteral());
                if (At(TokenKind.Semicolon)) Advance();
                else if (!At(close) && !Peek.NewlineBefore) throw Unexpected(Peek);
            }
            Advance();
            if (exprs.Count == 0) throw Error(start, "found empty body");
            return new Body { Exprs = exprs, Location = Loc(start) };
        }));
    }
}
