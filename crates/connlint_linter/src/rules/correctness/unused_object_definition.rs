use connlint_syntax::ReferenceKind;

use crate::rules::helpers::{report_unused, ReferenceSpec};
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports object definitions that no `object_definitions[…]` references. Schema
    /// lambdas receive the object definitions positionally, so indexing that parameter
    /// counts whatever it is called (`->(od) { od['user'] }`). Lowered to info when the
    /// file also looks them up by computed names.
    ///
    /// ## Why is this bad?
    /// An unused schema is dead code, and often a sign that an action uses a copy of it
    /// that has drifted.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   object_definitions: { user: { fields: ->() { [{ name: 'id' }] } } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { get_user: { output_fields: ->(object_definitions) { object_definitions['user'] } } },
    ///   object_definitions: { user: { fields: ->() { [{ name: 'id' }] } } }
    /// }
    /// ```
    pub struct UnusedObjectDefinition {
        name: "unused-object-definition",
        category: Correctness,
        severity: Warning,
    }
}

impl Rule for UnusedObjectDefinition {
    fn check_file(&self, ctx: &mut Context) {
        report_unused(
            ctx,
            &ReferenceSpec {
                kind: ReferenceKind::ObjectDefinition,
                noun: "object definition",
                section: "object_definitions",
            },
        );
    }
}
