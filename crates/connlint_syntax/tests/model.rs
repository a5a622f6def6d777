//! One test per connector-model feature the foundation issue lists.

use connlint_syntax::{new_parser, parse, Connector, Lambda, SourceFile, Tree};

fn tree(src: &str) -> Tree {
    parse(&mut new_parser(), src).expect("parses")
}

fn with_connector(src: &str, check: impl FnOnce(&Connector, &str)) {
    let tree = tree(src);
    let connector = Connector::find(&tree, src).expect("a connector hash");
    check(&connector, src);
}

fn top_keys(c: &Connector) -> Vec<String> {
    c.hash.entries.iter().map(|e| e.name.to_owned()).collect()
}

#[test]
fn symbol_keys() {
    with_connector("{ title: 'A', actions: {} }", |c, _| {
        assert_eq!(top_keys(c), ["title", "actions"]);
    });
}

#[test]
fn string_keys_with_hash_rockets() {
    with_connector(
        "{ 'title' => 'A', \"actions\" => {}, :methods => {} }",
        |c, _| {
            assert_eq!(top_keys(c), ["title", "actions", "methods"]);
            assert!(c.actions.is_some() && c.methods.is_some());
        },
    );
}

#[test]
fn quoted_symbol_keys() {
    with_connector(
        "{ \"title\": 'A', 'test': ->(c) { get('x') } }",
        |c, src| {
            assert_eq!(top_keys(c), ["title", "test"]);
            assert_eq!(c.hash.literal("title", src).unwrap().text, "A");
        },
    );
}

#[test]
fn code_before_the_hash() {
    let src = "# frozen_string_literal: true\nrequire 'json'\nmodule H\n  X = { a: 1 }\nend\n{ title: 'Last' }\n";
    with_connector(src, |c, src| {
        assert_eq!(c.hash.literal("title", src).unwrap().text, "Last");
    });
}

#[test]
fn assigned_connector_hash() {
    with_connector("connector = { title: 'A' }\nconnector\n", |c, src| {
        assert_eq!(c.hash.literal("title", src).unwrap().text, "A");
    });
}

#[test]
fn files_without_a_connector() {
    let src = "module Helpers\n  def self.x; end\nend\n";
    assert!(Connector::find(&tree(src), src).is_none());
    let spec = "RSpec.describe 'connector' do\n  it { expect(1).to eq(1) }\nend\n";
    assert!(Connector::find(&tree(spec), spec).is_none());
    // A script ending in a plain hash, or an SDK config assignment, is not a connector.
    for script in [
        "require 'json'\nputs 'x'\noptions = {}\n",
        "Aws.config[:s3] = { stub_responses: true }\n",
        "{ verbose: true, retries: 3 }\n",
    ] {
        assert!(Connector::find(&tree(script), script).is_none(), "{script}");
    }
    // A hash whose keys say connector is one, even with code before it.
    let src = "require 'x'\n{ title: 'Acme', actions: {} }\n";
    assert!(Connector::find(&tree(src), src).is_some());
    // Named connector.rb: the last hash, whatever its keys (a misspelt `titel:`).
    let misspelt = "{ titel: 'Acme' }\n";
    assert!(Connector::find(&tree(misspelt), misspelt).is_none());
    assert!(Connector::find_any(&tree(misspelt), misspelt).is_some());
}

#[test]
fn lambdas_in_every_spelling_with_any_parameter_name() {
    let src = "{ a: lambda do |conn, input| get('x') end, b: lambda { |settings| 1 }, \
               c: ->(input) { 2 }, d: ->(_) { 3 }, e: -> { 4 }, f: proc { |connection| 5 }, g: 'no' }";
    let tree = tree(src);
    let c = Connector::find_any(&tree, src).unwrap();
    let params = |key: &str| {
        c.hash
            .get(key)
            .unwrap()
            .lambda(src)
            .map(|l: Lambda| l.params.iter().map(|p| p.to_string()).collect::<Vec<_>>())
    };
    assert_eq!(params("a").unwrap(), ["conn", "input"]);
    assert_eq!(params("b").unwrap(), ["settings"]);
    assert_eq!(params("c").unwrap(), ["input"]);
    assert_eq!(params("d").unwrap(), ["_"]);
    assert!(params("e").unwrap().is_empty());
    assert_eq!(params("f").unwrap(), ["connection"]);
    assert!(params("g").is_none());
    assert!(c.hash.get("a").unwrap().lambda(src).unwrap().body.is_some());
}

