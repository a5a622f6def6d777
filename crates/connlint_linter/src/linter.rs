use std::cell::RefCell;

use connlint_diagnostics::Diagnostic;
use connlint_syntax::recipe::Recipe;
use connlint_syntax::{
    kinds, literal_text, new_parser, pair_key, pair_value, parse, parse_json, Connector, Node,
    Parser, SourceFile, TextRange, Tree,
};

use crate::dispatch::dispatch;
use crate::file_kind::{is_test_fixture, FileKind, PackagePart};
use crate::fingerprint;
use crate::hashes::OpenHashes;
use crate::rules::security::hardcoded_credential::judge;
use crate::rules::security::HardcodedCredential;
use crate::sections::{Outputs, SectionCache, Start, Units};
use crate::suppression::Suppressions;
use crate::{all_rules, ConnectorFacts, Context, Explanation, RuleInfo, Settings, Tag};

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
        title: Some(crate::context::to_range(
            source,
            TextRange::from(anchor.byte_range()),
        )),
        help_texts,
    }
}

fn interpolates(string: Node, src: &str) -> bool {
    src[string.byte_range()].contains("#{")
}

/// The key and value of a pair that is exactly `key`, separator, value, both leaves
/// for the walk: symbols, numbers, `true`/`false`/`nil`, strings that do not
/// interpolate. A comment inside the pair makes it four children, so none is skipped.
fn literal_pair<'t>(pair: Node<'t>, key: Node<'t>, src: &str) -> Option<[Node<'t>; 2]> {
    if pair.child_count() != 3 {
        return None;
    }
    let k = kinds();
    let leaf = |n: Node| {
        let id = n.kind_id();
        [
            k.hash_key_symbol,
            k.simple_symbol,
            k.integer,
            k.float,
            k.true_,
            k.false_,
            k.nil,
        ]
        .contains(&id)
            || (id == k.string && !interpolates(n, src))
    };
    let key = Some(key).filter(|n| leaf(*n))?;
    let value = pair_value(pair).filter(|n| leaf(*n))?;
    Some([key, value])
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
pub fn lint_with_parser(
    parser: &mut Parser,
    source: &SourceFile,
    settings: &Settings,
) -> LintResult {
    match FileKind::of(source.path()) {
        FileKind::Text => return lint_text(source, settings),
        FileKind::Package(part) => return lint_package_file(source, part, settings),
        // A zip is bytes: the CLI lints its entries.
        FileKind::Archive => return LintResult::default(),
        _ => {}
    }
    if let Some(result) = template(source, settings) {
        return result;
    }
    match parse(parser, source.text()) {
        Some(tree) => lint_tree(source, &tree, settings),
        None => LintResult::default(),
    }
}

/// For a file whose first code is a Go/Handlebars/Jinja (`{{`) or ERB (`<%`) tag — no
/// Ruby starts so — the one finding it gets, whichever path lints it.
pub(crate) fn template(source: &SourceFile, settings: &Settings) -> Option<LintResult> {
    let start = source.text().trim_start_matches('\u{feff}').trim_start();
    if !(start.starts_with("{{") || start.starts_with("<%")) {
        return None;
    }
    let mut result = LintResult::default();
    if settings.is_enabled("template-file") {
        let meta = crate::rule_meta("template-file").expect("registered");
        let message =
            "a template for another tool (it starts with a template tag), not Ruby: not linted";
        result
            .diagnostics
            .push(crate::file_diagnostic(meta, source.path(), message));
    }
    Some(result)
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
    crate::secrets::merge_text(&mut ctx.diagnostics);
    let mut result = finish_text(source, settings, suppressions, ctx.diagnostics);
    result.explanations = ctx.explanations;
    result
}

/// Suppressions, order and fingerprints of a file that is not Ruby.
pub(crate) fn finish_text(
    source: &SourceFile,
    settings: &Settings,
    suppressions: Suppressions,
    found: Vec<Diagnostic>,
) -> LintResult {
    let mut diagnostics = sorted(suppressions.apply(source, settings, found));
    fingerprint::assign(&mut diagnostics, source, None);
    LintResult {
        diagnostics,
        ..LintResult::default()
    }
}

/// Lints a Ruby file already parsed into `tree` (the language server keeps the tree of
/// each open document and re-parses it incrementally).
pub fn lint_tree(source: &SourceFile, tree: &Tree, settings: &Settings) -> LintResult {
    lint_sections(source, tree, settings, None)
}

/// A comment met by the walk: a suppression candidate (leading comments before the
/// first code apply to the file), and part of the section it sits in, replayed with it.
fn record_comment(
    node: Node,
    source: &SourceFile,
    first_code: usize,
    suppressions: &mut Suppressions,
    section: Option<&mut OpenSection>,
) {
    let src = source.text();
    let start = node.start_byte();
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let own_line = src[line_start..start].trim().is_empty();
    let range = TextRange::from(node.byte_range());
    suppressions.add_comment(source, range, own_line, start < first_code);
    if let Some(open) = section {
        open.comments.push((range, own_line));
    }
}

/// The keys of the pairs seen so far in each open hash, by the depth of its pairs: what
/// `duplicate-key` asks of a pair (`Context::earlier_sibling_with_same_key`).
#[derive(Default)]
struct SiblingKeys<'t> {
    open: Vec<(usize, Vec<(&'t str, Node<'t>)>)>,
}

