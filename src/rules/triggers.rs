//! The literals rules share as prefilter triggers, derived from the vocabulary and the
//! configured concerns: a file without any of them cannot produce the rule's findings.

use crate::config::Settings;
use crate::prefilter::Trigger;
use crate::semantics::DATABASE_URL;
use crate::source::Lang;
use crate::words::WordSeq;

/// Any governed variable name of any concern (`DATABASE_URL`, `POSTGRES_`, …) as a file of
/// `lang` can read it.
pub fn governed(settings: &Settings, lang: Lang) -> Trigger {
    let pieces = || Trigger::pieces(settings.concerns.iter().flat_map(|c| c.env_list.iter().map(String::as_str)));
    let named = match lang {
        // A settings field reads its own name in upper case (`database_url: str`).
        Lang::Python => pieces(),
        // A literal keeps its case (`postgres_type` is not `POSTGRES_*`); only a bare
        // `#[arg(env)]` reads a field's name in upper case.
        Lang::Rust => {
            let exact = match pieces() {
                Trigger::Words(words) => Trigger::ExactWords(words),
                other => other,
            };
            let keys = Trigger::IdentWords(settings.vocab.rust.attribute_keys.iter().cloned().collect());
            // `envy::from_env::<Config>()` reads a field's name in upper case too.
            let typed =
                settings.vocab.rust.typed_readers.literal_pieces().map(|p| crate::model::last_segment(p).to_owned());
            let typed = Trigger::Words(typed.collect());
            Trigger::Any(vec![exact, Trigger::All(vec![pieces(), Trigger::Any(vec![keys, typed])])])
        }
    };
    Trigger::Any(vec![named, implicit_reads(settings, lang)])
}

/// Methods that read a governed variable without naming it (`env.db()`).
fn implicit_reads(settings: &Settings, lang: Lang) -> Trigger {
    let governed = |var: &str| settings.concerns.iter().any(|c| c.governs(var));
    let reads = &settings.vocab.lang(lang).implicit_reads;
    Trigger::Words(reads.iter().filter(|(_, var)| governed(var)).map(|(method, _)| format!(".{method}(")).collect())
}

/// Provider words in every spelling an identifier can have: `database_url` as written and
/// run together (`databaseUrl`, `DatabaseURL`).
pub fn provider_words(settings: &Settings, only: Option<&str>) -> Trigger {
    let seqs =
        settings.concerns.iter().filter(|c| only.is_none_or(|name| c.name == name)).flat_map(|c| &c.provider_words);
    Trigger::Words(seqs.flat_map(spellings).collect())
}

fn spellings(seq: &WordSeq) -> [String; 2] {
    let snake = seq.text();
    let joined = snake.replace('_', "");
    [snake, joined]
}

/// Whatever can make a value a database URL: a governed variable, a provider-named value, a
/// scheme, or a plain `url`/`uri` together with a database word.
pub fn url_like(settings: &Settings, lang: Lang) -> Trigger {
    let Some(db) = settings.concerns.iter().find(|c| c.name == DATABASE_URL) else { return Trigger::Never };
    // A scheme makes a value URL-like only at the start of a literal and when `:` or a
    // `+driver` follows it (`"postgres://…"`, `f"postgresql+{driver}…"`), not as a bare
    // word (`Postgres`) or a module path (`sqlite::Connection`).
    let schemes =
        Trigger::StringStarts(settings.vocab.schemes.iter().flat_map(|s| [format!("{s}:"), format!("{s}+")]).collect());
    // A plain `url` counts only inside a function or class whose name holds a database word.
    let plain_url = Trigger::All(vec![
        Trigger::IdentWords(db.context_value_words.clone()),
        Trigger::ContextWords(db.context_words.clone()),
    ]);
    Trigger::Any(vec![governed(settings, lang), provider_words(settings, Some(DATABASE_URL)), schemes, plain_url])
}

/// Any way a file of `lang` chooses or sizes a connection pool.
pub fn pools(settings: &Settings, lang: Lang) -> Trigger {
    let vocab = &settings.vocab;
    let sizing_keywords = Trigger::Words(vocab.pool_sizing_keywords.iter().cloned().collect());
    Trigger::Any(
        vocab
            .lang(lang)
            .pool_strategies
            .iter()
            .flat_map(|s| {
                [
                    Trigger::call_paths(s.values.patterns().chain(s.calls.patterns())),
                    Trigger::Words(s.methods.iter().cloned().collect()),
                    Trigger::All(vec![
                        Trigger::call_paths(s.sizing_receivers.patterns()),
                        Trigger::Words(s.sizing_methods.iter().cloned().collect()),
                    ]),
                    Trigger::All(vec![Trigger::call_paths(s.sized_calls.patterns()), sizing_keywords.clone()]),
                    // Its own keys size a dict of engine options or a call (`conn_max_age=60`).
                    Trigger::Words(s.keys.iter().cloned().collect()),
                ]
            })
            .collect(),
    )
}

/// What makes a file contribute repository-wide facts: providers, pool choices, sized types.
pub fn facts(settings: &Settings, lang: Lang) -> Trigger {
    Trigger::Any(vec![provider_words(settings, None), pools(settings, lang), sized_types(settings)])
}

/// Declarations of types with size limits.
pub fn sized_types(settings: &Settings) -> Trigger {
    let pieces = settings.sized_types.literal_pieces().map(str::to_owned).collect();
    Trigger::TypeNames(pieces)
}
