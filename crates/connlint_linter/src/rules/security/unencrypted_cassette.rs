use crate::{declare_rule, ProjectContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports VCR cassettes under `spec/` that are not encrypted (`.yml` rather than
    /// `.yml.enc`). Their content is also scanned by `hardcoded-secret`.
    ///
    /// ## Why is this bad?
    /// Cassettes record real HTTP traffic, headers and tokens included; unencrypted they
    /// publish whatever the recording session saw.
    ///
    /// ## Example
    /// ```text
    /// spec/cassettes/create_ticket.yml
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// spec/cassettes/create_ticket.yml.enc
    /// ```
    pub struct UnencryptedCassette {
        name: "unencrypted-cassette",
        category: Security,
        severity: Warning,
        scope: Project,
        tags: [Leak],
    }
}

impl Rule for UnencryptedCassette {
    fn check_project(&self, ctx: &mut ProjectContext) {
        for path in &ctx.project.plain_cassettes {
            ctx.report(
                path,
                None,
                "VCR cassette is not encrypted",
                "record cassettes with encryption enabled (`.yml.enc`), or filter credentials before committing",
            );
        }
    }
}