impl<'t> SiblingKeys<'t> {
    /// Called for every node of the walk at `depth`; for a pair with a literal key,
    /// returns the earlier pair of the same hash with the same key.
    fn visit(&mut self, depth: usize, pair: Option<(&'t str, Node<'t>)>) -> Option<Node<'t>> {
        while self.open.last().is_some_and(|(d, _)| *d > depth) {
            self.open.pop();
        }
        let (key, node) = pair?;
        match self.open.last_mut() {
            Some((d, keys)) if *d == depth => {
                let earlier = keys.iter().find(|(k, _)| *k == key).map(|(_, n)| *n);
                keys.push((key, node));
                earlier
            }
            _ => {
                self.open.push((depth, vec![(key, node)]));
                None
            }
        }
    }
}

/// A section the walk is inside, with where its yield starts in each output.
struct OpenSection<'t> {
    node: Node<'t>,
    depth: usize,
    /// What the yield is keyed by besides its text; `None` without a cache.
    context: Option<u64>,
    diagnostics: usize,
    references: usize,
    candidates: usize,
    comments: Vec<(TextRange, bool)>,
}

/// Leaves a section: runs the rules of the hashes still open in it and judges its
/// credential candidates when no use outside it can change them; keeps its yield in
/// `cache`.
fn close_section<'t>(
    open: OpenSection<'t>,
    ctx: &mut Context<'t>,
    hashes: &mut OpenHashes<'t>,
    settings: &Settings,
    cache: Option<&mut SectionCache>,
) {
    hashes.leave_to(open.depth + 1, ctx, settings);
    let range = TextRange::from(open.node.byte_range());
    if !ctx.credentials.closed_since(open.candidates, range) {
        return;
    }
    let candidates = ctx.credentials.take_since(open.candidates);
    let names_lines = !candidates.is_empty() && {
        ctx.rule = HardcodedCredential.meta();
        judge(ctx, candidates)
    };
    let cache = cache.zip(open.context).filter(|_| !open.node.has_error());
    if let Some((cache, context)) = cache {
        let outputs = Outputs {
            diagnostics: ctx.diagnostics[open.diagnostics..].to_vec(),
            references: ctx.references.all[open.references..].to_vec(),
            comments: open.comments,
        };
        cache.record(
            context,
            open.node,
            &ctx.text()[range.start..range.end],
            names_lines,
            outputs,
        );
    }
}

