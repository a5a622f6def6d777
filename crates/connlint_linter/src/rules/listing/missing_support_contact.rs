use crate::rules::contact::find_contact;
use crate::{declare_rule, ProjectContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a connector project whose description — README.md (or the
    /// `description-file` of `[listing]`) and Connector_details.md — gives no support
    /// contact: an email address, a `mailto:` link, or an https link to support, help, a
    /// help center, docs or a contact page. Links in `custom_action_help` or field hints
    /// do not count (users read the description before they install), but when one is
    /// there the help says so, ready to copy.
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
        scope: Project,
    }
}

impl Rule for MissingSupportContact {
    fn check_project(&self, ctx: &mut ProjectContext) {
        let p = ctx.project;
        let mut description = p.description.iter().chain(&p.details);
        if description.any(|f| find_contact(&f.text).is_some()) {
            return;
        }
        let elsewhere = p.facts.help_texts.iter().find_map(|t| find_contact(t));
        let help = match elsewhere {
            Some(contact) => format!(
                "the connector's help text has `{contact}`: add it to README.md, e.g. `Support: {contact}`"
            ),
            None => "add a line such as `Support: support@your-domain.com` or a link to your help center to README.md".to_owned(),
        };
        ctx.report_listing(
            "the listing gives no support contact (email, help center, docs or contact page)",
            help,
        );
    }
}
