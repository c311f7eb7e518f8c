using System.Globalization;
using System.Text;

namespace Gatehouse.Policy.Ast;

/// <summary>Turns Rego source text into tokens, with rows and columns, raising located parse errors.</summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly string _file;
    private int _pos;
    private int _row = 1;
    private int _lineStart;

    public Lexer(string file, string text)
    {
        _file = file;
        _text = text;
    }

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        TokenizeInto(tokens, null);
        return tokens;
    }

    /// <summary>
    /// Adds tokens up to the end of the text or, inside a template expression (<paramref name="template"/> is where its
    /// <c>{</c> is), up to the <c>}</c> that closes it: braces opened inside the expression are counted.
    /// </summary>
    private void TokenizeInto(List<Token> tokens, (int Row, int Col)? template)
    {
        var depth = 0;
        while (true)
        {
            var newline = SkipSpace();
            var row = _row;
            var col = _pos - _lineStart + 1;
            if (_pos >= _text.Length)
            {
                if (template is { } open) throw Error("non-terminated template expression", open.Row, open.Col);
                tokens.Add(new Token(TokenKind.End, "", row, col, true, _pos, _pos));
                return;
            }
            var start = _pos;
            if (_text[_pos] == '$' && _pos + 1 < _text.Length && _text[_pos + 1] is '"' or '`')
            {
                ReadTemplate(tokens, row, col, newline || tokens.Count == 0);
                continue;
            }
            var (kind, text) = Next(row, col);
            if (template is not null && kind is TokenKind.LBrace) depth++;
            if (template is not null && kind is TokenKind.RBrace && depth-- == 0)
            {
                tokens.Add(new Token(TokenKind.TemplateExprClose, text, row, col, false, start, _pos));
                return;
            }
            tokens.Add(new Token(kind, text, row, col, newline || tokens.Count == 0, start, _pos));
        }
    }

    /// <summary>
    /// A template string, <c>$"..."</c> (escapes as in strings) or <c>$`...`</c> (raw, may span lines): its literal
    /// runs become text tokens and each <c>{expression}</c> the expression's own tokens; <c>\{</c> is a literal brace.
    /// </summary>
    private void ReadTemplate(List<Token> tokens, int row, int col, bool newline)
    {
        var quote = _text[_pos + 1];
        var raw = quote == '`';
        tokens.Add(new Token(TokenKind.TemplateStart, quote.ToString(), row, col, newline, _pos, _pos + 2));
        _pos += 2;
        var text = new StringBuilder();
        var textStart = _pos;
        (int Row, int Col) textAt = (_row, _pos - _lineStart + 1);
        void FlushText() => tokens.Add(new Token(TokenKind.TemplateText, text.ToString(), textAt.Row, textAt.Col, false, textStart, _pos));
        while (true)
        {
            if (_pos >= _text.Length || (!raw && _text[_pos] == '\n')) throw Error("non-terminated template string", row, col);
            var c = _text[_pos];
            if (c == quote)
            {
                FlushText();
                tokens.Add(new Token(TokenKind.TemplateEnd, quote.ToString(), _row, _pos - _lineStart + 1, false, _pos, _pos + 1));
                _pos++;
                return;
            }
            if (c == '{')
            {
                FlushText();
                text.Clear();
                var open = (_row, _pos - _lineStart + 1);
                tokens.Add(new Token(TokenKind.TemplateExprOpen, "{", open.Item1, open.Item2, false, _pos, _pos + 1));
                _pos++;
                TokenizeInto(tokens, open);
                textStart = _pos;
                textAt = (_row, _pos - _lineStart + 1);
                continue;
            }
            _pos++;
            if (c == '\\' && _pos < _text.Length && _text[_pos] == '{')
            {
                text.Append('{');
                _pos++;
            }
            else if (c == '\\' && !raw) ReadEscape(text, row);
            else
            {
                if (c == '\n')
                {
                    _row++;
                    _lineStart = _pos;
                }
                text.Append(c);
            }
        }
    }

    private RegoException Error(string message, int row, int col) =>
        new("rego_parse_error", message, new Location(_file, row, col));

    private bool SkipSpace()
    {
        var newline = false;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n')
            {
                newline = true;
                _pos++;
                _row++;
                _lineStart = _pos;
            }
            else if (c is ' ' or '\t' or '\r') _pos++;
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
            }
            else break;
        }
        return newline;
    }

    private (TokenKind, string) Next(int row, int col)
    {
        var c = _text[_pos];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            var start = _pos;
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
            return (TokenKind.Ident, _text[start.._pos]);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1])))
            return (TokenKind.Number, ReadNumber(row, col));
        if (c == '"') return (TokenKind.String, ReadString(row, col));
        if (c == '`')
        {
            var end = _text.IndexOf('`', _pos + 1);
            if (end < 0) throw Error("non-terminated raw string", row, col);
            var raw = _text[(_pos + 1)..end];
            foreach (var ch in raw)
                if (ch == '\n') { _row++; }
            var lastNewline = raw.LastIndexOf('\n');
            if (lastNewline >= 0) _lineStart = _pos + 1 + lastNewline + 1;
            _pos = end + 1;
            return (TokenKind.RawString, raw);
        }
        var two = _pos + 1 < _text.Length ? _text.Substring(_pos, 2) : "";
        switch (two)
        {
            case ":=": _pos += 2; return (TokenKind.Assign, two);
            case "==": _pos += 2; return (TokenKind.Equal, two);
            case "!=": _pos += 2; return (TokenKind.NotEqual, two);
            case "<=": _pos += 2; return (TokenKind.Lte, two);
            case ">=": _pos += 2; return (TokenKind.Gte, two);
        }
        _pos++;
        return c switch
        {
            '{' => (TokenKind.LBrace, "{"),
            '}' => (TokenKind.RBrace, "}"),
            '[' => (TokenKind.LBrack, "["),
            ']' => (TokenKind.RBrack, "]"),
            '(' => (TokenKind.LParen, "("),
            ')' => (TokenKind.RParen, ")"),
            '.' => (TokenKind.Dot, "."),
            ',' => (TokenKind.Comma, ","),
            ';' => (TokenKind.Semicolon, ";"),
            ':' => (TokenKind.Colon, ":"),
            '=' => (TokenKind.Unify, "="),
            '<' => (TokenKind.Lt, "<"),
            '>' => (TokenKind.Gt, ">"),
            '+' => (TokenKind.Plus, "+"),
            '-' => (TokenKind.Minus, "-"),
            '*' => (TokenKind.Star, "*"),
            '/' => (TokenKind.Slash, "/"),
            '%' => (TokenKind.Percent, "%"),
            '|' => (TokenKind.Bar, "|"),
            '&' => (TokenKind.Amp, "&"),
            _ => throw Error($"illegal token '{c}'", row, col),
        };
    }

    private string ReadNumber(int row, int col)
    {
        var start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
        if (_pos < _text.Length && _text[_pos] == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]))
        {
            _pos++;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
        }
        if (_pos < _text.Length && _text[_pos] is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (_pos < _text.Length && _text[_pos] is '+' or '-') _pos++;
            if (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
            else _pos = save;
        }
        if (_pos < _text.Length && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] == '_'))
            throw Error("illegal number format", row, col);
        return _text[start.._pos];
    }

    private string ReadString(int row, int col)
    {
        var builder = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n') throw Error("non-terminated string", row, col);
            var c = _text[_pos++];
            if (c == '"') return builder.ToString();
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            if (_pos >= _text.Length) throw Error("non-terminated string", row, col);
            ReadEscape(builder, row);
        }
    }

    /// <summary>The escape sequence after a backslash in a string, appended to <paramref name="builder"/>.</summary>
    private void ReadEscape(StringBuilder builder, int row)
    {
        if (_pos >= _text.Length) throw Error("non-terminated string", row, _pos - _lineStart);
        var e = _text[_pos++];
        switch (e)
        {
            case '"': builder.Append('"'); break;
            case '\\': builder.Append('\\'); break;
            case '/': builder.Append('/'); break;
            case 'b': builder.Append('\b'); break;
            case 'f': builder.Append('\f'); break;
            case 'n': builder.Append('\n'); break;
            case 'r': builder.Append('\r'); break;
            case 't': builder.Append('\t'); break;
            case 'u':
                if (_pos + 4 > _text.Length || !int.TryParse(_text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                    throw Error("illegal escape sequence in string", row, _pos - _lineStart);
                builder.Append((char)code);
                _pos += 4;
                break;
            default:
                throw Error($"illegal escape sequence in string '\\{e}'", row, _pos - _lineStart);
        }
    }
}
