//! Item walking for the Rust adapter: functions and impls as scopes, test code, `let`
//! bindings, and settings fields bound to environment variables by attributes
//! (`#[arg(env = "DATABASE_URL")]`).

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{Attribute, Field, ImplItemFn, Item, ItemFn, ItemImpl, ItemMod, Local, Pat, TraitItemFn};

use super::offsets::Offsets;
use super::spans;
use super::uses::{self, Uses};
use crate::analysis::model::{NodeSink, ReadForm, Value};
use crate::analysis::semantics::Semantics;
use crate::lang::core::{Core, FrameKind, Lower};
use crate::support::source::Span;

pub struct Lowerer<'s> {
    pub(super) core: Core<'s>,
    pub(super) uses: Uses,
    /// Offset of the parsed text in the file (a BOM or `#!` line before it).
    base: u32,
    /// Byte offsets of token spans in the parsed text.
    offsets: Offsets<'s>,
    skip_test_code: bool,
    /// How many macro bodies enclose the current one (each is re-parsed from its tokens).
    pub(super) macro_depth: usize,
    /// Structs filled from the environment (`envy::from_env::<Config>()`), by name, and the
    /// named fields of the file's structs, to read them at the end of the file.
    pub(super) typed_reads: Vec<String>,
    struct_fields: crate::support::hashing::FastMap<String, Vec<(String, Span)>>,
}

impl<'s> Lowerer<'s> {
    pub fn new(
        sem: Semantics<'s>,
        sink: &'s mut dyn NodeSink,
        base: u32,
        offsets: Offsets<'s>,
        skip_test_code: bool,
        items: &[Item],
    ) -> Self {
        let mut core = Core::new(sem, sink);
        let mut constants = Vec::new();
        uses::string_constants(items, &mut constants);
        for (name, value) in constants {
            core.frames.bind_module(&name, value);
        }
        Self {
            core,
            uses: Uses::collect(items),
            base,
            offsets,
            skip_test_code,
            macro_depth: 0,
            typed_reads: Vec::new(),
            struct_fields: Default::default(),
        }
    }

    pub fn file(&mut self, file: &syn::File) {
        for item in &file.items {
            self.visit_item(item);
        }
        self.read_typed_structs();
    }

    /// Each field of a struct filled from the environment reads the variable named after
    /// it; done at the end so that the struct may be defined before or after the call.
    fn read_typed_structs(&mut self) {
        for name in std::mem::take(&mut self.typed_reads) {
            let Some(fields) = self.struct_fields.get(&name) else { continue };
            for (field, at) in fields.clone() {
                let var = field.to_ascii_uppercase();
                if self.core.sem.governing(&var).is_some() {
                    self.core.env_read(var.into(), ReadForm::Binding, at);
                }
            }
        }
    }

    /// A token span in file coordinates.
    pub(super) fn token(&self, span: proc_macro2::Span) -> Span {
        self.offsets.span(span).shifted(self.base)
    }

    pub(super) fn expr_span(&self, expr: &syn::Expr) -> Span {
        let (first, last) = spans::expr(expr);
        self.offsets.between(first, last).shifted(self.base)
    }

    pub(super) fn macro_span(&self, mac: &syn::Macro) -> Span {
        let (first, last) = spans::mac(mac);
        self.offsets.between(first, last).shifted(self.base)
    }

    fn is_test_code(&self, attrs: &[Attribute]) -> bool {
        self.skip_test_code && attrs.iter().any(is_test_attribute)
    }

    /// Binds the names a `let` pattern introduces to the initializer's value
    /// (`let url = …`, `let Ok(url) = …`, `let Some(url) = …`).
    pub(super) fn bind_pattern(&mut self, pat: &Pat, value: &Value) {
        match pat {
            Pat::Ident(ident) => self.core.frames.bind(&ident.ident.to_string(), value),
            Pat::Type(typed) => self.bind_pattern(&typed.pat, value),
            Pat::Guard(guarded) => {
                self.bind_pattern(&guarded.pat, value);
                self.value(&guarded.guard);
            }
            Pat::Reference(reference) => self.bind_pattern(&reference.pat, value),
            Pat::TupleStruct(tuple) if tuple.elems.len() == 1 => self.bind_pattern(&tuple.elems[0], value),
            Pat::Tuple(tuple) => {
                for elem in &tuple.elems {
                    self.bind_pattern(elem, &Value::other(value.span));
                }
            }
            _ => {}
        }
    }

    /// `#[arg(env = "X")]`, `#[clap(env)]` (the field's name in upper case),
    /// `#[envconfig(from = "X")]`: a settings field bound to an environment variable.
    fn field_bindings(&mut self, field: &Field) {
        for attr in &field.attrs {
            let Some(name) = attr.path().segments.last().map(|s| s.ident.to_string()) else { continue };
            if !self.core.sem.lang.attributes.contains(&name) {
                continue;
            }
            let syn::Meta::List(list) = &attr.meta else { continue };
            for (var, at) in self.attribute_variables(list.tokens.clone(), field) {
                self.core.env_read(var.into(), ReadForm::Attribute, at);
            }
            self.attribute_literals(list.tokens.clone());
        }
    }

