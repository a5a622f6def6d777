use connlint_diagnostics::redact;
use connlint_syntax::lex::Token;
use connlint_syntax::{Kinds, Node, TextRange};

use crate::secrets::{
    assess, recipe_values, Collected, FileFacts, Place,
    Position, Role,
};
use crate::{Diagnostic, 
    declare_rule, Context, PackageFileContext, Rule, RuleInfo, Settings, TextContext,
};

declare_rule! {
    /// ## What it does
    /// Reports credentials written as literals anywhere in Ruby — connector lambdas,
    /// `methods`, code before the hash, helper files, specs — and in the text files beside
    /// them (`settings.yaml`, `.env`, cassettes, JSON fixtures). A literal is a candidate
    /// by where it stands:
    /// - bound to a credential name: a hash key or keyword argument (`api_key: '…'`,
    ///   `'X-Api-Key' => '…'`), a local, instance variable or constant (`token = '…'`,
    ///   `API_SECRET = '…'`), an attribute or index (`config.api_key = '…'`,
    ///   `h[:password] = '…'`, `||=`, multiple assignment), a default or fallback
    ///   (`ENV.fetch('X', '…')`, `connection['api_key'] || '…'`), a spec definition
    ///   (`let(:token) { '…' }`, a factory attribute, a stub), a comparison, a form field;
    /// - taken by a credential call position: `password(…)`, `basic_auth(u, p)`,
    ///   `OpenSSL::HMAC.hexdigest(d, KEY, data)`, `workato.hmac_*`, `workato.jwt_encode`,
    ///   `JWT.encode`, `ROTP::TOTP.new`, `Aws::Credentials.new`, `'user:pass'` fed to
    ///   Base64 for a Basic header, an `Authorization` or `…-Key` header;
    /// - through data flow: a literal bound to a local, instance variable or constant that
    ///   later reaches such a sink in the same lambda or method (`token = '…'` then
    ///   `"Bearer #{token}"`) is reported at the literal, naming the sink and its line;
    /// - in text: `key: value`, `KEY=value`, `"key": "value"`, `?api_key=…`, and URL
    ///   passwords, in strings, heredocs and text files;
    /// - in commented-out configuration: `# config.oauth_token = '…'`, `# api_key: '…'`;
    /// - in recipes (`*.recipe.json`): the literal text of step inputs (headers, key/value
    ///   lists, bodies, URLs), `extended_input_schema` defaults and condition operands,
    ///   with datapills and formulas read as expressions, not text.
    ///
    /// One confidence model (`connlint check --explain` prints it for every candidate)
    /// weighs how strongly the name says *secret* (`client_secret` > `token` > `key`) or
    /// the sink says *credential*, against the value's shape (random, mixed, weak, or a
    /// fake: placeholder, test words, sequence, template, route, URL, version, UUID used
    /// as an id, a value equal to its name). Random values at credential names or sinks
    /// are errors; mixed values warnings; plain words only count in the connector's own
    /// credential positions (`connection:` and request headers). In specs and fixtures
    /// only random values count, so `'1234'` or `'password'` there are not findings,
    /// while a pasted live key is. Other comments, `sample_output` and documentation text are
    /// left to the provider formats of `hardcoded-secret`.
    ///
    /// ## Why is this bad?
    /// A credential in the source is shared with everyone who installs the connector and
    /// cannot be rotated without a new release. Values must come from connection fields
    /// the user fills in.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: {
    ///     authorization: {
    ///       type: 'api_key',
    ///       apply: lambda do |connection|
    ///         headers('X-Api-Key' => 'q8Rw2NcX7kLp4ZsT1vYb')
    ///       end
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: {
    ///     fields: [{ name: 'api_key', control_type: 'password', optional: false }],
    ///     authorization: {
    ///       type: 'api_key',
    ///       apply: lambda do |connection|
    ///         headers('X-Api-Key' => connection['api_key'])
    ///       end
    ///     }
    ///   }
    /// }
    /// ```
    pub struct HardcodedCredential {
        name: "hardcoded-credential",
        category: Security,
        severity: Error,
        tags: [Leak],
    }
}

impl Rule for HardcodedCredential {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![
            k.string,
            k.bare_string,
            k.heredoc_body,
            k.identifier,
            k.instance_variable,
            k.constant,
            k.comment,
        ]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        ctx.collect_credentials(node);
    }

    fn check_file(&self, ctx: &mut Context) {
        let candidates = std::mem::take(&mut ctx.secrets.credentials.candidates);
        crate::secrets::judge(&mut ctx.reporter, candidates);
    }

    fn tree_free(&self) -> bool {
        true
    }

    fn needs_tree(&self, token: &Token, _settings: &Settings) -> bool {
        match token {
            Token::Literal(literal) => crate::secrets::may_collect(literal),
            Token::Comment(text) => crate::secrets::comment_may_collect(text),
            _ => false,
        }
    }

    fn check_text(&self, ctx: &mut TextContext) {
        // A package's JSON is read by its structure (`check_package_file`).
        if !matches!(ctx.source.class().kind, crate::FileKind::Package(_)) {
            scan_text_credentials(ctx);
        }
    }

    fn check_package_file(&self, ctx: &mut PackageFileContext) {
        let Some(recipe) = ctx.recipe() else {
            return;
        };
        let role = Role::of(ctx.source, false);
        // A value and a credential inside it (`url` and its `?api_key=`): the first
        // judged a credential is reported.
        let mut reported: Vec<TextRange> = Vec::new();
        for value in recipe_values(recipe, ctx.source.text(), role) {
            let evidence = &value.evidence;
            let range = evidence.range;
            if reported.iter().any(|r| r.start < range.end && range.start < r.end) {
                continue;
            }
            let assessment = assess(evidence);
            ctx.explain(range.start, || crate::secrets::explained_as(evidence.value), || {
                assessment.why.clone()
            });
            let Some(severity) = assessment.severity else {
                continue;
            };
            reported.push(range);
            let message = format!(
                "hardcoded credential `{}` in {} `{}`",
                redact(evidence.value),
                value.step,
                value.path
            );
            ctx.report(evidence.range, message)
                .severity(severity)
                .secret(evidence.range)
                .help(RECIPE_HELP);
        }
    }
}

