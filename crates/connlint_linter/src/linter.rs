use std::cell::RefCell;

use connlint_syntax::recipe::Recipe;
use connlint_syntax::{
    new_parser, parse, parse_json, Connector, Parser, SourceFile, TextRange, Tree,
};

use crate::sections::SectionCache;
use crate::suppression::Suppressions;
use crate::tree_free;
use crate::walk::Walk;
use crate::{
    all_rules, finish, ConnectorFacts, Context, Diagnostic, Explanation, FileKind, PackagePart,
    RuleId, Settings,
};

thread_local! {
    // One parser per worker thread: creating one is cheap, but reusing it keeps its
    // internal buffers warm across files.
    pub(crate) static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

/// Diagnostics, what the connector says for project rules (when the file holds one),
/// and, with `--explain`, why each credential candidate was kept or dropped.
#[derive(Debug, Default)]
pub struct LintResult {
    pub diagnostics: Vec<Diagnostic>,
    pub explanations: Vec<Explanation>,
    pub connector: Option<ConnectorFacts>,
    /// What a package JSON file says for the package rules.
    pub package: Option<crate::PackageFacts>,
}

fn facts(connector: &Connector, source: &SourceFile) -> ConnectorFacts {
    let src = source.text();
    let anchor = connector.title().map_or(connector.hash.node, |t| t.key);
    let mut help_texts = Vec::new();
    let mut collect = |node: connlint_syntax::Node| {
        help_texts.extend(
            connlint_syntax::string_contents(node)
                .iter()
                .map(|n| src[n.byte_range()].to_owned()),
        );
    };
    if let Some(v) = connector
        .hash
        .get("custom_action_help")
        .and_then(|e| e.value)
    {
        collect(v);
    }
    for field in connector.connection.iter().flat_map(|c| &c.fields) {
        for key in ["hint", "help"] {
            if let Some(v) = field.get(key).and_then(|e| e.value) {
                collect(v);
            }
        }
    }
    ConnectorFacts {
        title_text: connector
            .title()
            .and_then(|t| t.value)
            .and_then(|v| connlint_syntax::literal_text(v, src))
            .map(str::to_owned),
        title: Some(crate::reporter::to_range(
            source,
            TextRange::from(anchor.byte_range()),
        )),
        help_texts,
    }
}

/// Lints one file with the calling thread's parser. Pure: no I/O.
pub fn lint(source: &SourceFile, settings: &Settings) -> Vec<Diagnostic> {
    lint_detailed(source, settings).diagnostics
}

/// [`lint`], with explanations and what the connector says (for project rules).
pub fn lint_detailed(source: &SourceFile, settings: &Settings) -> LintResult {
    PARSER.with_borrow_mut(|parser| lint_with_parser(parser, source, settings))
}

/// Lints one file: one parse, one walk dispatching nodes by kind id to the rules that
/// asked for them (and reading suppression comments and references on the way), then
/// the file rules over the connector model. Diagnostics come back sorted by position.
fn lint_with_parser(parser: &mut Parser, source: &SourceFile, settings: &Settings) -> LintResult {
    match source.class().kind {
        FileKind::Text => return lint_text(source, settings),
        FileKind::Package(part) => return lint_package_file(source, part, settings),
        // A zip is bytes: the CLI lints its entries.
        FileKind::Archive => return LintResult::default(),
        _ => {}
    }
    if let Some(result) = template(source, settings) {
        return result;
    }
    let why = match tree_free::path(source, settings) {
        tree_free::Path::Skipped => {
            return LintResult {
                explanations: settings
                    .explain
                    .then(|| tree_free::explanation(source, None))
                    .into_iter()
                    .collect(),
                ..LintResult::default()
            };
        }
        tree_free::Path::Parsed(why) => Some(why),
        tree_free::Path::Windows(plan, why) => {
            let text = source.text();
            let (tree, why) = match plan.parse(parser, text, source.lines()) {
                Some(tree) => {
                    let pieces = plan.ranges.len();
                    let (part, whole) = (plan.bytes(), text.len());
                    (
                        Some(tree),
                        format!("{why}; in {pieces} pieces, {part} of {whole} bytes"),
                    )
                }
                None => (
                    parse(parser, text),
                    format!("{why}; whole (its pieces did not parse as one hash of pairs)"),
                ),
            };
            let mut result = tree.map_or_else(LintResult::default, |tree| {
                lint_sections(source, &tree, settings, None)
            });
            if settings.explain {
                result
                    .explanations
                    .insert(0, tree_free::explanation(source, Some(&why)));
            }
            return result;
        }
        tree_free::Path::Tree => None,
    };
    let mut result = match parse(parser, source.text()) {
        Some(tree) => lint_sections(source, &tree, settings, None),
        None => LintResult::default(),
    };
    if let Some(why) = why.filter(|_| settings.explain) {
        result
            .explanations
            .insert(0, tree_free::explanation(source, Some(&why)));
    }
    result
}

/// For a file whose first code is a Go/Handlebars/Jinja (`{{`) or ERB (`<%`) tag — no
/// Ruby starts so — the one finding it gets, whichever path lints it.
pub(crate) fn template(source: &SourceFile, settings: &Settings) -> Option<LintResult> {
    let start = source.text().trim_start_matches('\u{feff}').trim_start();
    if !(start.starts_with("{{") || start.starts_with("<%")) {
        return None;
    }
    let mut found = Vec::new();
    if settings.is_enabled(RuleId::TemplateFile) {
        let meta = RuleId::TemplateFile.meta();
        let message =
            "a template for another tool (it starts with a template tag), not Ruby: not linted";
        found.push(crate::file_diagnostic(meta, source.path(), message));
    }
    Some(LintResult {
        diagnostics: finish::file(
            source,
            settings,
            Suppressions::default(),
            found,
            false,
            None,
        ),
        ..LintResult::default()
    })
}

/// Lints a YAML, JSON, `.env` or Markdown file: its text values and provider formats.
pub(crate) fn lint_text(source: &SourceFile, settings: &Settings) -> LintResult {
    let mut suppressions = Suppressions::default();
    for (range, own_line, leading) in text_comments(source.text()) {
        suppressions.add_comment(source, range, own_line, leading);
    }
    let rules = all_rules();
    let mut ctx = crate::TextContext::new(source, settings);
    for &index in &settings.file_rules {
        rules[index].check_text(&mut ctx);
    }
    let mut reporter = ctx.reporter;
    crate::secrets::merge_text(&mut reporter.diagnostics);
    LintResult {
        diagnostics: finish::file(
            source,
            settings,
            suppressions,
            reporter.diagnostics,
            false,
            None,
        ),
        explanations: reporter.explanations,
        ..LintResult::default()
    }
}

/// Lints a Ruby file already parsed into `tree`, replaying from `cache` the sections it holds (see `sections.rs`) and
/// keeping the others' yields there. A section with a syntax error in it is neither
/// replayed nor kept, and a lint with explanations does not use the cache.
pub(crate) fn lint_sections(
    source: &SourceFile,
    tree: &Tree,
    settings: &Settings,
    cache: Option<&mut SectionCache>,
) -> LintResult {
    let rules = all_rules();
    let src = source.text();
    let connector = if connlint_syntax::is_named_connector(source.path()) {
        Connector::find_any(tree, src)
    } else {
        Connector::find(tree, src)
    };
    let cache = cache.filter(|_| !settings.explain);
    let ctx = Context::new(source, tree, connector.as_ref(), settings, rules[0].meta());
    let Walk {
        mut ctx,
        suppressions,
        ..
    } = Walk::run(ctx, cache);
    for &index in &settings.file_rules {
        ctx.rule = rules[index].meta();
        rules[index].check_file(&mut ctx);
    }

    let mut reporter = ctx.reporter;
    crate::secrets::merge_ruby(&mut reporter.diagnostics, &mut reporter.explanations);
    let diagnostics = reporter.diagnostics;
    let has_connector = connector.is_some();
    LintResult {
        diagnostics: finish::file(
            source,
            settings,
            suppressions,
            diagnostics,
            has_connector,
            Some(tree),
        ),
        explanations: reporter.explanations,
        connector: connector.as_ref().map(|c| facts(c, source)),
        package: None,
    }
}

/// Suppression comments of a text file: from `#` (YAML, `.env`) or `<!--` (Markdown)
/// to the end of the line, on lines that hold a suppression marker at all.
fn text_comments(text: &str) -> Vec<(TextRange, bool, bool)> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut leading = true;
    for line in text.split_inclusive('\n') {
        let start = line.find("<!--").or_else(|| line.find('#'));
        let trimmed = line.trim();
        let is_comment_line =
            trimmed.is_empty() || start.is_some_and(|s| line[..s].trim().is_empty());
        if let Some(s) = start {
            let body = &line[s..];
            if body.contains("connlint:")
                || body.contains("gitleaks:allow")
                || body.contains("allowlist secret")
            {
                let end = offset + line.trim_end_matches(['\n', '\r']).len();
                out.push((
                    TextRange::new(offset + s, end),
                    line[..s].trim().is_empty(),
                    leading && is_comment_line,
                ));
            }
        }
        leading &= is_comment_line;
        offset += line.len();
    }
    out
}

