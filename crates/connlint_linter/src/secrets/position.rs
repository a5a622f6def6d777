//! Where a byte range sits in the tree: the facts that set a finding's confidence.

use connlint_syntax::{call_method, key_name, kinds, Node, TextRange, Tree};

/// Hash keys whose values are documentation shown to users. `body:` and `learn_more_*`
/// count only inside `help:`, which this list covers: a request `body:` is code.
pub(super) const DOC_KEYS: &[&str] = &[
    "hint",
    "help",
    "description",
    "subtitle",
    "title",
    "custom_action_help",
    "label",
    "placeholder",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Code,
    Comment,
    /// Inside `sample_output`: example data, low confidence.
    SampleOutput,
    /// Inside hint, help or description text.
    Docs,
}

impl Place {
    pub fn describe(self) -> &'static str {
        match self {
            Place::Code => "code",
            Place::Comment => "a comment",
            Place::SampleOutput => "sample output",
            Place::Docs => "documentation text",
        }
    }
}

/// Facts about the ancestors of a node or range.
#[derive(Clone, Debug)]
pub struct Surroundings {
    pub place: Place,
    /// Inside the arguments of a method call (a request: `headers`, `payload`, `post` …).
    pub in_call_arguments: bool,
    /// Inside the arguments of a `headers(…)` call.
    pub in_headers: bool,
}

/// Ancestors are followed this far up; credential positions are shallow, and the bound
/// keeps hostile nesting linear.
const MAX_DEPTH: usize = 48;

/// What encloses `node`, from its parents.
pub fn surroundings_of(node: Node, src: &str) -> Surroundings {
    let k = kinds();
    let mut place = Place::Code;
    let mut in_call_arguments = false;
    let mut in_headers = false;
    let mut child = node;
    let mut current = node.parent();
    let mut depth = 0;
    while let Some(parent) = current {
        if depth == MAX_DEPTH {
            break;
        }
        let id = parent.kind_id();
        if id == k.pair
            && parent
                .child_by_field_id(connlint_syntax::kinds().field_value)
                .is_some_and(|v| v.id() == child.id())
        {
            if let Some(key) = key_name(parent, src) {
                if key == "sample_output" {
                    place = Place::SampleOutput;
                } else if place == Place::Code && DOC_KEYS.contains(&key) {
                    place = Place::Docs;
                }
            }
        } else if id == k.argument_list {
            in_call_arguments = true;
            if parent.parent().and_then(|call| call_method(call, src)) == Some("headers") {
                in_headers = true;
            }
        }
        child = parent;
        current = parent.parent();
        depth += 1;
    }
    Surroundings {
        place,
        in_call_arguments,
        in_headers,
    }
}

/// What encloses `range`: the deepest node that contains it, then its ancestors.
pub fn surroundings_of_range(tree: &Tree, src: &str, range: TextRange) -> Surroundings {
    let root = tree.root_node();
    let node = root
        .descendant_for_byte_range(range.start, range.end)
        .unwrap_or(root);
    let mut s = surroundings_of(node, src);
    if node.kind_id() == kinds().comment {
        s.place = Place::Comment;
    }
    s
}
