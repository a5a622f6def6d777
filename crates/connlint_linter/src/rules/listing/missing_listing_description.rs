use crate::{declare_rule, ProjectContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a connector project without a listing description (README.md beside the
    /// connector, or the `description-file` of `[listing]`), or with one shorter than a
    /// sentence.
    ///
    /// ## Why is this bad?
    /// `workato push` uploads README.md as the connector's description in the community
    /// library; without it the listing says nothing about what the connector does.
    ///
    /// ## Example
    /// ```markdown
    /// # Brightdesk
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// # Brightdesk
    ///
    /// Create, update and search Brightdesk tickets, and trigger recipes on new ones.
    /// Support: support@brightdesk.io
    /// ```
    pub struct MissingListingDescription {
        name: "missing-listing-description",
        category: Listing,
        severity: Warning,
        scope: Project,
    }
}

/// A sentence's worth of words, headings and markup aside.
const MIN_WORDS: usize = 6;

impl Rule for MissingListingDescription {
    fn check_project(&self, ctx: &mut ProjectContext) {
        let Some(file) = &ctx.project.description else {
            if ctx.project.listing_file.is_some() {
                ctx.report_listing(
                    "connector has no listing description (`description` of its listing is empty or null)",
                    "set `description` (`workato push` takes README.md or --description): what it does, for whom, and how to get support",
                );
            } else {
                ctx.report_listing(
                    "connector has no listing description (README.md)",
                    "add a README.md beside the connector: what it does, for whom, and how to get support",
                );
            }
            return;
        };
        let words = file
            .text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(str::split_whitespace)
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        if words < MIN_WORDS {
            let message = if words == 0 && file.text.trim_start().starts_with('#') {
                "listing description is only a heading".to_owned()
            } else {
                format!("listing description is shorter than a sentence ({words} words)")
            };
            ctx.report_listing(
                message,
                "describe what the connector does, for whom, and how to get support",
            );
        }
    }
}
