//! The neutral model: the few kinds of code the SSOT rules look at, lowered from Python and
//! Rust syntax trees by the adapters in `lang/`.
//!
//! An adapter walks a tree once. For each call, subscript, comparison, string literal,
//! interpolated string and collection literal it emits a [`Node`] whose operands are [`Value`]s: summaries of
//! what a sub-expression evaluates to as far as these rules can tell (a literal, a read of an
//! environment variable, the result of a named call, a variable with what it was assigned
//! from). Rules never see the parsers' own types, so a parser upgrade touches only `lang/`.

use crate::support::source::Span;

/// What an expression evaluates to, as far as the SSOT rules can tell.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// A string literal, or a same-file string constant used in place of one.
    Str(Box<str>),
    /// A string built with interpolation (`f"…"`, `%`, `.format()`, `+`, `format!`).
    Format(FormatParts),
    /// A read of an environment variable by literal name (`os.getenv("X")`, `env::var("X")`).
    EnvRead(Box<str>),
    /// The result of calling the function or method at `path` (`socket.gethostname`,
    /// `settings.get_database_url`).
    Call { path: Box<str> },
    /// A variable, attribute or field chain (`db_url`, `self.settings.database_url`,
    /// `os.uname().nodename`), with the value it was last assigned from in this scope.
    Name { path: Box<str>, bound: Option<Box<Value>> },
    /// A governed variable's value looked up in an application's configuration rather than
    /// the environment (`app.config["SQLALCHEMY_DATABASE_URI"]`, `get_app_config("DATABASE_URL")`).
    Setting(Box<str>),
    /// A database URL built from parts by a URL builder (`URL.create(...)`) at `by`.
    BuiltUrl(Box<str>),
    /// A literal list, tuple, set or array.
    Collection(Vec<Value>),
    /// One element of a literal collection, not known which: a loop or comprehension
    /// variable over `["dev", "local"]`, the closure parameter of
    /// `["dev", "local"].iter().any(|p| …)`.
    OneOf(Vec<Value>),
    /// A literal mapping (a Python dict) with its literal string keys.
    Mapping(Vec<Box<str>>),
    /// Anything else.
    Other,
}

/// An interpolated string: its literal text with `{}` where values go.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatParts {
    /// Literal text before the first interpolated part.
    pub prefix: Box<str>,
    /// Whether any part is interpolated; `concat!("a", "b")` has none.
    pub interpolated: bool,
    /// The whole text with `{}` for each interpolated part (`{}://{}:{}@{}/{}`), so that a
    /// URL's shape can be seen whatever its scheme.
    pub template: Box<str>,
}

/// A piece of an interpolated string, in order.
pub enum Piece<'a> {
    Text(&'a str),
    Hole,
}