/// Runs the project rules.
pub fn lint_project(project: &crate::Project, settings: &Settings) -> Vec<Diagnostic> {
    let samples = crate::FileClass::of(&project.connector).sample;
    run_whole(settings, samples, |rule, meta| {
        let mut ctx = crate::ProjectContext {
            project,
            rule: meta,
            diagnostics: Vec::new(),
        };
        rule.check_project(&mut ctx);
        ctx.diagnostics
    })
}

/// Runs `check` for every enabled rule, then the finish stage: what project and package
/// rules share.
fn run_whole(
    settings: &Settings,
    samples: bool,
    mut check: impl FnMut(&dyn crate::Rule, &'static crate::RuleMeta) -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in all_rules() {
        let meta = rule.meta();
        if settings.is_enabled(meta.id) {
            out.extend(check(*rule, meta));
        }
    }
    finish::whole(settings, out, samples)
}

/// Lints one package JSON file: one parse and one recipe model for every enabled rule's
/// `check_text` (provider formats) and `check_package_file`, then its facts for the
/// package rules.
pub(crate) fn lint_package_file(
    source: &SourceFile,
    part: PackagePart,
    settings: &Settings,
) -> LintResult {
    let parsed = parse_json(source.text());
    let recipe = match (&parsed, part) {
        (Ok(json), PackagePart::Recipe) => Some(Recipe::new(json)),
        _ => None,
    };
    let rules = all_rules();
    let mut text = crate::TextContext::new(source, settings);
    let mut found = Vec::new();
    for &index in &settings.file_rules {
        let rule = rules[index];
        rule.check_text(&mut text);
        let mut ctx = crate::PackageFileContext {
            source,
            part,
            parsed: parsed.as_ref(),
            recipe: recipe.as_ref().map(Result::as_ref),
            settings,
            rule: rule.meta(),
            reporter: crate::reporter::Reporter::new(source, settings.explain),
        };
        rule.check_package_file(&mut ctx);
        found.extend(ctx.reporter.diagnostics);
        text.reporter.explanations.extend(ctx.reporter.explanations);
    }
    found.append(&mut text.reporter.diagnostics);
    crate::secrets::merge_text(&mut found);
    LintResult {
        diagnostics: finish::file(source, settings, Suppressions::default(), found, true, None),
        explanations: text.reporter.explanations,
        connector: None,
        package: parsed.as_ref().ok().map(|json| {
            let recipe = recipe.as_ref().and_then(|r| r.as_ref().ok());
            crate::package::facts_of(source, part, json, recipe)
        }),
    }
}

/// Runs the package rules over one package.
pub fn lint_package(package: &crate::Package, settings: &Settings) -> Vec<Diagnostic> {
    run_whole(settings, false, |rule, meta| {
        let mut ctx = crate::PackageContext {
            package,
            rule: meta,
            diagnostics: Vec::new(),
        };
        rule.check_package(&mut ctx);
        ctx.diagnostics
    })
}