const RECIPE_HELP: &str = "revoke this credential; a recipe takes credentials from its connection (users connect with their own) or from an environment property, never from a step's input";

/// Info strings of fenced blocks that hold configuration, data or shell commands. Code
/// blocks (Ruby and the rest) are not read as text: `token = Client.new(…)` is code.
const CONFIG_FENCES: &[&str] = &[
    "yaml", "yml", "json", "env", "dotenv", "ini", "toml", "properties", "sh", "shell",
    "bash", "zsh", "console", "shell-session", "http", "text", "txt", "plain", "javascript",
    "js", "jsonc", "json5",
];

/// The parts of a Markdown file that hold configuration and commands: fenced blocks
/// tagged as configuration, data, JavaScript objects or shell, or not tagged at all (a
/// README's untagged block is most often a config or shell example), indented code
/// blocks that do not read as Ruby, `curl`/`http` command lines anywhere else, and
/// `NAME_KEY=value` assignments written in prose. Prose itself is not read: "the token:
/// see below" is no credential.
fn markdown_code(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    // The open fence: where its body starts, and whether the body is read whole.
    let mut fence: Option<(usize, bool)> = None;
    let mut untagged = false;
    // The open indented block's start, and whether the line before was blank.
    let mut indented: Option<usize> = None;
    let mut after_blank = true;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let blank = trimmed.is_empty();
        if fence.is_none() && !trimmed.starts_with("```") && !trimmed.starts_with("~~~") {
            let code_line = !blank && (line.starts_with("    ") || line.starts_with('\t'));
            if code_line && (after_blank || indented.is_some()) {
                indented.get_or_insert(offset);
            } else if !blank {
                close_indented(text, &mut out, &mut indented, offset);
            }
        }
        after_blank = blank;
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            close_indented(text, &mut out, &mut indented, offset);
            match fence.take() {
                Some((start, true)) => out.push((start, &text[start..offset])),
                Some((start, false)) if untagged && !looks_like_code(&text[start..offset]) => {
                    out.push((start, &text[start..offset]));
                }
                Some((_, false)) => {}
                None => {
                    let info = trimmed.trim_start_matches(['`', '~']).trim();
                    let lang = info.split([' ', '{', ',']).next().unwrap_or("");
                    untagged = lang.is_empty();
                    let whole = CONFIG_FENCES.contains(&lang.to_ascii_lowercase().as_str());
                    fence = Some((offset + line.len(), whole));
                }
            }
        } else if indented.is_none() && !matches!(fence, Some((_, true))) {
            let command = trimmed.trim_start_matches(['$', '>', ' ', '`']);
            if command.starts_with("curl ") || command.starts_with("http ") {
                out.push((offset, line));
            } else if fence.is_none() {
                out.extend(env_assignments(line).map(|(at, a)| (offset + at, a)));
            }
        }
        offset += line.len();
    }
    close_indented(text, &mut out, &mut indented, text.len());
    if let Some((start, whole)) = fence {
        if whole || untagged && !looks_like_code(&text[start..]) {
            out.push((start, &text[start..]));
        }
    }
    out
}