impl FormatParts {
    /// Parts from literal text and holes, in order.
    pub fn from_pieces<'a>(pieces: impl IntoIterator<Item = Piece<'a>>) -> Self {
        let mut template = String::new();
        let mut first_hole = None;
        for piece in pieces {
            match piece {
                Piece::Text(text) if template.len() < MAX_TEMPLATE_LEN => template.push_str(text),
                Piece::Text(_) => {}
                Piece::Hole => {
                    first_hole.get_or_insert(template.len());
                    template.push_str("{}");
                }
            }
        }
        let prefix = template[..first_hole.unwrap_or(template.len())].into();
        Self { prefix, interpolated: first_hole.is_some(), template: template.into() }
    }

    /// Parts of a `{}` template (Rust `format!`, Python `str.format`), with `{{` and `}}`
    /// unescaped.
    pub fn from_brace_template(template: &str) -> Self {
        let mut text = String::new();
        let mut pieces_text: Vec<String> = Vec::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('{', Some('{')) | ('}', Some('}')) => {
                    chars.next();
                    text.push(c);
                }
                ('{', _) => {
                    pieces_text.push(std::mem::take(&mut text));
                    for inner in chars.by_ref() {
                        if inner == '}' {
                            break;
                        }
                    }
                }
                _ => text.push(c),
            }
        }
        let holes = pieces_text.len();
        let pieces = pieces_text.iter().flat_map(|t| [Piece::Text(t), Piece::Hole]);
        let parts = Self::from_pieces(pieces.chain(std::iter::once(Piece::Text(&text))));
        debug_assert_eq!(parts.interpolated, holes > 0);
        parts
    }

    /// Parts of a `%` template (`"postgresql://%s:%s@%s" % args`): each conversion is a hole.
    pub fn from_percent_template(template: &str) -> Self {
        let mut pieces = Vec::new();
        let mut rest = template;
        while let Some(at) = rest.find('%') {
            pieces.push(Piece::Text(&rest[..at]));
            let after = &rest[at + 1..];
            if let Some(stripped) = after.strip_prefix('%') {
                pieces.push(Piece::Text("%"));
                rest = stripped;
                continue;
            }
            let end = conversion_end(after);
            pieces.push(Piece::Hole);
            rest = &after[end..];
        }
        pieces.push(Piece::Text(rest));
        Self::from_pieces(pieces)
    }

    /// `left + right` when `left` is literal or interpolated text: `"postgres://" + user`.
    pub fn concatenation(left: &Value, right: &Value) -> Option<Self> {
        let (template, prefix, interpolated) = match &left.kind {
            ValueKind::Str(text) => (&**text, &**text, false),
            ValueKind::Format(parts) => (&*parts.template, &*parts.prefix, parts.interpolated),
            _ => return None,
        };
        let right = match &right.kind {
            ValueKind::Str(text) => Piece::Text(text),
            ValueKind::Format(parts) if !parts.interpolated => Piece::Text(&parts.template),
            _ => Piece::Hole,
        };
        let mut parts = Self::from_pieces([Piece::Text(template), right]);
        if interpolated {
            // The left side's holes are text in its template; its prefix stays the prefix.
            parts.prefix = prefix.into();
            parts.interpolated = true;
        }
        Some(parts)
    }

    /// Whether the scheme itself is interpolated: `{}://…` (`format!("{}://…", self.engine)`).
    pub fn scheme_is_interpolated(&self) -> bool {
        self.template.starts_with("{}://")
    }

    /// Whether credentials follow the scheme: `…://…@…`.
    pub fn has_credentials(&self) -> bool {
        self.after_scheme().is_some_and(|rest| rest.contains('@'))
    }

    /// Whether a port and a path follow the host: `…://{}:{}/…`, `…://db:5432/…`.
    pub fn has_port_and_path(&self) -> bool {
        let Some(rest) = self.after_scheme() else { return false };
        rest.match_indices(':').any(|(i, _)| {
            let port = &rest[i + 1..];
            let after =
                port.strip_prefix("{}").unwrap_or_else(|| port.trim_start_matches(|c: char| c.is_ascii_digit()));
            after.len() < port.len() && after.starts_with('/')
        })
    }

    fn after_scheme(&self) -> Option<&str> {
        self.template.find("://").map(|at| &self.template[at + 3..])
    }
}

/// How many links of "assigned from" / "part of" a value remembers.
pub const MAX_ORIGIN_DEPTH: usize = 4;

/// The longest dotted path a name or call keeps. Each link of `a.b.c…` copies its
/// receiver's path, so a chain a hundred thousand links long would cost quadratic time;
/// no vocabulary pattern is anywhere near this long.
pub const MAX_PATH_LEN: usize = 512;

/// The longest template text kept; longer literal text is cut (never a hole).
const MAX_TEMPLATE_LEN: usize = 4096;

/// Where a `%` conversion (`s`, `(name)s`, `-10.3f`) ends.
fn conversion_end(after: &str) -> usize {
    let mut chars = after.char_indices().peekable();
    if let Some((_, '(')) = chars.peek() {
        for (_, c) in chars.by_ref() {
            if c == ')' {
                break;
            }
        }
    }
    for (i, c) in chars {
        if c.is_ascii_alphabetic() {
            return i + c.len_utf8();
        }
    }
    after.len()
}

impl Value {
    pub fn new(kind: ValueKind, span: Span) -> Self {
        Self { kind, span }
    }

    pub fn other(span: Span) -> Self {
        Self::new(ValueKind::Other, span)
    }

    pub fn str(text: impl Into<Box<str>>, span: Span) -> Self {
        Self::new(ValueKind::Str(text.into()), span)
    }

    /// The literal text, if this is a string literal or constant.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The literal strings this value stands for: itself, the string elements of a
    /// collection literal (`startswith(("postgres://", "postgresql://"))`), or those a loop
    /// variable ranges over.
    pub fn literals(&self) -> impl Iterator<Item = &str> {
        let elements: &[Value] = match &self.kind {
            ValueKind::Collection(items) | ValueKind::OneOf(items) => items,
            _ => std::slice::from_ref(self),
        };
        elements.iter().filter_map(Value::as_str)
    }

