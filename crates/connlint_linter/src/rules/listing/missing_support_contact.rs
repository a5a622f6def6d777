use super::contact::find_contact;
use crate::{declare_rule, ProjectContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a connector project whose listing description (README.md, or the
    /// `description-file` of `[listing]`), Connector_details.md, `custom_action_help` and
    /// connection field hints give no support contact: an email address, a `mailto:`
    /// link, or an https link to support, help, a help center, docs or a contact page.
    /// Words such as "Unsupported", a `supportID` field, a `/contacts` API endpoint or an
    /// example address (`user@example.com`) are not contacts.
    ///
    /// ## Why is this bad?
    /// Workato's community library rejects connectors whose description gives users no
    /// way to reach support. `workato push` uploads README.md as that description.
    ///
    /// ## Example
    /// ```markdown
    /// # Brightdesk connector
    ///
    /// Create and update Brightdesk tickets from your recipes.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// # Brightdesk connector
    ///
    /// Create and update Brightdesk tickets from your recipes.
    ///
    /// Support: support@brightdesk.io · Docs: https://help.brightdesk.io/workato
    /// ```
    pub struct MissingSupportContact {
        name: "missing-support-contact",
        category: Listing,
        severity: Error,
    }
}

impl Rule for MissingSupportContact {
    fn check_project(&self, ctx: &mut ProjectContext) {
        let p = ctx.project;
        let texts = p
            .description
            .iter()
            .chain(&p.details)
            .map(|f| f.text.as_str())
            .chain(p.facts.help_texts.iter().map(String::as_str));
        for text in texts {
            if find_contact(text).is_some() {
                return;
            }
        }
        ctx.report_listing(
            "the listing gives no support contact (email, help center, docs or contact page)",
            "add a line such as `Support: support@your-domain.com` or a link to your help center to README.md",
        );
    }
}