/// [`lint_tree`], replaying from `cache` the sections it holds (see `sections.rs`) and
/// keeping the others' yields there. A section with a syntax error in it is neither
/// replayed nor kept, and a lint with explanations does not use the cache.
pub(crate) fn lint_sections(
    source: &SourceFile,
    tree: &Tree,
    settings: &Settings,
    mut cache: Option<&mut SectionCache>,
) -> LintResult {
    let rules = all_rules();
    let src = source.text();
    let named_connector = source
        .path()
        .rsplit(['/', '\\'])
        .next()
        .is_some_and(|name| name == "connector.rb" || crate::is_adapter_source(name));
    let connector = if named_connector {
        Connector::find_any(tree, src)
    } else {
        Connector::find(tree, src)
    };
    let mut ctx = Context::new(source, tree, connector.as_ref(), settings, rules[0].meta());
    let units = Units::new(connector.as_ref());
    if settings.explain {
        cache = None;
    }
    if let Some(cache) = cache.as_deref_mut() {
        cache.begin(settings.generation());
    }
    let mut section: Option<OpenSection> = None;
    let mut suppressions = Suppressions::default();
    let comment = kinds().comment;
    let root = tree.root_node();
    let first_code = {
        let mut cursor = root.walk();
        let first = root
            .named_children(&mut cursor)
            .find(|n| n.kind_id() != comment);
        first.map_or(src.len(), |n| n.start_byte())
    };

    let pair = kinds().pair;
    let mut sibling_keys = SiblingKeys::default();
    let string = kinds().string;
    let hash = kinds().hash;
    let element_reference = kinds().element_reference;
    let mut hashes = OpenHashes::default();
    connlint_syntax::walk_pruned(tree, |cursor, depth| {
        let node = cursor.node();
        let id = node.kind_id();
        ctx.ancestors.truncate(depth);
        if let Some(open) = section.take_if(|open| depth <= open.depth) {
            close_section(open, &mut ctx, &mut hashes, settings, cache.as_deref_mut());
        }
        ctx.ancestors.push(node);
        hashes.leave_to(depth, &mut ctx, settings);
        while ctx.scope.last().is_some_and(|(d, _)| *d >= depth) {
            ctx.scope.pop();
        }
        if id == comment {
            record_comment(
                node,
                source,
                first_code,
                &mut suppressions,
                section.as_mut(),
            );
        }
        let key_node = if id == pair { pair_key(node) } else { None };
        let key = key_node.and_then(|k| literal_text(k, src));
        ctx.pair_key = key;
        ctx.earlier_sibling = sibling_keys.visit(depth, key.map(|k| (k, node)));
        let literal = key_node.and_then(|k| literal_pair(node, k, src));
        hashes.visit(
            node,
            depth,
            key_node
                .zip(key)
                .map(|(k, name)| (k, name, literal.map(|[_, value]| value))),
        );
        ctx.references.visit(node, src, key);
        if id == element_reference
            && indexes_object_definitions_parameter(node, src, &ctx.ancestors)
        {
            ctx.references.visit_object_definitions_parameter(node, src);
        }
        if id == hash {
            hashes.enter(node, depth, &ctx);
        } else {
            dispatch(node, &mut ctx, settings);
        }
        if let Some(key) = key {
            ctx.scope.push((depth, key));
            // `name: 'id'`: key, separator and a literal value — the rules get the key
            // and value here, which spares the cursor the three steps into the pair.
            if let Some(parts) = literal {
                ctx.pair_key = None;
                ctx.literal_value = Some(parts[1]);
                for part in parts {
                    ctx.earlier_sibling = None;
                    dispatch(part, &mut ctx, settings);
                }
                ctx.literal_value = None;
                return false;
            }
        }
        if id == pair && units.contains(node) {
            let range = TextRange::from(node.byte_range());
            let context = cache
                .is_some()
                .then(|| units.context(node, &ctx.ancestors[..depth]));
            let replayed = cache
                .as_deref_mut()
                .zip(context)
                .filter(|_| !node.has_error() && !ctx.credentials.reaches(range))
                .and_then(|(cache, context)| {
                    cache.find(context, &src[range.start..range.end], Start::of(node))
                });
            if let Some(kept) = replayed {
                for (range, own_line) in kept.comments {
                    suppressions.add_comment(source, range, own_line, false);
                }
                ctx.diagnostics.extend(kept.diagnostics);
                ctx.references.all.extend(kept.references);
                return false;
            }
            section = Some(OpenSection {
                node,
                depth,
                context,
                diagnostics: ctx.diagnostics.len(),
                references: ctx.references.all.len(),
                candidates: ctx.credentials.len(),
                comments: Vec::new(),
            });
        }
        // A string's children are quotes, content and escapes unless it interpolates:
        // no rule reads them, and a quarter of a connector's nodes are there.
        id != string || interpolates(node, src)
    });
    if let Some(open) = section.take() {
        close_section(open, &mut ctx, &mut hashes, settings, cache.as_deref_mut());
    }
    if let Some(cache) = cache {
        cache.end(tree.root_node().has_error());
    }
    hashes.leave_to(0, &mut ctx, settings);
    ctx.scope.clear();
    for &index in &settings.file_rules {
        ctx.rule = rules[index].meta();
        rules[index].check_file(&mut ctx);
    }

    let mut diagnostics = ctx.diagnostics;
    crate::secrets::merge_ruby(&mut diagnostics, &ctx.formats, &mut ctx.explanations);
    if connector.is_some() && is_test_fixture(source.path()) {
        diagnostics
            .retain(|d| crate::registry::rule_meta(&d.rule).is_some_and(|m| m.has(Tag::Leak)));
    }
    for d in &mut diagnostics {
        if let Some(severity) = settings.severity_override(&d.rule) {
            d.severity = severity;
        }
    }
    let mut diagnostics = sorted(suppressions.apply(source, settings, diagnostics));
    fingerprint::assign(&mut diagnostics, source, Some(tree));
    LintResult {
        diagnostics,
        explanations: ctx.explanations,
        connector: connector.as_ref().map(|c| facts(c, source)),
        package: None,
    }
}