#[test]
fn connection_fields_authorization_and_base_uri() {
    let src = "{ connection: { fields: [{ name: 'api_key', control_type: 'password' }, { name: 'region' }], \
               authorization: { type: 'api_key', credentials: ->(c) { headers(k: c['api_key']) } }, \
               base_uri: ->(c) { 'https://x.example/' }, extended_fields: ->(c) { [] } } }";
    with_connector(src, |c, src| {
        let conn = c.connection.as_ref().unwrap();
        let names: Vec<_> = conn
            .fields
            .iter()
            .map(|f| f.literal("name", src).unwrap().text)
            .collect();
        assert_eq!(names, ["api_key", "region"]);
        let auth = c.authorization().unwrap();
        assert_eq!(auth.auth_type.unwrap().text, "api_key");
        assert_eq!(
            auth.apply().unwrap().name,
            "credentials",
            "legacy name of apply"
        );
        let hash = conn.hash.as_ref().unwrap();
        assert!(hash.has("base_uri") && hash.has("extended_fields"));
    });
}

#[test]
fn multi_auth_options() {
    let src =
        "{ connection: { authorization: { type: 'multi', selected: ->(c) { c['t'] }, options: { \
               oauth: { type: 'oauth2', client_id: 'x', apply: ->(c, t) { headers(a: t) } }, \
               key: { type: 'api_key', apply: ->(c) { } } } } } }";
    with_connector(src, |c, _| {
        let auth = c.authorization().unwrap();
        let types: Vec<_> = auth.all().map(|a| a.auth_type.unwrap().text).collect();
        assert_eq!(types, ["multi", "oauth2", "api_key"]);
        assert_eq!(auth.options[0].entry.name, "oauth");
        assert!(auth.options[0].apply().is_some());
    });
}

#[test]
fn every_section_and_top_level_key() {
    let src =
        "{ title: 'A', connection: {}, test: ->() {}, actions: { a: {} }, triggers: { t: {} }, \
               methods: { m: ->() {} }, object_definitions: { o: {} }, pick_lists: { p: ->() {} }, \
               streams: { s: ->() {} }, custom_action: true, custom_action_help: 'h', \
               secure_tunnel: true, webhook_keys: ->(p, h, r) {} }";
    with_connector(src, |c, _| {
        assert_eq!(top_keys(c).len(), 13);
        assert!(top_keys(c)
            .iter()
            .all(|k| connlint_syntax::TOP_LEVEL_KEYS.contains(&k.as_str())));
        for section in [
            &c.actions,
            &c.triggers,
            &c.methods,
            &c.object_definitions,
            &c.pick_lists,
            &c.streams,
        ] {
            assert_eq!(section.as_ref().unwrap().items.len(), 1);
        }
        assert!(c.test().is_some() && c.title().is_some());
    });
}

#[test]
fn operation_keys_and_help_forms() {
    let src = "{ actions: { a: { title: 'A', subtitle: 's', description: 'd', help: 'plain', \
               config_fields: [], input_fields: ->() {}, output_fields: ->() {}, execute: ->() {}, \
               sample_output: ->() {} }, \
               b: { help: { body: 'b', learn_more_url: 'https://x', learn_more_text: 't' } }, \
               c: { help: ->(input, labels) { { body: 'x' } } } }, \
               triggers: { t: { poll: ->() {}, dedup: ->(r) {}, webhook_subscribe: ->() {}, \
               webhook_unsubscribe: ->() {}, webhook_notification: ->() {} } } }";
    with_connector(src, |c, src| {
        let actions = c.actions.as_ref().unwrap();
        let a = actions.get("a").unwrap().hash.as_ref().unwrap();
        let keys: Vec<_> = a.entries.iter().map(|e| e.name).collect();
        assert_eq!(
            keys,
            [
                "title",
                "subtitle",
                "description",
                "help",
                "config_fields",
                "input_fields",
                "output_fields",
                "execute",
                "sample_output"
            ]
        );
        assert_eq!(a.literal("help", src).unwrap().text, "plain");
        let b = actions.get("b").unwrap().hash.as_ref().unwrap();
        assert!(b.hash("help", src).unwrap().has("learn_more_url"));
        let cc = actions.get("c").unwrap().hash.as_ref().unwrap();
        assert!(cc.get("help").unwrap().lambda(src).is_some());
        let kinds: Vec<_> = c.operations().map(|(kind, o)| (kind, o.name())).collect();
        assert_eq!(
            kinds,
            [
                ("action", "a"),
                ("action", "b"),
                ("action", "c"),
                ("trigger", "t")
            ]
        );
    });
}

