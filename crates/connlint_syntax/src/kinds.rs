use std::sync::OnceLock;

macro_rules! kinds {
    ($($field:ident = $name:literal),* $(,)?) => {
        /// Node-kind ids of tree-sitter-ruby, resolved once so the hot walk compares
        /// integers, never strings.
        #[derive(Debug)]
        pub struct Kinds {
            $(pub $field: u16,)*
            /// Id of `ERROR` nodes.
            pub error: u16,
        }

        impl Kinds {
            fn resolve() -> Self {
                let language = crate::language();
                let id = |name: &str| {
                    let id = language.id_for_node_kind(name, true);
                    assert_ne!(id, 0, "tree-sitter-ruby has no node kind {name:?}");
                    id
                };
                Self {
                    $($field: id($name),)*
                    error: u16::MAX,
                }
            }
        }
    };
}

kinds! {
    program = "program",
    hash = "hash",
    pair = "pair",
    array = "array",
    string = "string",
    string_content = "string_content",
    interpolation = "interpolation",
    escape_sequence = "escape_sequence",
    hash_key_symbol = "hash_key_symbol",
    simple_symbol = "simple_symbol",
    delimited_symbol = "delimited_symbol",
    call = "call",
    lambda = "lambda",
    block = "block",
    do_block = "do_block",
    block_parameters = "block_parameters",
    lambda_parameters = "lambda_parameters",
    identifier = "identifier",
    constant = "constant",
    element_reference = "element_reference",
    comment = "comment",
    argument_list = "argument_list",
    assignment = "assignment",
    heredoc_body = "heredoc_body",
    heredoc_content = "heredoc_content",
    body_statement = "body_statement",
    block_body = "block_body",
    integer = "integer",
    float = "float",
    nil = "nil",
    true_ = "true",
    false_ = "false",
    binary = "binary",
    parenthesized_statements = "parenthesized_statements",
}

/// The kind ids, resolved on first use.
pub fn kinds() -> &'static Kinds {
    static KINDS: OnceLock<Kinds> = OnceLock::new();
    KINDS.get_or_init(Kinds::resolve)
}

#[cfg(test)]
mod tests {
    #[test]
    fn resolved_ids_match_the_ids_nodes_report() {
        let mut parser = crate::new_parser();
        let tree = crate::parse(&mut parser, "{ 'a' => :b, c: \"#{d}\" }").unwrap();
        let k = super::kinds();
        let hash = tree.root_node().named_child(0).unwrap();
        assert_eq!(hash.kind_id(), k.hash);
        let pair = hash.named_child(0).unwrap();
        assert_eq!(pair.kind_id(), k.pair);
        assert_eq!(pair.child_by_field_name("key").unwrap().kind_id(), k.string);
        assert_eq!(
            pair.child_by_field_name("value").unwrap().kind_id(),
            k.simple_symbol
        );
        let second = hash.named_child(1).unwrap();
        assert_eq!(
            second.child_by_field_name("key").unwrap().kind_id(),
            k.hash_key_symbol
        );
    }
}
