//! pydantic settings classes: a field of a `BaseSettings` subclass is filled from the
//! environment variable of the same name (case-insensitively, after the class's
//! `env_prefix`), or from the one named by `Field(env=…)`, `alias=…` or `validation_alias=…`.

use ruff_python_ast::{Expr, ExprCall, Stmt};

use super::span;
use super::stmt::Lowerer;
use crate::analysis::model::ReadForm;
use crate::analysis::semantics::FIELD_ENV_KEYWORD;

impl Lowerer<'_> {
    /// Emits a binding read for every field of a settings class body.
    pub(super) fn settings_fields(&mut self, body: &[Stmt]) {
        let prefix = env_prefix(body).unwrap_or_default().to_uppercase();
        for stmt in body {
            let Stmt::AnnAssign(field) = stmt else { continue };
            let Expr::Name(name) = &*field.target else { continue };
            let explicit = field.value.as_deref().and_then(|value| self.field_variables(value));
            match explicit {
                Some(vars) => {
                    // `env=` is reported wherever `Field` is called (`Semantics::env_binding_of_call`).
                    for (keyword, var, here) in vars {
                        if keyword != FIELD_ENV_KEYWORD {
                            self.core.env_read(var.into(), ReadForm::Binding, here);
                        }
                    }
                }
                None => {
                    let var = format!("{prefix}{}", name.id.as_str().to_uppercase());
                    self.core.env_read(var.into(), ReadForm::Binding, span(name.range));
                }
            }
        }
    }

    /// The variables a `Field(...)` call names through `env=`, `alias=` or
    /// `validation_alias=` (a string or `AliasChoices("A", "B")`).
    fn field_variables(&self, value: &Expr) -> Option<Vec<(String, String, crate::support::source::Span)>> {
        let Expr::Call(call) = value else { return None };
        if !self.is_call_to(call, |lang| &lang.field_calls) {
            return None;
        }
        let mut vars = Vec::new();
        for keyword in &call.arguments.keywords {
            let Some(arg) = &keyword.arg else { continue };
            if !self.core.sem.lang.field_keywords.contains(arg.as_str()) {
                continue;
            }
            match &keyword.value {
                Expr::StringLiteral(literal) => {
                    vars.push((arg.to_string(), literal.value.to_str().to_uppercase(), span(literal.range)));
                }
                Expr::Call(choices) if self.is_call_to(choices, |lang| &lang.alias_calls) => {
                    for choice in &choices.arguments.args {
                        if let Expr::StringLiteral(literal) = choice {
                            vars.push((arg.to_string(), literal.value.to_str().to_uppercase(), span(literal.range)));
                        }
                    }
                }
                _ => {}
            }
        }
        (!vars.is_empty()).then_some(vars)
    }

    fn is_call_to(
        &self,
        call: &ExprCall,
        list: impl Fn(&crate::config::vocab::LangVocab) -> &crate::support::pattern::PatternSet,
    ) -> bool {
        let path = match &*call.func {
            Expr::Name(name) => self.imports.resolve(name.id.as_str()).unwrap_or(name.id.as_str()).to_owned(),
            Expr::Attribute(attr) => match &*attr.value {
                Expr::Name(base) => {
                    let base = self.imports.resolve(base.id.as_str()).unwrap_or(base.id.as_str());
                    format!("{base}.{}", attr.attr.as_str())
                }
                _ => return false,
            },
            _ => return false,
        };
        let patterns = list(self.core.sem.lang);
        patterns.matches(&path) || patterns.matches(crate::analysis::model::last_segment(&path))
    }
}

/// `model_config = SettingsConfigDict(env_prefix="APP_")` (pydantic 2) or an inner
/// `class Config: env_prefix = "APP_"` (pydantic 1).
fn env_prefix(body: &[Stmt]) -> Option<String> {
    body.iter().find_map(|stmt| match stmt {
        Stmt::Assign(assign) => match &*assign.value {
            Expr::Call(call) => call
                .arguments
                .keywords
                .iter()
                .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "env_prefix"))
                .and_then(|k| literal(&k.value)),
            value => {
                let is_prefix =
                    assign.targets.iter().any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "env_prefix"));
                if is_prefix { literal(value) } else { None }
            }
        },
        Stmt::ClassDef(inner) if inner.name.as_str() == "Config" => env_prefix(&inner.body),
        _ => None,
    })
}

fn literal(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(literal) => Some(literal.value.to_str().to_owned()),
        _ => None,
    }
}