    /// The string values of a settings attribute (`default_value = "postgres://…"`) are
    /// literals of the program like any other, for the rules that read literals.
    fn attribute_literals(&mut self, tokens: TokenStream) {
        for token in tokens {
            let TokenTree::Literal(lit) = token else { continue };
            if let Ok(text) = syn::parse_str::<syn::LitStr>(&lit.to_string()) {
                let here = self.token(lit.span());
                self.core.literal(text.value(), here);
            }
        }
    }

    fn attribute_variables(&self, tokens: TokenStream, field: &Field) -> Vec<(String, Span)> {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut found = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            let TokenTree::Ident(key) = token else { continue };
            let at_key_start = i == 0 || matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == ',');
            if !at_key_start || !self.core.sem.lang.attribute_keys.contains(&key.to_string()) {
                continue;
            }
            match (tokens.get(i + 1), tokens.get(i + 2)) {
                (Some(TokenTree::Punct(eq)), Some(TokenTree::Literal(lit))) if eq.as_char() == '=' => {
                    if let Ok(text) = syn::parse_str::<syn::LitStr>(&lit.to_string()) {
                        found.push((text.value(), self.token(key.span()).cover(self.token(lit.span()))));
                    }
                }
                (None, _) | (Some(TokenTree::Punct(_)), _) => {
                    if let Some(ident) = &field.ident {
                        let var = ident.to_string().trim_start_matches("r#").to_uppercase();
                        found.push((var, self.token(key.span())));
                    }
                }
                _ => {}
            }
        }
        found
    }
}

fn is_test_attribute(attr: &Attribute) -> bool {
    let path = attr.path();
    if path.segments.last().is_some_and(|s| s.ident == "test") {
        return true;
    }
    if !path.is_ident("cfg") {
        return false;
    }
    let syn::Meta::List(list) = &attr.meta else { return false };
    mentions_test(list.tokens.clone())
}

/// Whether a `cfg(...)` predicate mentions `test` outside a `not(...)`.
fn mentions_test(tokens: TokenStream) -> bool {
    let mut previous_not = false;
    for token in tokens {
        match token {
            TokenTree::Ident(ident) if ident == "test" => return true,
            TokenTree::Ident(ident) => previous_not = ident == "not",
            TokenTree::Group(group) if !previous_not => {
                if mentions_test(group.stream()) {
                    return true;
                }
            }
            _ => previous_not = false,
        }
    }
    false
}

impl<'ast> Visit<'ast> for Lowerer<'_> {
    fn visit_item_fn(&mut self, item: &'ast ItemFn) {
        if self.is_test_code(&item.attrs) {
            return;
        }
        self.function(&item.sig, &item.block, item.attrs.iter().any(is_test_attribute));
    }

    fn visit_impl_item_fn(&mut self, item: &'ast ImplItemFn) {
        if self.is_test_code(&item.attrs) {
            return;
        }
        self.function(&item.sig, &item.block, item.attrs.iter().any(is_test_attribute));
    }

    fn visit_trait_item_fn(&mut self, item: &'ast TraitItemFn) {
        self.core.frames.push(FrameKind::Function, &item.sig.ident.to_string());
        visit::visit_trait_item_fn(self, item);
        self.core.frames.pop();
    }

    fn visit_item_impl(&mut self, item: &'ast ItemImpl) {
        if self.is_test_code(&item.attrs) {
            return;
        }
        let name = uses::type_name(&item.self_ty).unwrap_or_default();
        self.core.frames.push(FrameKind::Class, &name);
        visit::visit_item_impl(self, item);
        self.core.frames.pop();
        self.emit_impl(item);
    }

    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        if !self.is_test_code(&item.attrs) {
            visit::visit_item_enum(self, item);
            self.emit_enum(item);
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.emit_use(item);
    }

    fn visit_item_mod(&mut self, item: &'ast ItemMod) {
        if !self.is_test_code(&item.attrs) {
            visit::visit_item_mod(self, item);
        }
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        if self.is_test_code(&item.attrs) {
            return;
        }
        if !self.core.sem.lang.typed_readers.is_empty() {
            let fields = item.fields.iter().filter_map(|f| f.ident.as_ref());
            let fields = fields.map(|ident| (ident.to_string(), self.token(ident.span()))).collect();
            self.struct_fields.insert(item.ident.to_string(), fields);
        }
        self.core.frames.push(FrameKind::Class, &item.ident.to_string());
        visit::visit_item_struct(self, item);
        self.core.frames.pop();
        self.emit_struct(item);
    }

    fn visit_field(&mut self, field: &'ast Field) {
        self.field_bindings(field);
        if let Some(ident) = &field.ident {
            self.core.holder(&ident.to_string(), self.token(ident.span()));
        }
        visit::visit_field(self, field);
    }

    fn visit_local(&mut self, local: &'ast Local) {
        let Some(init) = &local.init else { return };
        let value = self.value(&init.expr);
        if let Some((_, diverge)) = &init.diverge {
            self.value(diverge);
        }
        self.bind_pattern(&local.pat, &value);
    }

    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        self.value(expr);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.macro_value(mac);
    }

    fn visit_attribute(&mut self, _attr: &'ast Attribute) {
        // Attributes are data for the compiler, not code; settings attributes are read
        // with their field in `field_bindings`.
    }
}