/// Whether `node` (`x['name']`) indexes the parameter through which the enclosing schema
/// lambda receives the object definitions: the first of `input_fields`/`output_fields`,
/// the third of an object definition's `fields`. Named `object_definitions`, it is a
/// reference already.
fn indexes_object_definitions_parameter(node: Node, src: &str, ancestors: &[Node]) -> bool {
    let k = kinds();
    let Some(object) = node
        .child_by_field_id(k.field_object)
        .filter(|o| o.kind_id() == k.identifier)
    else {
        return false;
    };
    let name = &src[object.byte_range()];
    if name == "object_definitions" {
        return false;
    }
    for ancestor in ancestors.iter().rev().filter(|a| a.kind_id() == k.pair) {
        let index = match connlint_syntax::key_name(*ancestor, src) {
            Some("input_fields" | "output_fields") => 0,
            Some("fields") => 2,
            _ => continue,
        };
        return pair_value(*ancestor)
            .and_then(|value| connlint_syntax::Lambda::new(value, src))
            .is_some_and(|lambda| lambda.params.get(index) == Some(&name));
    }
    false
}

fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics
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
    let fixture = crate::file_kind::is_test_fixture(&project.connector);
    run_whole(settings, fixture, |rule, meta| {
        let mut ctx = crate::ProjectContext {
            project,
            rule: meta,
            diagnostics: Vec::new(),
        };
        rule.check_project(&mut ctx);
        ctx.diagnostics
    })
}

/// Runs `check` for every enabled rule (only the leak rules in a test fixture), with
/// severity overrides and fingerprints: what project and package rules share.
fn run_whole(
    settings: &Settings,
    fixture: bool,
    mut check: impl FnMut(&dyn crate::Rule, &'static crate::RuleMeta) -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in all_rules() {
        let meta = rule.meta();
        if !settings.is_enabled(meta.name) || (fixture && !meta.has(Tag::Leak)) {
            continue;
        }
        for mut d in check(*rule, meta) {
            if let Some(severity) = settings.severity_override(&d.rule) {
                d.severity = severity;
            }
            out.push(d);
        }
    }
    crate::fingerprint::assign_by_message(&mut out);
    out
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
            diagnostics: Vec::new(),
            explanations: Vec::new(),
        };
        rule.check_package_file(&mut ctx);
        found.extend(ctx.diagnostics);
        text.explanations.extend(ctx.explanations);
    }
    found.append(&mut text.diagnostics);
    crate::secrets::merge_text(&mut found);
    // Packages under test directories are fixtures (a linter's broken samples): only
    // leaks matter there, as for connectors.
    if is_test_fixture(source.path()) {
        found.retain(|d| crate::registry::rule_meta(&d.rule).is_some_and(|m| m.has(Tag::Leak)));
    }
    let mut result = finish_text(source, settings, Default::default(), found);
    result.explanations = text.explanations;
    result.package = parsed.as_ref().ok().map(|json| {
        let recipe = recipe.as_ref().and_then(|r| r.as_ref().ok());
        crate::package::facts_of(source, part, json, recipe)
    });
    result
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
