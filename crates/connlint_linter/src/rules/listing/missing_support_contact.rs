use crate::rules::contact::{find_contact, find_contact_or_placeholder, Contact};
use crate::{declare_rule, ProjectContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a connector project whose description — README.md (or the
    /// `description-file` of `[listing]`) and Connector_details.md — gives no support
    /// contact: an email address, a `mailto:` link, or an https link to support, help, a
    /// help center, docs or a contact page. Links in `custom_action_help` or field hints
    /// do not count (users read the description before they install), but when one is
    /// there the help says so, ready to copy.
    /// Words such as "Unsupported", a `supportID` field, a `/contacts` API endpoint, an
    /// example address (`user@example.com`) or another party's documentation (Workato's
    /// docs, RSpec's, Ruby's) are not contacts; the issue tracker of the connector's own
    /// repository (`https://github.com/acme/acme-connector/issues`) is. A contact on a
    /// placeholder domain (`support@example.com`, a template's `acme.com/support`) is
    /// reported as such.
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
        let found: Vec<Contact> = p
            .description
            .iter()
            .chain(&p.details)
            .filter_map(|f| find_contact_or_placeholder(&f.text))
            .collect();
        if found.iter().any(|c| matches!(c, Contact::Real(_))) {
            return;
        }
        if let Some(Contact::Placeholder(contact)) = found.first() {
            ctx.report_listing(
                format!("the listing's support contact `{contact}` is on a placeholder domain"),
                "replace it with your real support address or help center",
            );
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
