//! Small, allocation-free readers over tree-sitter-ruby nodes.

use serde::Serialize;
use tree_sitter::Node;

use crate::{kinds, TextRange};

/// Whether a literal was written as a string or a symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LiteralKind {
    String,
    Symbol,
}

/// A string or symbol literal: its text without quotes or colon, and where that text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiteralRef<'a> {
    pub text: &'a str,
    pub range: TextRange,
    pub kind: LiteralKind,
}

fn text<'a>(node: Node, src: &'a str) -> &'a str {
    src.get(node.byte_range()).unwrap_or("")
}

/// The literal text of a string without interpolation, or of a symbol. Escape sequences
/// stay as written: a credential rule wants the bytes the author typed.
pub fn string_literal<'a>(node: Node, src: &'a str) -> Option<LiteralRef<'a>> {
    let k = kinds();
    let kind_id = node.kind_id();
    let (range, kind) = if kind_id == k.string || kind_id == k.delimited_symbol {
        let mut first = None;
        let mut last = None;
        let (start, end) = (node.start_byte(), node.end_byte());
        let bytes = src.as_bytes();
        let one_part = node.named_child_count() == 1;
        // `'…'` or `"…"` in one part: the part is everything between the quotes, unless a
        // double-quoted one is all interpolation (`"#{x}"`). Read from the bytes: asking
        // the tree for the child costs hundreds of instructions.
        if one_part
            && kind_id == k.string
            && end >= start + 2
            && matches!(bytes[start], b'\'' | b'"')
            && bytes[end - 1] == bytes[start]
        {
            if bytes[start] == b'"' && src[start + 1..].starts_with("#{") {
                return None;
            }
            debug_assert_eq!(
                node.named_child(0).map(|c| c.byte_range()),
                Some(start + 1..end - 1),
                "a one-part quoted string's part spans its inside"
            );
            first = Some(start + 1);
            last = Some(end - 1);
        } else if one_part {
            let child = node.named_child(0)?;
            if child.kind_id() == k.interpolation {
                return None;
            }
            first = Some(child.start_byte());
            last = Some(child.end_byte());
        } else {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                if child.kind_id() == k.interpolation {
                    return None;
                }
                first.get_or_insert(child.start_byte());
                last = Some(child.end_byte());
            }
        }
        let range = match (first, last) {
            (Some(start), Some(end)) => TextRange::new(start, end),
            _ => {
                // An empty literal: place the empty range just inside the closing quote.
                let end = node.end_byte().saturating_sub(1).max(node.start_byte());
                TextRange::new(end, end)
            }
        };
        let kind = if kind_id == k.string {
            LiteralKind::String
        } else {
            LiteralKind::Symbol
        };
        (range, kind)
    } else if kind_id == k.simple_symbol {
        let r = node.byte_range();
        (TextRange::new(r.start + 1, r.end), LiteralKind::Symbol)
    } else if kind_id == k.hash_key_symbol {
        (node.byte_range().into(), LiteralKind::Symbol)
    } else {
        return None;
    };
    Some(LiteralRef {
        text: src.get(range.start..range.end)?,
        range,
        kind,
    })
}

/// Whether `node` is a literal value: string/symbol without interpolation, number,
/// `true`/`false`/`nil`.
pub fn is_literal(node: Node) -> bool {
    let k = kinds();
    let id = node.kind_id();
    id == k.integer
        || id == k.float
        || id == k.nil
        || id == k.true_
        || id == k.false_
        || (id == k.string && !has_interpolation(node))
        || id == k.simple_symbol
        || id == k.delimited_symbol && !has_interpolation(node)
}

fn has_interpolation(node: Node) -> bool {
    let mut cursor = node.walk();
    let found = node
        .named_children(&mut cursor)
        .any(|c| c.kind_id() == kinds().interpolation);
    found
}

/// A string that is nothing but `#{…}` parts (and whitespace): its value comes entirely
/// from code, so it is never a hardcoded credential.
pub fn string_is_interpolation_only(node: Node, src: &str) -> bool {
    let k = kinds();
    if node.kind_id() != k.string {
        return false;
    }
    let mut cursor = node.walk();
    let mut saw_interpolation = false;
    for child in node.named_children(&mut cursor) {
        if child.kind_id() == k.interpolation {
            saw_interpolation = true;
        } else if !text(child, src).trim().is_empty() {
            return false;
        }
    }
    saw_interpolation
}

/// The text of the content between quotes (or of a symbol), for any literal.
pub fn literal_text<'a>(node: Node, src: &'a str) -> Option<&'a str> {
    string_literal(node, src).map(|l| l.text)
}

/// The key of a hash pair. A node never starts or ends with a comment (tree-sitter moves
/// leading and trailing extras to the parent), so the key is the first child and the
/// value the last: reading them by position costs a fraction of `child_by_field_id`,
/// which searches the field map, on the walk's hottest path.
pub fn pair_key(pair: Node) -> Option<Node> {
    pair.child(0)
}