    /// The dotted or `::` path of a name, or of a call's result with `()` appended; the
    /// form the vocabulary's `host-sources` are written in.
    pub fn path_text(&self) -> Option<String> {
        match &self.kind {
            ValueKind::Name { path, .. } => Some(path.to_string()),
            ValueKind::Call { path } => Some(format!("{path}()")),
            _ => None,
        }
    }

    /// A part of `whole` (an attribute, an element, a parsed component) named `path`: it
    /// remembers `whole` so that `urlparse(db_url).hostname` is still about the database URL.
    pub fn part_of(path: String, whole: &Value, span: Span) -> Value {
        let bound = match &whole.kind {
            ValueKind::Other | ValueKind::Collection(_) | ValueKind::OneOf(_) | ValueKind::Mapping(_) => None,
            _ => Some(Box::new(whole.clone().truncated(MAX_ORIGIN_DEPTH))),
        };
        Value::new(ValueKind::Name { path: path.into(), bound }, span)
    }

    /// This value with its chain of origins cut after `depth` links, so that long chains
    /// (`a = b; b = c; …`, `a.b.c.d.e`) stay cheap to clone.
    pub fn truncated(mut self, depth: usize) -> Value {
        if let ValueKind::Name { bound, .. } = &mut self.kind {
            *bound = match (bound.take(), depth) {
                (_, 0) | (None, _) => None,
                (Some(inner), _) => Some(Box::new(inner.truncated(depth - 1))),
            };
        }
        self
    }

    /// Whether this value is literal text, or one of several literal texts.
    pub fn is_literal(&self) -> bool {
        matches!(self.kind, ValueKind::Str(_) | ValueKind::OneOf(_))
    }

    /// What a variable bound to each element of `self` in turn stands for (`for p in […]`,
    /// a comprehension, `[…].iter().any(|p| …)`): one of its elements when it is, or was
    /// assigned from, a literal collection; else unknown.
    pub fn element(&self, span: Span) -> Value {
        let items = self.origins().find_map(|origin| match &origin.kind {
            ValueKind::Collection(items) if !items.is_empty() => Some(items),
            _ => None,
        });
        match items {
            Some(items) => Value::new(ValueKind::OneOf(items.clone()), span),
            None => Value::other(span),
        }
    }

    /// Whether this value is, or was assigned from, the result of a call whose path matches
    /// `calls` (`env = environ.Env()`, `Env::raw().only(…)`, a pool builder's options).
    pub fn made_by(&self, calls: &crate::support::pattern::PatternSet) -> bool {
        self.origins().any(|origin| matches!(&origin.kind, ValueKind::Call { path } if calls.matches(path)))
    }

    /// The values this one stands for: itself and, for a variable, what it was assigned.
    pub fn origins(&self) -> impl Iterator<Item = &Value> {
        std::iter::successors(Some(self), |value| match &value.kind {
            ValueKind::Name { bound, .. } => bound.as_deref(),
            _ => None,
        })
    }
}

/// A call: a function, a method, or (in Rust) a macro invocation such as `env!`.
#[derive(Debug, Clone)]
pub struct Call {
    pub callee: Callee,
    pub args: Vec<Value>,
    pub keywords: Vec<Keyword>,
    pub span: Span,
    /// Type arguments written on the callee's path (`Pool::<ConnectionManager<PgConnection>>`),
    /// as text.
    pub type_args: Option<Box<str>>,
    /// The callee's full path, built once: every rule asks for it.
    path: Option<Box<str>>,
}

#[derive(Debug, Clone)]
pub enum Callee {
    /// A call through a path: `os.getenv`, `std::env::var`, `env!` (macros keep their `!`).
    Path { path: Box<str>, span: Span },
    /// A method call on a value: `url.split("@")`, `"…".parse::<PgConnectOptions>()`.
    Method {
        receiver: Box<Value>,
        name: Box<str>,
        /// The turbofish type of `.parse::<T>()`, as a resolved path.
        turbofish: Option<Box<str>>,
    },
    /// A call of something that has no name (`(lambda: x)()`, `callbacks[0]()`).
    Other,
}

