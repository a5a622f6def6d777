use std::sync::OnceLock;

use connlint_diagnostics::Label;
use regex::{Regex, RegexBuilder};

use crate::{declare_rule, ProjectContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports template text left in the listing description or Connector_details.md:
    /// `[Your company]`-style brackets, the placeholder company "Acme" and its URLs,
    /// empty `Email:`/`Phone:`/`Website:` lines, "Lorem ipsum", TODO/TBD.
    ///
    /// ## Why is this bad?
    /// Reviewers reject a listing that still reads like the template it was copied from,
    /// and users cannot reach a company called "Acme".
    ///
    /// ## Example
    /// ```markdown
    /// ## Support
    /// Company: [Your company]
    /// Email:
    /// Website: https://www.acme.com/support
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ## Support
    /// Company: Brightdesk Inc.
    /// Email: support@brightdesk.io
    /// Website: https://help.brightdesk.io
    /// ```
    pub struct UnfilledListingTemplate {
        name: "unfilled-listing-template",
        category: Listing,
        severity: Error,
        scope: Project,
    }
}

fn patterns() -> &'static [(Regex, &'static str)] {
    static RE: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    RE.get_or_init(|| {
        let ci = |p: &str| RegexBuilder::new(p).case_insensitive(true).multi_line(true).build().expect("valid");
        let cs = |p: &str| RegexBuilder::new(p).multi_line(true).build().expect("valid");
        vec![
            (ci(r"\[(?:your|company|insert|enter|app)[^\]\n]*\]"), "a template placeholder"),
            (ci(r"<(?:your|company|insert)[^>\n]*>"), "a template placeholder"),
            (cs(r"\b(?:Acme|ACME)\b"), "the template company name \"Acme\""),
            (ci(r"https?://(?:www\.)?(?:acme|yourcompany|company)\.com\S*"), "a template URL"),
            (ci(r"^[ \t]*[-*]?[ \t]*\**(?:e-?mail|phone|website|support|contact|documentation|help center)\**[ \t]*:[ \t]*\**[ \t]*$"), "an empty contact line"),
            (ci(r"\blorem ipsum\b"), "placeholder text"),
            (cs(r"\b(?:TODO|TBD|FIXME)\b"), "an unfinished note"),
        ]
    })
}

impl Rule for UnfilledListingTemplate {
    fn check_project(&self, ctx: &mut ProjectContext) {
        let p = ctx.project;
        for file in p.description.iter().chain(&p.details) {
            let mut found: Vec<(usize, usize, &str)> = Vec::new();
            for (re, what) in patterns() {
                found.extend(re.find_iter(&file.text).map(|m| (m.start(), m.end(), *what)));
            }
            found.sort_unstable();
            let Some(&(start, end, what)) = found.first() else {
                continue;
            };
            // One finding per file: a template left whole is one fix, not nine.
            let shown = |s: usize, e: usize| -> String {
                file.text[s..e].trim().chars().take(40).collect()
            };
            let more = match found.len() {
                1 => String::new(),
                n => format!(" (and {} more places, labelled)", n - 1),
            };
            ctx.report(
                &file.path,
                Some(ProjectContext::range_in(&file.text, start..end)),
                format!("listing still has {what}: `{}`{more}", shown(start, end)),
                "replace the template text with your company's real details",
            );
            let labels = found[1..].iter().map(|&(s, e, what)| Label {
                range: ProjectContext::range_in(&file.text, s..e),
                message: format!("{what}: `{}`", shown(s, e)),
            });
            if let Some(d) = ctx.diagnostics.last_mut() {
                d.labels.extend(labels);
            }
        }
    }
}
