//! `declare_rule!`: one declaration carries everything the product says about a built-in
//! rule (id, kind, default severity, concern, summary, documentation), as clippy's
//! `declare_clippy_lint!` does, so that `rules`, `explain`, SARIF and the engine read one
//! record and a rule file cannot forget a field.

/// Declares a built-in rule: a unit struct, its [`RuleMeta`](crate::rules::RuleMeta) (through
/// [`Declared`](crate::rules::Declared)) and an `ID` constant for code that reports under it.
///
/// ```ignore
/// declare_rule! {
///     /// Reads of a governed environment variable outside the concern's owners.
///     pub struct DirectEnvRead;
///     id: "direct-env-read",
///     kind: Code,
///     severity: Error,
///     outside_owners: true,
///     summary: "a governed environment variable is read outside the concern's owners",
///     docs: r#"## What it does ..."#,
/// }
/// ```
///
/// `concern: NAME,` (before `outside_owners`) names the concern the rule protects;
/// `outside_owners: true,` marks a rule that accuses only code outside the owners. Both are
/// optional, in that order. The rule's behaviour stays in an `impl Rule` (code and
/// repository rules) or an `impl MetaRule` (meta rules) in the same file.
macro_rules! declare_rule {
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident;
        id: $id:literal,
        kind: $kind:ident,
        severity: $severity:ident,
        $(concern: $concern:expr,)?
        $(outside_owners: $outside:literal,)?
        summary: $summary:literal,
        docs: $docs:expr $(,)?
    ) => {
        $(#[$attr])*
        $vis struct $name;

        impl $name {
            /// The rule's id, for code that reports under it.
            #[allow(dead_code)]
            pub const ID: &'static str = $id;
        }

        impl $crate::rules::Declared for $name {
            fn meta(&self) -> &$crate::rules::RuleMeta {
                static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                    id: ::std::borrow::Cow::Borrowed($id),
                    kind: $crate::rules::RuleKind::$kind,
                    outside_owners: $crate::rules::declare::either(&[$($outside)?]),
                    severity: $crate::finding::Severity::$severity,
                    concern: $crate::rules::declare::concern(&[$($concern)?]),
                    summary: ::std::borrow::Cow::Borrowed($summary),
                    docs: ::std::borrow::Cow::Borrowed($docs),
                };
                &META
            }
        }
    };
}

pub(crate) use declare_rule;

/// The optional `outside_owners:` flag: absent means the rule holds inside the owners too.
pub const fn either(flag: &[bool]) -> bool {
    matches!(flag, [true])
}

/// The optional `concern:` name.
pub const fn concern(name: &[&'static str]) -> Option<std::borrow::Cow<'static, str>> {
    match name {
        [name] => Some(std::borrow::Cow::Borrowed(name)),
        _ => None,
    }
}