impl Call {
    pub fn new(callee: Callee, args: Vec<Value>, keywords: Vec<Keyword>, span: Span) -> Self {
        let path = match &callee {
            Callee::Path { path, .. } => Some(path.clone()),
            Callee::Method { receiver, name, .. } => match &receiver.kind {
                ValueKind::Name { path, .. } if path.len() <= MAX_PATH_LEN => Some(format!("{path}.{name}").into()),
                ValueKind::Call { path } if path.len() <= MAX_PATH_LEN => Some(format!("{path}().{name}").into()),
                _ => None,
            },
            Callee::Other => None,
        };
        Self { callee, args, keywords, span, type_args: None, path }
    }

    /// The value a method is called on.
    pub fn receiver(&self) -> Option<&Value> {
        match &self.callee {
            Callee::Method { receiver, .. } => Some(receiver),
            _ => None,
        }
    }

    /// The full path of the callee: `os.environ.get` for a method called on a module path,
    /// `std::env::var` for a path call. For a method on a computed value the receiver's
    /// path is used when it has one.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The last segment of the callee's name (`getenv`, `var`, `split`).
    pub fn name(&self) -> Option<&str> {
        match &self.callee {
            Callee::Path { path, .. } => Some(last_segment(path)),
            Callee::Method { name, .. } => Some(name),
            Callee::Other => None,
        }
    }

    pub fn method(&self) -> Option<(&Value, &str)> {
        match &self.callee {
            Callee::Method { receiver, name, .. } => Some((receiver, name)),
            _ => None,
        }
    }

    pub fn arg(&self, index: usize) -> Option<&Value> {
        self.args.get(index)
    }

    pub fn keyword(&self, name: &str) -> Option<&Value> {
        self.keywords.iter().find(|k| &*k.name == name).map(|k| &k.value)
    }
}

pub use crate::support::words::last_segment;

#[derive(Debug, Clone)]
pub struct Keyword {
    pub name: Box<str>,
    pub value: Value,
}

/// Whether a subscript or name is read, written or deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Load,
    Store,
    Delete,
}

/// `object[key]`. Emitted as a node only when written or deleted (`kwargs["pool_size"] = 5`):
/// a read is a value (an environment read, a part of a URL), which is what rules look at.
#[derive(Debug, Clone)]
pub struct Subscript {
    pub object: Value,
    pub key: Value,
    pub access: Access,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    NotEq,
    /// `left in right`.
    In,
    /// `left not in right`.
    NotIn,
}

/// One comparison; a Python chain `a < b < c` yields one per pair.
#[derive(Debug, Clone)]
pub struct Compare {
    pub left: Value,
    pub op: CompareOp,
    pub right: Value,
    pub span: Span,
}

/// A literal list, tuple, set or array: Python `[…]`, `(…)`, `{…}`; Rust `[…]`, `vec![…]`.
#[derive(Debug, Clone)]
pub struct Collection {
    pub items: Vec<Value>,
    pub span: Span,
}

/// A literal mapping (`{"pool_size": 10, "max_overflow": 5}`) and its literal string keys.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub keys: Vec<Box<str>>,
    pub span: Span,
}

/// How an environment variable is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadForm {
    /// `os.getenv("X")`, `env::var("X")`, `env!("X")`, `get_env("X")`.
    Call,
    /// `os.environ["X"]`, `settings["X"]`.
    Subscript,
    /// `"X" in os.environ`.
    Membership,
    /// A settings field bound to the variable: a pydantic `BaseSettings` field, `Field(env="X")`.
    Binding,
    /// A field attribute that fills the field from the variable: clap's `#[arg(env = "X")]`.
    Attribute,
}

/// A read of an environment variable by literal name.
#[derive(Debug, Clone)]
pub struct EnvRead {
    pub var: Box<str>,
    pub form: ReadForm,
    pub span: Span,
}

/// A function or method whose name marks it as a provider of a concern's value, with what
/// its body calls and reads (emitted when the function ends).
#[derive(Debug, Clone)]
pub struct Function {
    pub name: Box<str>,
    pub name_span: Span,
    pub span: Span,
    /// Resolved paths of the calls in the body (`shared.db.build_database_url`,
    /// `crate::config::database_url`), with their spans.
    pub calls: Vec<(Box<str>, Span)>,
    /// What the function hands back: its returned and yielded values, and values it stores
    /// in an attribute named like a provider (`self.database_url = …`).
    pub returns: Vec<Value>,
    /// A field or module-level name that holds the value (`Settings.database_url: str`,
    /// `struct Config { database_url: String }`), not a function: it defines where the value
    /// lives, it never produces it.
    pub field: bool,
}

