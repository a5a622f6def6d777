use connlint_syntax::{Kinds, Node, ReferenceKind};

use crate::rules::helpers::{report_undefined, ReferenceSpec};
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports `object_definitions['x']`, `["x"]` and `[:x]` where `object_definitions` has
    /// no such key, and `:object_definitions['x']`, which indexes a Symbol instead.
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
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.element_reference]
    }

    /// `:object_definitions['x']` indexes a Symbol (`Symbol#[]` slices its name), not the
    /// object definitions the lambda receives: the fields are never there.
    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let Some(object) = node.child_by_field_id(connlint_syntax::kinds().field_object) else {
            return;
        };
        if object.kind() == "simple_symbol" && &ctx.text()[object.byte_range()] == ":object_definitions" {
            ctx.report_node(
                object,
                "`:object_definitions[…]` indexes the Symbol `:object_definitions`, not the object definitions",
            )
            .help("drop the colon: `object_definitions['name']`, the lambda's parameter");
        }
    }

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