/// The value of a hash pair; `None` for the `{ x: }` shorthand, whose last child is the
/// colon.
pub fn pair_value(pair: Node) -> Option<Node> {
    let count = pair.child_count();
    if count < 3 {
        return None;
    }
    pair.child(count - 1).filter(|v| v.is_named())
}

/// The name of a hash pair's key: `title:`, `'title' =>`, `"title":`, `:title =>`.
pub fn key_name<'a>(pair: Node, src: &'a str) -> Option<&'a str> {
    literal_text(pair_key(pair)?, src)
}

/// The method name of a `call` node (`call('x')` → `call`, `post(url)` → `post`).
pub fn call_method<'a>(node: Node, src: &'a str) -> Option<&'a str> {
    if node.kind_id() != kinds().call {
        return None;
    }
    Some(text(
        node.child_by_field_id(crate::kinds().field_method)?,
        src,
    ))
}

/// The `index`th positional argument of a call, when it is a literal.
pub fn call_argument_literal<'a>(node: Node, src: &'a str, index: usize) -> Option<LiteralRef<'a>> {
    let args = node.child_by_field_id(crate::kinds().field_arguments)?;
    let mut cursor = args.walk();
    let arg = args
        .named_children(&mut cursor)
        .filter(|c| c.kind_id() != kinds().comment)
        .nth(index)?;
    string_literal(arg, src)
}

/// For `receiver['key']` / `["key"]` / `[:key]`: the receiver's text and the key node.
pub fn element_reference_key<'a, 't>(node: Node<'t>, src: &'a str) -> Option<(&'a str, Node<'t>)> {
    if node.kind_id() != kinds().element_reference {
        return None;
    }
    let object = node.child_by_field_id(crate::kinds().field_object)?;
    let mut cursor = node.walk();
    let key = node
        .named_children(&mut cursor)
        .find(|c| c.id() != object.id() && c.kind_id() != kinds().comment)?;
    Some((text(object, src), key))
}

/// The literal text pieces (`string_content`) of every string under `node`, in source
/// order. Iterative, for subtrees of any depth.
pub fn string_contents<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let content = kinds().string_content;
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind_id() == content {
            out.push(n);
            continue;
        }
        let mut cursor = n.walk();
        let children: Vec<Node<'t>> = n.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_value<'t>(tree: &'t tree_sitter::Tree) -> Node<'t> {
        let hash = tree.root_node().named_child(0).unwrap();
        hash.named_child(0)
            .unwrap()
            .child_by_field_id(crate::kinds().field_value)
            .unwrap()
    }

    fn parse(src: &str) -> tree_sitter::Tree {
        crate::parse(&mut crate::new_parser(), src).unwrap()
    }

    #[test]
    fn keys_in_every_form() {
        for src in [
            "{ title: 1 }",
            "{ 'title' => 1 }",
            "{ \"title\": 1 }",
            "{ :title => 1 }",
            "{ \"title\" => 1 }",
        ] {
            let tree = parse(src);
            let pair = tree
                .root_node()
                .named_child(0)
                .unwrap()
                .named_child(0)
                .unwrap();
            assert_eq!(key_name(pair, src), Some("title"), "{src}");
        }
    }

    #[test]
    fn string_literals_and_interpolation() {
        let src = "{ a: 'x\\ty' }";
        let tree = parse(src);
        assert_eq!(literal_text(first_value(&tree), src), Some("x\\ty"));

        let src = "{ a: \"#{connection['token']}\" }";
        let tree = parse(src);
        let value = first_value(&tree);
        assert_eq!(literal_text(value, src), None);
        assert!(string_is_interpolation_only(value, src));
        assert!(!is_literal(value));

        let src = "{ a: \"Bearer #{token}\" }";
        let tree = parse(src);
        assert!(!string_is_interpolation_only(first_value(&tree), src));

        let src = "{ a: '' }";
        let tree = parse(src);
        let lit = string_literal(first_value(&tree), src).unwrap();
        assert_eq!(lit.text, "");
        assert!(lit.range.is_empty());
    }

    #[test]
    fn string_contents_in_source_order() {
        let src = "{ a: ['x', \"y#{z}w\", { b: 'v' }] }";
        let tree = parse(src);
        let texts: Vec<&str> = string_contents(tree.root_node())
            .iter()
            .map(|n| &src[n.byte_range()])
            .collect();
        assert_eq!(texts, ["x", "y", "w", "v"]);
    }

    #[test]
    fn calls_and_element_references() {
        let src = "{ a: call(:fetch, 1), b: object_definitions[\"user\"] }";
        let tree = parse(src);
        let value = first_value(&tree);
        assert_eq!(call_method(value, src), Some("call"));
        assert_eq!(call_argument_literal(value, src, 0).unwrap().text, "fetch");
        assert!(call_argument_literal(value, src, 1).is_none());
        let hash = tree.root_node().named_child(0).unwrap();
        let b = hash
            .named_child(1)
            .unwrap()
            .child_by_field_id(crate::kinds().field_value)
            .unwrap();
        let (object, key) = element_reference_key(b, src).unwrap();
        assert_eq!(object, "object_definitions");
        assert_eq!(literal_text(key, src), Some("user"));
    }
}