#[test]
fn schema_field_arrays() {
    let src = "{ connection: { fields: [{ name: 'a', label: 'A', hint: 'h', type: 'string', \
               control_type: 'select', pick_list: 'p', optional: false }] } }";
    with_connector(src, |c, src| {
        let field = &c.connection.as_ref().unwrap().fields[0];
        let keys: Vec<_> = field.entries.iter().map(|e| e.name).collect();
        assert_eq!(
            keys,
            [
                "name",
                "label",
                "hint",
                "type",
                "control_type",
                "pick_list",
                "optional"
            ]
        );
        assert_eq!(field.literal("control_type", src).unwrap().text, "select");
    });
}

#[test]
fn computed_actions_are_not_analysable() {
    with_connector(
        "{ actions: { a: GENERATED, b: build_action('x'), c: {} } }",
        |c, _| {
            let items = &c.actions.as_ref().unwrap().items;
            let analysable: Vec<_> = items.iter().map(|o| (o.name(), o.hash.is_some())).collect();
            assert_eq!(analysable, [("a", false), ("b", false), ("c", true)]);
        },
    );
}

#[test]
fn duplicate_keys_resolve_to_the_last_like_ruby() {
    with_connector("{ title: 'First', title: 'Second' }", |c, src| {
        assert_eq!(c.hash.entries.len(), 2);
        assert_eq!(c.hash.literal("title", src).unwrap().text, "Second");
    });
}

#[test]
fn summary_lines_are_the_lines_of_the_keys() {
    let src =
        "{\n  title: 'A',\n  actions: {\n    first: { title: 'x', execute: ->() {} }\n  }\n}\n";
    let tree = tree(src);
    let source = SourceFile::new("a.rb", src);
    let c = Connector::find(&tree, src).unwrap();
    let refs = connlint_syntax::References::collect(&tree, src);
    let summary = c.summary(&source, &refs);
    assert_eq!(summary.top_level_keys[1].line, 3);
    assert_eq!(summary.actions[0].line, 4);
    assert_eq!(summary.actions[0].keys, ["title", "execute"]);
}

/// `pair_key`/`pair_value` read by position what the grammar's `key`/`value` fields
/// name; check they agree on every pair of every Ruby fixture and on the spellings
/// around comments and the `{ x: }` shorthand.
#[test]
fn pair_parts_by_position_match_the_fields() {
    use connlint_syntax::{kinds, pair_key, pair_value, walk};
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut texts: Vec<String> = ignore::WalkBuilder::new(fixtures)
        .standard_filters(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rb"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    texts.push(
        "{ a: # why\n 1, 'b' => # note\n 2, x:, y: 3 # trailing\n, :c => nil, \"d\": [] }"
            .to_owned(),
    );
    let k = kinds();
    let mut pairs = 0;
    for text in &texts {
        let tree = tree(text);
        walk(&tree, |cursor, _| {
            let node = cursor.node();
            if node.kind_id() == k.pair {
                pairs += 1;
                assert_eq!(
                    pair_key(node),
                    node.child_by_field_id(k.field_key),
                    "{node:?}"
                );
                assert_eq!(
                    pair_value(node),
                    node.child_by_field_id(k.field_value),
                    "{node:?}"
                );
            }
        });
    }
    assert!(pairs > 1000, "only {pairs} pairs");
}
