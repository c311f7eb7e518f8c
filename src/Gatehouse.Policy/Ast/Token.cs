namespace Gatehouse.Policy.Ast;

/// <summary>The lexical classes of Rego tokens.</summary>
internal enum TokenKind
{
    End, Ident, Number, String, RawString,
    LBrace, RBrace, LBrack, RBrack, LParen, RParen,
    Dot, Comma, Semicolon, Colon,
    Unify, Assign, Equal, NotEqual, Lt, Lte, Gt, Gte,
    Plus, Minus, Star, Slash, Percent, Bar, Amp,
    // A template string ($"a {x} b" or $`...`): start, literal text runs, each expression between open and close
    // (its own tokens in between), end.
    TemplateStart, TemplateText, TemplateExprOpen, TemplateExprClose, TemplateEnd,
}

/// <summary>A token; <see cref="NewlineBefore"/> tells whether a line break separates it from the previous token.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Row, int Col, bool NewlineBefore, int Start = 0, int End = 0);
