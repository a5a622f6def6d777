//! The tree-free scan of a Ruby file: when every enabled rule can tell without a tree
//! that a file gives it nothing (the security rules can), the file is scanned by
//! `connlint_syntax::lex` and parsed only when a token could need the tree — a literal
//! under a credential name, a value of a credential's shape, a commented-out assignment,
//! a provider keyword, a heredoc, or a hash that may be a connector while project rules
//! run. A skipped file's findings are the tree's: none (a test compares both paths).

use connlint_syntax::lex::{self, Stop, Token};
use connlint_syntax::{SourceFile, TOP_LEVEL_KEYS};

use crate::{all_rules, Explanation, Look, Rule, Scope, Settings};

/// How a Ruby file is judged.
pub(crate) enum Path {
    /// A rule reads every tree: the scan is not tried.
    Tree,
    /// The scan was tried; the reason the file is parsed after all.
    Parsed(String),
    /// The scan shows that the file gives the enabled rules nothing.
    Skipped,
}

pub(crate) fn path(source: &SourceFile, settings: &Settings) -> Path {
    let rules = all_rules();
    let enabled: Vec<&dyn Rule> = settings
        .file_rules
        .iter()
        .map(|&i| rules[i])
        .filter(|r| r.meta().scope == Scope::Code)
        .collect();
    if !settings.tree_free || enabled.iter().any(|r| !r.tree_free()) {
        return Path::Tree;
    }
    match needs_tree(source, settings, &enabled) {
        Some(why) => Path::Parsed(why),
        None => Path::Skipped,
    }
}

/// The reason a file needs its tree, or `None` when the scan shows that it gives the
/// enabled rules nothing.
fn needs_tree(source: &SourceFile, settings: &Settings, enabled: &[&dyn Rule]) -> Option<String> {
    let rules = all_rules();
    if connlint_syntax::is_named_connector(source.path()) {
        return Some("a connector file".to_owned());
    }
    // Project rules need what a connector says; only its tree tells.
    let projects = rules
        .iter()
        .any(|r| r.meta().scope == Scope::Project && settings.is_enabled(r.meta().id));
    let text = source.text();
    let mut asked = ("a rule", 0);
    let scanned = lex::scan(text, |at, token| {
        if projects && matches!(token, Token::RootKey(key) if TOP_LEVEL_KEYS.contains(key)) {
            asked = ("a hash that may be a connector", at);
            return true;
        }
        let look = Look::Token(token);
        if let Some(rule) = enabled.iter().find(|r| r.needs_tree(&look, settings)) {
            asked = (rule.meta().name, at);
            return true;
        }
        false
    });
    match scanned {
        Err(Stop::Asked) => {
            let (line, column) = source.line_column(asked.1);
            return Some(format!("{} asked at {line}:{column}", asked.0));
        }
        Err(Stop::Unsure(what)) => return Some(format!("the scan cannot read it ({what})")),
        Ok(()) => {}
    }
    let look = Look::File(text);
    enabled
        .iter()
        .find(|r| r.needs_tree(&look, settings))
        .map(|rule| format!("{} asked", rule.meta().name))
}

/// What `--explain` says of a file the tree-free scan judged: skipped (`None`) or
/// parsed, and why.
pub(crate) fn explanation(source: &SourceFile, why: Option<&str>) -> Explanation {
    Explanation {
        path: source.path().to_owned(),
        line: 1,
        column: 1,
        candidate: "file".to_owned(),
        outcome: match why {
            Some(why) => format!("parsed: {why}"),
            None => "not parsed: no literal, comment or provider keyword in it needs the tree"
                .to_owned(),
        },
    }
}