impl Function {
    /// A field or module-level name named like the value, at `span`.
    pub fn field(name: &str, span: Span) -> Self {
        Self { name: name.into(), name_span: span, span, calls: Vec::new(), returns: Vec::new(), field: true }
    }
}

/// What a type block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeKind {
    /// A Python class: its body holds its methods.
    Class,
    /// A Rust `struct` or `enum` definition.
    Definition,
    /// A Rust inherent `impl` block.
    Impl,
}

/// A class, a Rust type definition or an inherent impl block, with its direct methods.
#[derive(Debug, Clone)]
pub struct TypeBlock {
    pub name: Box<str>,
    pub kind: TypeKind,
    pub name_span: Span,
    /// From the `class`/`struct`/`impl` line to the last line of the body.
    pub span: Span,
    /// Direct methods (`def`/`async def`, `fn`): name and span.
    pub methods: Vec<(Box<str>, Span)>,
}

/// A use of a name as a value that some vocabulary watches (`poolclass=NullPool`).
#[derive(Debug, Clone)]
pub struct NameRef {
    /// The resolved path (`sqlalchemy.pool.NullPool`).
    pub path: Box<str>,
    pub span: Span,
}

/// One imported path: Python `import a.b`, `from a import b` (as `a.b`); Rust `use a::b`.
#[derive(Debug, Clone)]
pub struct Import {
    pub path: Box<str>,
    pub span: Span,
}

/// Declares [`Node`] and [`NodeKind`] from one list, so that the kinds, their count and
/// `Node::kind` cannot disagree (the engine indexes a table by kind).
macro_rules! nodes {
    ($($(#[$doc:meta])* $kind:ident($($field:ty),+),)+) => {
        /// A node of the neutral model, handed to the rules that asked for its kind.
        #[derive(Debug, Clone, Copy)]
        pub enum Node<'a> {
            $($(#[$doc])* $kind($($field),+),)+
        }

        /// The kinds of [`Node`], for rules to say which ones they need.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum NodeKind {
            $($kind,)+
        }

        impl NodeKind {
            /// Every kind, in declaration order (`kind as usize` is its index here).
            pub const ALL: &[NodeKind] = &[$(NodeKind::$kind,)+];
            pub const COUNT: usize = Self::ALL.len();
        }

        impl Node<'_> {
            pub fn kind(&self) -> NodeKind {
                match self {
                    $(Node::$kind(..) => NodeKind::$kind,)+
                }
            }
        }
    };
}

nodes! {
    Call(&'a Call),
    Subscript(&'a Subscript),
    Compare(&'a Compare),
    /// A string literal written in code, with its decoded value: a constant's value, a
    /// default, an argument. Not a docstring or a bare string statement, which run nothing.
    Str(&'a str, Span),
    Format(&'a FormatParts, Span),
    Collection(&'a Collection),
    Mapping(&'a Mapping),
    EnvRead(&'a EnvRead),
    Function(&'a Function),
    TypeBlock(&'a TypeBlock),
    NameRef(&'a NameRef),
    Import(&'a Import),
}

/// Where a node sits: the enclosing function and class (or Rust `impl` type).
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    pub function: Option<&'a str>,
    pub class: Option<&'a str>,
}

/// Receives the nodes an adapter emits while it walks a tree.
pub trait NodeSink {
    fn node(&mut self, node: Node<'_>, scope: Scope<'_>);
    /// Whether any rule wants this kind; adapters skip building nodes nobody reads.
    fn wants(&self, kind: NodeKind) -> bool;
}

/// What a parse produced besides nodes: the first syntax error, if any, and how many more.
#[derive(Debug, Clone, Default)]
pub struct ParseOutcome {
    pub error: Option<SyntaxError>,
    pub more_errors: usize,
}

#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

impl ParseOutcome {
    /// A file nested too deeply to parse (see `crate::input::nesting`), or to walk all of.
    pub fn too_deep(at: Span, limit: usize, what: &str, consequence: &str) -> Self {
        let message = format!("nesting too deep: more than {limit} levels of {what}; {consequence}");
        ParseOutcome { error: Some(SyntaxError { message, span: at }), more_errors: 0 }
    }
}
