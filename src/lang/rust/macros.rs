//! Macro invocations. syn leaves macro bodies as tokens, so the adapter parses them itself:
//! the formatting macros (`format!`, `write!`, `println!`, the log macros) as a format string
//! plus expressions, `concat!` and `vec!` as their elements, `env!`/`option_env!` as calls,
//! and any other macro as expressions, statements, or — when its body is not Rust syntax,
//! as in `lazy_static!` — by scanning its tokens for expressions after `=` or `=>` and for
//! nested macro calls, so that a `format!("postgres://…")` inside a project's own macro is
//! still seen.

use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, Lit, Macro, Token};

use super::expr::path_text;
use super::items::Lowerer;
use crate::analysis::model::{Call, Callee, FormatParts, Piece, Value, ValueKind};
use crate::lang::core::Lower;

/// How deep token scanning descends into nested groups.
const MAX_SCAN_DEPTH: usize = 64;

/// How many macro bodies inside one another are parsed. Each level re-parses the tokens of
/// all the levels inside it, so without a bound `format!("{}", format!(…))` nested a
/// thousand times takes quadratic time; real code nests a handful.
const MAX_MACRO_DEPTH: usize = 16;

impl Lowerer<'_> {
    pub(super) fn macro_value(&mut self, mac: &Macro) -> Value {
        let here = self.macro_span(mac);
        if self.macro_depth >= MAX_MACRO_DEPTH {
            return Value::other(here);
        }
        self.macro_depth += 1;
        let value = self.macro_body(mac, here);
        self.macro_depth -= 1;
        value
    }

    fn macro_body(&mut self, mac: &Macro, here: crate::support::source::Span) -> Value {
        let path = self.uses.resolve(&path_text(&mac.path));
        let name = crate::analysis::model::last_segment(&path).to_owned();
        let Ok(args) = mac.parse_body_with(macro_arguments) else {
            self.scan_tokens(mac.tokens.clone(), 0);
            return Value::other(here);
        };
        let args: Vec<&Expr> = args.iter().collect();
        if let Some(position) = self.core.sem.lang.values.format_macro_template(&name) {
            return self.format_macro(&name, &args, position, here);
        }
        match name.as_str() {
            "vec" => self.collection(args.into_iter(), here),
            "concat" => self.concat(&args, here),
            _ => {
                let args = args.iter().map(|arg| self.value(arg)).collect();
                let callee = Callee::Path { path: format!("{path}!").into(), span: here };
                self.core.call(Call::new(callee, args, Vec::new(), here))
            }
        }
    }

    fn format_macro(
        &mut self,
        name: &str,
        args: &[&Expr],
        position: usize,
        here: crate::support::source::Span,
    ) -> Value {
        for arg in args {
            self.value(arg);
        }
        let template = args.get(position).and_then(|arg| match arg {
            Expr::Lit(lit) => match &lit.lit {
                Lit::Str(text) => Some(text.value()),
                _ => None,
            },
            _ => None,
        });
        let Some(template) = template else {
            return Value::other(here);
        };
        let value = self.core.format(FormatParts::from_brace_template(&template), here);
        if self.core.sem.lang.values.is_string_macro(name) { value } else { Value::other(here) }
    }

    /// `concat!("postgres://", env!("DB_HOST"), "/app")`: literal parts glued to others.
    fn concat(&mut self, args: &[&Expr], here: crate::support::source::Span) -> Value {
        let values: Vec<Value> = args.iter().map(|arg| self.value(arg)).collect();
        let pieces = values.iter().map(|value| match &value.kind {
            ValueKind::Str(text) => Piece::Text(text),
            _ => Piece::Hole,
        });
        self.core.pieces(pieces, here)
    }

    /// Lowers what can be found in a macro body that is not a list of expressions.
    fn scan_tokens(&mut self, tokens: TokenStream, depth: usize) {
        if depth > MAX_SCAN_DEPTH {
            return;
        }
        if let Ok(block) = syn::Block::parse_within.parse2(tokens.clone()) {
            for stmt in &block {
                self.visit_stmt(stmt);
            }
            return;
        }
        for segment in split_top_level(tokens) {
            self.declared_field(&segment);
            let tail = after_last_assignment(&segment);
            if let Ok(expr) = syn::parse2::<Expr>(tail.iter().cloned().collect()) {
                self.value(&expr);
                continue;
            }
            self.scan_groups(tail, depth);
        }
    }

    /// `database_url: String, …` in a configuration macro's body (`make_config! { … }`): a
    /// field that holds a concern's value.
    fn declared_field(&mut self, segment: &[TokenTree]) {
        let [TokenTree::Ident(name), TokenTree::Punct(colon), next, ..] = segment else { return };
        let single_colon = colon.as_char() == ':' && !matches!(next, TokenTree::Punct(p) if p.as_char() == ':');
        if single_colon {
            self.core.holder(&name.to_string(), self.token(name.span()));
        }
    }

    /// Nested macro calls (`name!(…)`) and bracketed groups inside unparseable tokens.
    fn scan_groups(&mut self, tokens: &[TokenTree], depth: usize) {
        let mut i = 0;
        while i < tokens.len() {
            if let (TokenTree::Ident(_), Some(TokenTree::Punct(bang)), Some(TokenTree::Group(_))) =
                (&tokens[i], tokens.get(i + 1), tokens.get(i + 2))
                && bang.as_char() == '!'
            {
                let call: TokenStream = tokens[i..i + 3].iter().cloned().collect();
                if let Ok(mac) = syn::parse2::<Macro>(call) {
                    self.macro_value(&mac);
                    i += 3;
                    continue;
                }
            }
            if let TokenTree::Group(group) = &tokens[i] {
                self.scan_tokens(group.stream(), depth + 1);
            }
            i += 1;
        }
    }
}

/// A macro body as comma-separated expressions, after optional `name: value,` prefixes
/// such as the log macros' `target: "db",`.
fn macro_arguments(input: ParseStream<'_>) -> syn::Result<Punctuated<Expr, Token![,]>> {
    while input.peek(syn::Ident) && input.peek2(Token![:]) && !input.peek2(Token![::]) {
        input.parse::<syn::Ident>()?;
        input.parse::<Token![:]>()?;
        input.parse::<Expr>()?;
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Punctuated::parse_terminated(input)
}

/// The token runs between top-level `;` and `,`.
fn split_top_level(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut segments = vec![Vec::new()];
    for token in tokens {
        match &token {
            TokenTree::Punct(p) if matches!(p.as_char(), ';' | ',') => segments.push(Vec::new()),
            _ => segments.last_mut().expect("never empty").push(token),
        }
    }
    segments.retain(|s| !s.is_empty());
    segments
}

/// What follows the last top-level `=` (not `==`, `<=`, …) or `=>` of a token run.
fn after_last_assignment(tokens: &[TokenTree]) -> &[TokenTree] {
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        let TokenTree::Punct(punct) = token else { continue };
        let previous = i.checked_sub(1).and_then(|p| match &tokens[p] {
            TokenTree::Punct(q) if q.spacing() == Spacing::Joint => Some(q.as_char()),
            _ => None,
        });
        let assignment = punct.as_char() == '=' && punct.spacing() == Spacing::Alone && previous.is_none();
        let arrow = punct.as_char() == '>' && previous == Some('=');
        if assignment || arrow {
            start = i + 1;
        }
    }
    &tokens[start..]
}
