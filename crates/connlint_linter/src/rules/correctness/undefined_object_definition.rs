use connlint_syntax::ReferenceKind;

use crate::rules::helpers::{report_undefined, ReferenceSpec};
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `object_definitions['x']`, `["x"]` and `[:x]` where `object_definitions` has
    /// no such key.
    ///
    /// ## Why is this bad?
    /// The lookup returns nothing at run time: the action shows no fields, or the SDK
    /// raises when it builds the schema.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: { get_user: { output_fields: ->(object_definitions) { object_definitions['users'] } } },
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
    pub struct UndefinedObjectDefinition {
        name: "undefined-object-definition",
        category: Correctness,
        severity: Error,
    }
}

impl Rule for UndefinedObjectDefinition {
    fn check_file(&self, ctx: &mut Context) {
        report_undefined(
            ctx,
            &ReferenceSpec {
                kind: ReferenceKind::ObjectDefinition,
                noun: "object definition",
                section: "object_definitions",
            },
        );
    }
}
