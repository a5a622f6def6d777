use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports actions and triggers that declare `output_fields` but no `sample_output`.
    ///
    /// ## Why is this bad?
    /// Without sample output, datapills show no example values in the recipe editor,
    /// and users map fields blind.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     get_user: { output_fields: ->(od) { od['user'] }, execute: ->(_c, i) { get("users/#{i['id']}") } }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {
    ///     get_user: {
    ///       output_fields: ->(od) { od['user'] },
    ///       execute: ->(_c, i) { get("users/#{i['id']}") },
    ///       sample_output: ->(_c, _i) { get('users', limit: 1).first || {} }
    ///     }
    ///   }
    /// }
    /// ```
    pub struct MissingSampleOutput {
        name: "missing-sample-output",
        category: Documentation,
        severity: Info,
    }
}

impl Rule for MissingSampleOutput {
    fn check_file(&self, ctx: &mut Context) {
        let Some(connector) = ctx.connector else {
            return;
        };
        for (kind, op) in connector.operations() {
            let Some(hash) = &op.hash else {
                continue;
            };
            if hash.has("output_fields") && hash.lacks("sample_output") {
                ctx.report_node(
                    op.entry.key,
                    format!(
                        "{kind} `{}` has `output_fields` but no `sample_output`",
                        op.name()
                    ),
                )
                .help("add `sample_output:` returning one realistic record");
            }
        }
    }
}
