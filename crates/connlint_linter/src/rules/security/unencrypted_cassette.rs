use crate::{declare_rule, ProjectContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports VCR cassettes that are not encrypted (`.yml` rather than `.yml.enc`):
    /// where the project's `cassette_library_dir` puts them (read from
    /// `spec/spec_helper.rb` or `spec/support/vcr.rb`), in `tape_library/` (what
    /// `workato new` sets up), and in `cassettes` folders under `spec/`. Their content is
    /// also scanned by `hardcoded-secret`.
    ///
    /// ## Why is this bad?
    /// Cassettes record real HTTP traffic, headers and tokens included; unencrypted they
    /// publish whatever the recording session saw.
    ///
    /// ## Example
    /// ```text
    /// tape_library/create_ticket.yml
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// tape_library/create_ticket.yml.enc
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