/// Ends the indented code block open since `open`, at `end`: read unless it is Ruby.
fn close_indented<'t>(
    text: &'t str,
    out: &mut Vec<(usize, &'t str)>,
    open: &mut Option<usize>,
    end: usize,
) {
    if let Some(start) = open.take() {
        let body = &text[start..end];
        if !looks_like_code(body) {
            out.push((start, body));
        }
    }
}

/// An untagged block that reads as Ruby (calls, blocks, constants, the connection
/// hash): code, not configuration.
fn looks_like_code(body: &str) -> bool {
    ["def ", " do", "->", "lambda", "::", ".new(", "connection[", "end\n"]
        .iter()
        .any(|m| body.contains(m))
}

/// `SOME_API_KEY=value` written in a line of prose (often in backticks): an environment
/// variable's name, upper case, that says credential, and the value up to a space or
/// backtick; with its offset in `line`.
fn env_assignments(line: &str) -> impl Iterator<Item = (usize, &str)> {
    line.match_indices('=').filter_map(move |(eq, _)| {
        let name_start = line[..eq]
            .rfind(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
            .map_or(0, |i| i + 1);
        let name = &line[name_start..eq];
        let end = line[eq + 1..]
            .find(|c: char| c.is_whitespace() || c == '`')
            .map_or(line.len(), |i| eq + 1 + i);
        let credential = name.len() >= 3
            && name.starts_with(|c: char| c.is_ascii_uppercase())
            && ["KEY", "TOKEN", "SECRET", "PASSWORD"]
                .iter()
                .any(|w| name.contains(w));
        (credential && end > eq + 1).then(|| (name_start, &line[name_start..end]))
    })
}

/// Credential-named keys with values in a text file beside the code (`settings.yaml`,
/// `.env`, cassettes, JSON fixtures, the code blocks and `curl` lines of Markdown),
/// judged by the same model.
fn scan_text_credentials(ctx: &mut TextContext) {
    let source = ctx.source;
    let meta = HardcodedCredential.meta();
    let role = Role::of(source, false);
    let facts = FileFacts {
        role,
        connection: None,
    };
    let mut collected = Collected::default();
    if source.path().to_ascii_lowercase().ends_with(".md") {
        for (offset, code) in markdown_code(source.text()) {
            collected.text_values(code, offset, facts, Place::Code, &Position::default());
        }
    } else {
        collected.text_values(source.text(), 0, facts, Place::Code, &Position::default());
    }
    let mut out: Vec<Diagnostic> = Vec::new();
    for candidate in collected.candidates {
        let evidence = candidate.evidence;
        let range = evidence.range;
        let overlaps = |d: &Diagnostic| {
            d.secrets
                .iter()
                .any(|&(s, e)| s < range.end && range.start < e)
        };
        if out.iter().any(overlaps) {
            continue;
        }
        let assessment = assess(&evidence);
        ctx.explain(range.start, || crate::secrets::explained_as(evidence.value), || {
            assessment.why.clone()
        });
        let Some(severity) = assessment.severity else {
            continue;
        };
        let key = evidence.name.map_or("", |(key, _)| key);
        let message = format!(
            "hardcoded credential `{}` in `{key}`",
            redact(evidence.value)
        );
        let mut d = crate::file_diagnostic(meta, source.path(), message);
        d.range = crate::reporter::to_range(source, range);
        d.severity = severity;
        d.help = Some(crate::secrets::role_help(role).to_owned());
        d.secrets.push((range.start, range.end));
        out.push(d);
    }
    ctx.reporter.diagnostics.extend(out);
}
