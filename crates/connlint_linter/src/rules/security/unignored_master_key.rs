use crate::{declare_rule, ProjectContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `master.key` beside the connector that git does not ignore.
    ///
    /// ## Why is this bad?
    /// `master.key` decrypts `settings.yaml.enc` and the encrypted cassettes: committed,
    /// it hands every credential in them to whoever reads the repository.
    ///
    /// ## Example
    /// ```text
    /// connector.rb
    /// master.key          # tracked by git
    /// settings.yaml.enc
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// .gitignore          # contains: master.key
    /// connector.rb
    /// master.key
    /// settings.yaml.enc
    /// ```
    pub struct UnignoredMasterKey {
        name: "unignored-master-key",
        category: Security,
        severity: Error,
        scope: Project,
        tags: [Leak],
    }
}

impl Rule for UnignoredMasterKey {
    fn check_project(&self, ctx: &mut ProjectContext) {
        if let Some((path, false)) = &ctx.project.master_key {
            ctx.report(
                path,
                None,
                "`master.key` is not ignored by git",
                "add `master.key` to .gitignore (and rotate it if it was ever pushed)",
            );
        }
    }
}
