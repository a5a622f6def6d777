//! The tree-free scan of a Ruby file: when every enabled rule can tell without a tree
//! that a file gives it nothing (the security rules can), the file is scanned by
//! `connlint_syntax::lex` and parsed only when a token could need the tree — a literal
//! under a credential name, a value of a credential's shape, a commented-out assignment,
//! a provider keyword, a heredoc, or a hash that may be a connector while project rules
//! run. A skipped file's findings are the tree's: none (a test compares both paths).
//!
//! A file whose code is one hash (a connector) is parsed in pieces: the root pairs and
//! section entries (`actions: { one: … }`) a token asked for, plus the pairs the
//! connector's facts come from (see `connlint_syntax::windows`). Its findings are the
//! whole tree's, except in a file with a syntax error outside the pieces, whose pieces
//! are read as if the error were not there (the whole tree may lose the hash to it).
use connlint_syntax::lex::{self, Stop, Token};
use connlint_syntax::windows::Plan;
use connlint_syntax::{SourceFile, TOP_LEVEL_KEYS};

use crate::suppression::may_be_suppression;
use crate::{all_rules, Explanation, Rule, Scope, Settings};

/// The root pairs a windowed parse keeps whole whatever asked: what the connector's
/// facts and the credential facts of every candidate read (its title, its connection).
const WHOLE_PAIRS: &[&str] = &["title", "connection", "custom_action_help"];

/// How a Ruby file is judged.
pub(crate) enum Path {
    /// A rule reads every tree: the scan is not tried.
    Tree,
    /// The scan was tried; the reason the file is parsed after all.
    Parsed(String),
    /// Only the plan's pieces of the file's root hash need the tree (see
    /// `connlint_syntax::windows`), for this reason.
    Windows(Plan, String),
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
    scan(source, settings, &enabled)
}

fn scan(source: &SourceFile, settings: &Settings, enabled: &[&dyn Rule]) -> Path {
    let rules = all_rules();
    let text = source.text();
    let named = connlint_syntax::is_named_connector(source.path());
    // A file whose code is one hash may be parsed in pieces: every ask is kept.
    let windows = lex::starts_with_hash(text);
    if named && !windows {
        return Path::Parsed("a connector file".to_owned());
    }
    // Project rules need what a connector says; only its tree tells.
    let projects = rules
        .iter()
        .any(|r| r.meta().scope == Scope::Project && settings.is_enabled(r.meta().id));
    let mut first: Option<(&str, Option<usize>)> = None;
    let mut offsets = Vec::new();
    let scanned = lex::scan_outlined(text, |at, piece, token| {
        // The pair this token is in is parsed already: no rule need be asked.
        if windows && offsets.last().is_some_and(|&last| last >= piece) {
            return false;
        }
        let asked =
            if projects && matches!(token, Token::RootKey(key) if TOP_LEVEL_KEYS.contains(key)) {
                // A window plan keeps the pairs the connector's facts come from.
                ("a hash that may be a connector", (!windows).then_some(at))
            } else if windows && matches!(token, Token::Comment(c) if may_be_suppression(c)) {
                ("a suppression comment", Some(at))
            } else {
                match enabled.iter().find(|r| r.needs_tree(token, settings)) {
                    Some(rule) => (rule.meta().name, Some(at)),
                    None => return false,
                }
            };
        first.get_or_insert(asked);
        offsets.extend(asked.1);
        // Without windows the first ask settles it.
        !windows
    });
    let outline = match scanned {
        Err(Stop::Unsure(what)) => {
            return Path::Parsed(format!("the scan cannot read it ({what})"));
        }
        Err(Stop::Asked) => None,
        Ok(outline) => outline,
    };
    if let (None, Some((what, at))) = (&outline, first) {
        return Path::Parsed(reason(source, what, at));
    }
    // Each rule's asks from the bytes themselves (a detector's match), found once.
    let text_asks: Vec<(&str, Vec<usize>)> = enabled
        .iter()
        .map(|r| (r.meta().name, r.text_needs_tree(text, settings)))
        .filter(|(_, asks)| !asks.is_empty())
        .collect();
    if let Some((by, asks)) = text_asks.first() {
        first.get_or_insert((by, Some(asks[0])));
    }
    let Some(outline) = outline else {
        return match first {
            Some((what, at)) => Path::Parsed(reason(source, what, at)),
            None if named => Path::Parsed("a connector file".to_owned()),
            None => Path::Skipped,
        };
    };
    // Every rule's text asks, not only the first one's: each is a piece to parse.
    offsets.extend(text_asks.into_iter().flat_map(|(_, asks)| asks));
    let Some((what, at)) = first.or(named.then_some(("a connector file", None))) else {
        return Path::Skipped;
    };
    offsets.sort_unstable();
    let plan = Plan::new(text, &outline, &offsets, WHOLE_PAIRS);
    Path::Windows(plan, reason(source, what, at))
}

/// `what asked at line:column`, or what asked for the whole file.
fn reason(source: &SourceFile, what: &str, at: Option<usize>) -> String {
    let Some(at) = at else {
        return what.to_owned();
    };
    let (line, column) = source.line_column(at);
    format!("{what} asked at {line}:{column}")
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
