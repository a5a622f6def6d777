use connlint_syntax::lex::Token;
use connlint_diagnostics::{redact, Severity};

use crate::reporter::to_range;
use crate::secrets::{surroundings_of_range, Candidate, Detector, Place, Verdict};

use crate::{declare_rule, Context, Rule, RuleInfo, Settings, TextContext};

declare_rule! {
    /// ## What it does
    /// Reports credentials in known provider formats anywhere in a file: Stripe, GitHub,
    /// Slack, AWS, Google, SendGrid, Twilio, Shopify, HubSpot, Atlassian, OpenAI,
    /// Anthropic, private key blocks, JWTs, passwords in URLs and more (the detectors in
    /// `rules/secrets/`, plus your own from config). Live secrets are errors, documented
    /// test keys warnings, bare identifiers info; in comments a warning, in
    /// `sample_output` and documentation text info. A value made of test words or a
    /// sequence (`guest:guest@`, `0123456789abcdef`) is dropped, by the same test for
    /// fakes the other credential rules use. When a name or position already reports
    /// the value (`hardcoded-credential`), the two are one finding naming the format.
    ///
    /// ## Why is this bad?
    /// A live key in a published connector, spec or cassette is usable by anyone who
    /// reads it. Revoke it, then read the value from a connection field.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   methods: {
    ///     orders: lambda do
    ///       get('https://shop:Xk29fLq8ZrVt@api.acme.example/v1/orders')
    ///     end
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   methods: {
    ///     orders: lambda do |connection|
    ///       get('https://api.acme.example/v1/orders')
    ///         .user(connection['user'])
    ///         .password(connection['password'])
    ///     end
    ///   }
    /// }
    /// ```
    pub struct HardcodedSecret {
        name: "hardcoded-secret",
        category: Security,
        severity: Error,
        tags: [Leak],
    }
}

fn severity_in(place: Place, detector: &Detector) -> Severity {
    match place {
        Place::Code => detector.severity,
        Place::Comment => detector.severity.min(Severity::Warning),
        Place::SampleOutput | Place::Docs => Severity::Info,
    }
}

fn message(detector: &Detector, value: &str, place: Place) -> String {
    let mut m = format!("{} `{}`", detector.name, redact(value));
    if place != Place::Code {
        m.push_str(&format!(" in {}", place.describe()));
    }
    m
}

fn help(detector: &Detector) -> String {
    let mut h = "revoke this credential, then read the value from a connection field".to_owned();
    if let Some(reference) = detector.references.first() {
        h.push_str(&format!(" (format: {reference})"));
    }
    h
}

impl Rule for HardcodedSecret {
    fn check_file(&self, ctx: &mut Context) {
        let settings = ctx.settings;
        let engine = settings.secrets();
        let src = ctx.text();
        for Candidate {
            detector,
            range,
            verdict,
        } in engine.candidates(src)
        {
            let detector = &engine.detectors()[detector];
            let value = &src[range.start..range.end];
            let candidate = || format!("{} `{}`", detector.id, redact(value));
            if let Verdict::Drop(reason) = verdict {
                ctx.explain(range.start, candidate, || format!("dropped: {reason}"));
                continue;
            }
            let place = surroundings_of_range(ctx.tree, src, range).place;
            let severity = severity_in(place, detector);
            ctx.explain(range.start, candidate, || {
                format!("reported as {severity} ({})", place.describe())
            });
            ctx.report(range, message(detector, value, place))
                .severity(severity)
                .secret(range)
                .help(help(detector))
                .provider_format(&detector.name, candidate());
        }
    }

    fn check_text(&self, ctx: &mut TextContext) {
        scan_plain_text(ctx);
    }

    fn tree_free(&self) -> bool {
        true
    }

    /// The provider formats are found in the text; only where one stands needs the tree.
    fn needs_tree(&self, _token: &Token, _settings: &Settings) -> bool {
        false
    }

    fn text_needs_tree(&self, text: &str, settings: &Settings) -> Vec<usize> {
        settings
            .secrets()
            .candidates(text)
            .iter()
            .filter(|c| settings.explain || !matches!(c.verdict, Verdict::Drop(_)))
            .map(|c| c.range.start)
            .collect()
    }
}

/// The secrets scan of a file that is not Ruby (YAML cassettes, settings, `.env`,
/// Markdown, package JSON): provider formats only, no syntax. A live key is as live in
/// README.md, the published listing text, as in code: the detector's severity holds.
fn scan_plain_text(ctx: &mut TextContext) {
    let meta = HardcodedSecret.meta();
    let (source, settings) = (ctx.source, ctx.settings);
    let engine = settings.secrets();
    let text = source.text();
    for Candidate {
        detector,
        range,
        verdict,
    } in engine.candidates(text)
    {
        let detector = &engine.detectors()[detector];
        let value = &text[range.start..range.end];
        let candidate = || format!("{} `{}`", detector.name, redact(value));
        let severity = detector.severity;
        if let Verdict::Drop(why) = verdict {
            ctx.explain(range.start, candidate, || format!("dropped: {why}"));
            continue;
        }
        ctx.explain(range.start, candidate, || format!("reported as {severity}"));
        let mut d =
            crate::file_diagnostic(meta, source.path(), message(detector, value, Place::Code));
        d.range = to_range(source, range);
        d.severity = severity;
        d.help = Some(help(detector));
        d.secrets.push((range.start, range.end));
        ctx.push(d);
    }
}
