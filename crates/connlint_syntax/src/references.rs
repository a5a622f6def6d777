//! References between parts of a connector: `call('m')`, `object_definitions['x']` and
//! `pick_list: 'x'`. Filled node by node from the linter's single walk (`visit`), or by
//! `collect` for tools that have no walk of their own.

use serde::Serialize;
use tree_sitter::{Node, Tree};

use crate::node::{call_method, element_reference_key, key_name, string_literal};
use crate::{kinds, TextRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    Method,
    ObjectDefinition,
    PickList,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// The referenced name; `None` for a dynamic reference (`call(name)`, `"#{x}"`).
    pub name: Option<String>,
    /// The name literal (or the dynamic expression).
    pub range: TextRange,
}

#[derive(Clone, Debug, Default)]
pub struct References {
    pub all: Vec<Reference>,
}

impl References {
    /// Records the reference `node` makes, if any. Cheap for every other node: one or
    /// two integer compares. `pair_key` is the key of `node` when it is a pair (the
    /// walk has read it already).
    pub fn visit(&mut self, node: Node, src: &str, pair_key: Option<&str>) {
        let k = kinds();
        let id = node.kind_id();
        let (kind, target) = if id == k.call {
            // A call without a receiver starts with its method's name.
            if !src.as_bytes()[node.start_byte()..].starts_with(b"call")
                || node
                    .child_by_field_id(crate::kinds().field_receiver)
                    .is_some()
                || call_method(node, src) != Some("call")
            {
                return;
            }
            let Some(args) = node.child_by_field_id(crate::kinds().field_arguments) else {
                return;
            };
            let mut cursor = args.walk();
            let Some(first) = args.named_children(&mut cursor).next() else {
                return;
            };
            (ReferenceKind::Method, first)
        } else if id == k.element_reference {
            match element_reference_key(node, src) {
                // `:object_definitions['x']` is a mistake (`undefined-object-definition`
                // says so), but it names `x`: not an unused definition.
                Some(("object_definitions" | ":object_definitions", key)) => {
                    (ReferenceKind::ObjectDefinition, key)
                }
                _ => return,
            }
        } else if id == k.pair {
            if pair_key != Some("pick_list") {
                return;
            }
            match crate::pair_value(node) {
                // Inline pick lists (`pick_list: [[…]]`) are data, not references.
                Some(value) if value.kind_id() != k.array => (ReferenceKind::PickList, value),
                _ => return,
            }
        } else {
            return;
        };
        let literal = string_literal(target, src);
        self.all.push(Reference {
            kind,
            name: literal.map(|l| l.text.to_owned()),
            range: literal.map_or_else(|| target.byte_range().into(), |l| l.range),
        });
    }

    /// Records `defs['x']` as a reference to object definition `x`: for an index into
    /// the parameter through which a schema lambda receives the object definitions,
    /// whatever the author called it (`|object_definition|`, `|obj_defs|`, `|_, od|`).
    pub fn visit_object_definitions_parameter(&mut self, node: Node, src: &str) {
        let Some((_, key)) = element_reference_key(node, src) else {
            return;
        };
        let literal = string_literal(key, src);
        self.all.push(Reference {
            kind: ReferenceKind::ObjectDefinition,
            name: literal.map(|l| l.text.to_owned()),
            range: literal.map_or_else(|| key.byte_range().into(), |l| l.range),
        });
    }

    /// Walks the whole tree. The linter does not use this: it visits from its own walk.
    pub fn collect(tree: &Tree, src: &str) -> Self {
        let mut refs = Self::default();
        let mut cursor = tree.walk();
        'walk: loop {
            let node = cursor.node();
            let key = (node.kind_id() == kinds().pair)
                .then(|| key_name(node, src))
                .flatten();
            refs.visit(node, src, key);
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        refs
    }

    pub fn of_kind(&self, kind: ReferenceKind) -> impl Iterator<Item = &Reference> {
        self.all.iter().filter(move |r| r.kind == kind)
    }

    /// Whether any reference of this kind is computed at run time.
    pub fn has_dynamic(&self, kind: ReferenceKind) -> bool {
        self.of_kind(kind).any(|r| r.name.is_none())
    }

    pub fn names(&self, kind: ReferenceKind) -> impl Iterator<Item = &str> {
        self.of_kind(kind).filter_map(|r| r.name.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_form() {
        let src = r#"{
          a: call('one'), b: call("two"), c: call(:three), d: call(name),
          e: object_definitions['x'], f: object_definitions["y"], g: object_definitions[:z],
          h: object_definitions[var],
          i: { pick_list: 'p' }, j: { pick_list: :q }, k: { 'pick_list' => 'r' },
          l: { pick_list: [['A', 'a']] }, m: foo.call('not_a_method')
        }"#;
        let tree = crate::parse(&mut crate::new_parser(), src).unwrap();
        let refs = References::collect(&tree, src);
        let names = |kind| refs.names(kind).collect::<Vec<_>>();
        assert_eq!(names(ReferenceKind::Method), ["one", "two", "three"]);
        assert_eq!(names(ReferenceKind::ObjectDefinition), ["x", "y", "z"]);
        assert_eq!(names(ReferenceKind::PickList), ["p", "q", "r"]);
        assert!(refs.has_dynamic(ReferenceKind::Method));
        assert!(refs.has_dynamic(ReferenceKind::ObjectDefinition));
        assert!(!refs.has_dynamic(ReferenceKind::PickList));
        let one = refs.of_kind(ReferenceKind::Method).next().unwrap();
        assert_eq!(&src[one.range.start..one.range.end], "one");
    }
}
