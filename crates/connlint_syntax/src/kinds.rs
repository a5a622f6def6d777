use std::sync::OnceLock;

macro_rules! kinds {
    ($($field:ident = $name:literal),* $(,)?; fields: $($f:ident = $fname:literal),* $(,)?) => {
        /// Node-kind and field ids of tree-sitter-ruby, resolved once so the hot walk
        /// compares integers, never strings (a field lookup by name is a string search).
        #[derive(Debug)]
        pub struct Kinds {
            $(pub $field: u16,)*
            /// Id of `ERROR` nodes.
            pub error: u16,
            $(pub $f: u16,)*
        }

        impl Kinds {
            fn resolve() -> Self {
                let language = crate::language();
                let id = |name: &str| {
                    let id = language.id_for_node_kind(name, true);
                    assert_ne!(id, 0, "tree-sitter-ruby has no node kind {name:?}");
                    id
                };
                let field = |name: &str| {
                    language
                        .field_id_for_name(name)
                        .unwrap_or_else(|| panic!("tree-sitter-ruby has no field {name:?}"))
                        .get()
                };
                Self {
                    $($field: id($name),)*
                    error: u16::MAX,
                    $($f: field($fname),)*
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
    string_array = "string_array",
    bare_string = "bare_string",
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
    instance_variable = "instance_variable",
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
    parenthesized_statements = "parenthesized_statements";
    fields:
    field_key = "key",
    field_value = "value",
    field_method = "method",
    field_receiver = "receiver",
    field_arguments = "arguments",
    field_block = "block",
    field_body = "body",
    field_parameters = "parameters",
    field_object = "object",
    field_left = "left",
    field_right = "right",
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
        assert_eq!(
            pair.child_by_field_id(crate::kinds().field_key)
                .unwrap()
                .kind_id(),
            k.string
        );
        assert_eq!(
            pair.child_by_field_id(crate::kinds().field_value)
                .unwrap()
                .kind_id(),
            k.simple_symbol
        );
        let second = hash.named_child(1).unwrap();
        assert_eq!(
            second
                .child_by_field_id(crate::kinds().field_key)
                .unwrap()
                .kind_id(),
            k.hash_key_symbol
        );
    }
}
