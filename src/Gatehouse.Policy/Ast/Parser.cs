using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Ast;

/// <summary>Parses Rego v1 modules and queries into the AST, with <c>file:row:col</c> parse errors.</summary>
public static class RegoParser
{
    /// <summary>Parses one policy file. Throws <see cref="RegoException"/> (<c>rego_parse_error</c>) when it is malformed.</summary>
    public static Module ParseModule(string file, string text) => new Parser(file, text).ParseModule();

    /// <summary>Parses a query: expressions separated by <c>;</c> or new lines.</summary>
    public static Body ParseQuery(string text, string file = "query") => new Parser(file, text).ParseQuery();

    /// <summary>Parses a single term (used for <c>input_term</c> and values given as Rego text).</summary>
    public static Term ParseTerm(string text, string file = "term") => new Parser(file, text).ParseSingleTerm();
}

/// <summary>A recursive-descent parser over the token list; one instance per source text.</summary>
internal sealed partial class Parser
{
    private static readonly HashSet<string> Keywords =
        ["package", "import", "as", "default", "else", "not", "some", "in", "every", "with", "if", "contains"];

    private readonly string _file;
    private readonly List<Token> _tokens;
    private readonly string _text;
    private int _index;
    private bool _newlineSensitive = true;
    private int _wildcards;

    public Parser(string file, string text)
    {
        _file = file;
        _text = text;
        _tokens = new Lexer(file, text).Tokenize();
    }

    private Token Peek => _tokens[_index];
    private Token PeekAt(int offset) => _tokens[Math.Min(_index + offset, _tokens.Count - 1)];
    private Token Advance() => _tokens[_index++];
    private Location Loc(Token token) => new(_file, token.Row, token.Col);
    private bool At(TokenKind kind) => Peek.Kind == kind;
    private bool AtWord(string word) => Peek.Kind == TokenKind.Ident && Peek.Text == word && !NameFollows;

    /// <summary>
    /// Whether the current identifier is directly followed by <c>.</c> or <c>[</c>: then even a keyword is a name
    /// (<c>as.foo := 1</c>, <c>data.foo.if</c>), as OPA allows.
    /// </summary>
    private bool NameFollows => PeekAt(1).Kind is TokenKind.Dot or TokenKind.LBrack && PeekAt(1).Start == Peek.End;

    private RegoException Error(Token token, string message) => new("rego_parse_error", message, Loc(token));

    private RegoException Unexpected(Token token, string? expected = null)
    {
        var what = token.Kind switch
        {
            TokenKind.End => "eof token",
            TokenKind.Ident when Keywords.Contains(token.Text) => $"{token.Text} keyword",
            TokenKind.Ident => $"ident token",
            TokenKind.String or TokenKind.RawString => "string token",
            TokenKind.Number => "number token",
            _ => $"{token.Text} token",
        };
        return Error(token, expected is null ? $"unexpected {what}" : $"unexpected {what}: expected {expected}");
    }

    private Token Expect(TokenKind kind, string description)
    {
        if (!At(kind)) throw Unexpected(Peek, description);
        return Advance();
    }

    private void ExpectWord(string word)
    {
        if (!AtWord(word)) throw Unexpected(Peek, word);
        Advance();
    }

    /// <summary>Whether the current token starts a new line in a context where lines separate expressions.</summary>
    private bool LineBreak => _newlineSensitive && Peek.NewlineBefore;

    private T Nested<T>(bool newlineSensitive, Func<T> parse)
    {
        var saved = _newlineSensitive;
        _newlineSensitive = newlineSensitive;
        try { return parse(); }
        finally { _newlineSensitive = saved; }
    }

    public Module ParseModule()
    {
        var packageToken = Peek;
        if (!AtWord("package")) throw Error(Peek, "package expected");
        Advance();
        var module = new Module { File = _file, Package = ParseDottedPath("package"), PackageLocation = Loc(packageToken) };
        while (AtWord("import"))
        {
            var importToken = Advance();
            var path = ParseDottedPath("import");
            var name = path[^1];
            if (AtWord("as"))
            {
                Advance();
                name = Expect(TokenKind.Ident, "identifier").Text;
            }
            if (path[0] is not ("data" or "input" or "rego" or "future"))
                throw Error(importToken, $"invalid path {string.Join('.', path)}: path must begin with input or data");
            module.Imports.Add(new Import { Path = path, Name = name, Location = Loc(importToken) });
        }
        while (!At(TokenKind.End))
        {
            if (AtWord("package")) throw Error(Peek, "unexpected package keyword: a file holds one package");
            if (AtWord("import")) throw Error(Peek, "unexpected import keyword: imports must come before rules");
            module.Rules.Add(ParseRule(module));
        }
        return module;
    }

    private List<string> ParseDottedPath(string what)
    {
        var path = new List<string> { Expect(TokenKind.Ident, "identifier").Text };
        while (!Peek.NewlineBefore && (At(TokenKind.Dot) || At(TokenKind.LBrack)))
        {
            if (Advance().Kind == TokenKind.Dot)
            {
                path.Add(Expect(TokenKind.Ident, "identifier").Text);
                continue;
            }
            var key = Peek;
            if (key.Kind is not (TokenKind.String or TokenKind.RawString)) throw Error(key, $"unexpected {what} path term: expected string");
            path.Add(Advance().Text);
            Expect(TokenKind.RBrack, "]");
        }
        return path;
    }

    public Body ParseQuery()
    {
        var start = Peek;
        var exprs = new List<Expr>();
        while (!At(TokenKind.End))
        {
            var first = _index;
            var literal = ParseLiteral();
            literal.Text = _text[_tokens[first].Start.._tokens[_index - 1].End];
            exprs.Add(literal);
            if (At(TokenKind.Semicolon)) Advance();
            else if (!At(TokenKind.End) && !Peek.NewlineBefore) throw Unexpected(Peek);
        }
        if (exprs.Count == 0) throw Error(start, "empty query");
        return new Body { Exprs = exprs, Location = Loc(start) };
    }

    public Term ParseSingleTerm()
    {
        var term = Nested(false, ParseTermIn);
        if (!At(TokenKind.End)) throw Unexpected(Peek);
        return term;
    }

    private Body ParseBracedBody()
    {
        var open = Expect(TokenKind.LBrace, "{");
        return Nested(true, () =>
        {
            var exprs = new List<Expr>();
            while (!At(TokenKind.RBrace))
            {
                if (At(TokenKind.End)) throw Unexpected(Peek, "}");
                exprs.Add(ParseLiteral());
                if (At(TokenKind.Semicolon)) Advance();
                else if (!At(TokenKind.RBrace) && !Peek.NewlineBefore) throw Unexpected(Peek);
            }
            Advance();
            if (exprs.Count == 0) throw Error(open, "found empty body");
            return new Body { Exprs = exprs, Location = Loc(open) };
        });
    }

    private string NewWildcard() => "$_" + _wildcards++;
}
