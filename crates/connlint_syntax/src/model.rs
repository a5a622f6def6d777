//! A typed view of the connector hash. Building it visits only the hash's structure
//! (top-level keys, connection, sections and their entries), never whole lambda bodies:
//! rules that need every node get them from the linter's single walk.

use serde::Serialize;
use tree_sitter::{Node, Tree};

use crate::node::{literal_text, pair_key, pair_value, string_literal, LiteralRef};
use crate::{kinds, Reference, References, SourceFile};

/// Keys the Workato SDK reads at the top of a connector hash.
pub const TOP_LEVEL_KEYS: &[&str] = &[
    "title",
    "connection",
    "test",
    "actions",
    "triggers",
    "methods",
    "object_definitions",
    "pick_lists",
    "streams",
    "custom_action",
    "custom_action_help",
    "secure_tunnel",
    "webhook_keys",
];

/// One `key => value` pair of a hash literal, with a readable key.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    pub name: &'a str,
    pub pair: Node<'a>,
    pub key: Node<'a>,
    pub value: Option<Node<'a>>,
}

impl<'a> Entry<'a> {
    /// The value as a hash literal, when it is one.
    pub fn hash(&self, src: &'a str) -> Option<HashView<'a>> {
        HashView::new(self.value?, src)
    }

    /// The value as a string or symbol literal.
    pub fn literal(&self, src: &'a str) -> Option<LiteralRef<'a>> {
        string_literal(self.value?, src)
    }

    /// The value as a lambda (`lambda do … end`, `lambda { }`, `->() { }`).
    pub fn lambda(&self, src: &'a str) -> Option<Lambda<'a>> {
        Lambda::new(self.value?, src)
    }
}

/// A hash literal and its entries, in source order. Pairs whose key is not a plain
/// literal (`"#{x}" => 1`, `**opts`) are left out: nothing static can be said of them.
#[derive(Clone, Debug)]
pub struct HashView<'a> {
    pub node: Node<'a>,
    pub entries: Vec<Entry<'a>>,
}

impl<'a> HashView<'a> {
    pub fn new(node: Node<'a>, src: &'a str) -> Option<Self> {
        let k = kinds();
        if node.kind_id() != k.hash {
            return None;
        }
        // One cursor over the pairs and their children: `pair_key`/`pair_value` would
        // each search the pair's children again (the model reads every action's hash on
        // every lint, editor keystrokes included).
        let mut cursor = node.walk();
        let mut entries = Vec::new();
        let mut more = cursor.goto_first_child();
        while more {
            let pair = cursor.node();
            if pair.kind_id() == k.pair && cursor.goto_first_child() {
                let key = cursor.node();
                let mut children = 1;
                while cursor.goto_next_sibling() {
                    children += 1;
                }
                let last = cursor.node();
                cursor.goto_parent();
                if let Some(name) = literal_text(key, src) {
                    entries.push(Entry {
                        name,
                        pair,
                        key,
                        value: (children >= 3 && last.is_named()).then_some(last),
                    });
                }
            }
            more = cursor.goto_next_sibling();
        }
        debug_assert!(entries
            .iter()
            .all(|e| Some(e.key) == pair_key(e.pair) && e.value == pair_value(e.pair)));
        Some(Self { node, entries })
    }

    /// The last entry named `name`: Ruby keeps the last of duplicate keys.
    pub fn get(&self, name: &str) -> Option<&Entry<'a>> {
        self.entries.iter().rev().find(|e| e.name == name)
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Whether the hash surely lacks `name`: a hash with a syntax error in it may hold
    /// the entry where the parser's recovery swallowed it (`description: 'x'` without
    /// its comma hides the `execute:` after it).
    pub fn lacks(&self, name: &str) -> bool {
        !self.has(name) && !self.node.has_error()
    }

    pub fn hash(&self, name: &str, src: &'a str) -> Option<HashView<'a>> {
        self.get(name)?.hash(src)
    }

    pub fn literal(&self, name: &str, src: &'a str) -> Option<LiteralRef<'a>> {
        self.get(name)?.literal(src)
    }
}

/// A lambda in any of its spellings, with its parameter names.
#[derive(Clone, Debug)]
pub struct Lambda<'a> {
    pub node: Node<'a>,
    pub params: Vec<&'a str>,
    pub body: Option<Node<'a>>,
}

impl<'a> Lambda<'a> {
    pub fn new(node: Node<'a>, src: &'a str) -> Option<Self> {
        let k = kinds();
        let (params, block) = if node.kind_id() == k.lambda {
            (
                node.child_by_field_id(crate::kinds().field_parameters),
                node.child_by_field_id(crate::kinds().field_body)?,
            )
        } else if node.kind_id() == k.call
            && matches!(crate::call_method(node, src), Some("lambda" | "proc"))
            && node
                .child_by_field_id(crate::kinds().field_receiver)
                .is_none()
        {
            let block = node.child_by_field_id(crate::kinds().field_block)?;
            (
                block.child_by_field_id(crate::kinds().field_parameters),
                block,
            )
        } else {
            return None;
        };
        let params = params
            .map(|p| {
                let mut cursor = p.walk();
                p.named_children(&mut cursor)
                    .filter(|c| c.kind_id() == k.identifier)
                    .filter_map(|c| src.get(c.byte_range()))
                    .collect()
            })
            .unwrap_or_default();
        Some(Self {
            node,
            params,
            body: block.child_by_field_id(crate::kinds().field_body),
        })
    }
}

/// An action, trigger, method, object definition or pick list: the entry that names it
/// and, when its value is a hash literal, that hash. Entries whose value is computed
/// (generated code) have no hash and are not analysable.
#[derive(Clone, Debug)]
pub struct Operation<'a> {
    pub entry: Entry<'a>,
    pub hash: Option<HashView<'a>>,
}

impl<'a> Operation<'a> {
    pub fn name(&self) -> &'a str {
        self.entry.name
    }
}

/// A top-level section such as `actions:` and its items.
#[derive(Clone, Debug)]
pub struct Section<'a> {
    pub entry: Entry<'a>,
    /// `None` when the section's value is not a hash literal.
    pub hash: Option<HashView<'a>>,
    pub items: Vec<Operation<'a>>,
}

impl<'a> Section<'a> {
    fn new(entry: Entry<'a>, src: &'a str) -> Self {
        let hash = entry.hash(src);
        let items = hash
            .iter()
            .flat_map(|h| h.entries.iter())
            .map(|e| Operation {
                entry: *e,
                hash: e.hash(src),
            })
            .collect();
        Self { entry, hash, items }
    }

    pub fn get(&self, name: &str) -> Option<&Operation<'a>> {
        self.items.iter().rev().find(|o| o.name() == name)
    }

    /// The items whose value is a hash literal, with that hash.
    pub fn hashes(&self) -> impl Iterator<Item = (&Operation<'a>, &HashView<'a>)> {
        self.items
            .iter()
            .filter_map(|op| op.hash.as_ref().map(|h| (op, h)))
    }
}

/// An `authorization:` hash; for `type: 'multi'`, its `options:` are authorizations too.
#[derive(Clone, Debug)]
pub struct Authorization<'a> {
    pub entry: Entry<'a>,
    pub hash: HashView<'a>,
    pub auth_type: Option<LiteralRef<'a>>,
    pub options: Vec<Authorization<'a>>,
    /// Field hashes of this authorization's own `fields:` (multi-auth options have them).
    pub fields: Vec<HashView<'a>>,
}

impl<'a> Authorization<'a> {
    /// Multi-auth options are read one level deep only: the SDK does not nest them, and
    /// a bound keeps hostile input from recursing.
    fn new(entry: Entry<'a>, src: &'a str, read_options: bool) -> Option<Self> {
        let hash = entry.hash(src)?;
        let auth_type = hash.literal("type", src);
        let options = hash
            .hash("options", src)
            .filter(|_| read_options)
            .map(|opts| {
                opts.entries
                    .iter()
                    .filter_map(|e| Authorization::new(*e, src, false))
                    .collect()
            })
            .unwrap_or_default();
        let fields = hash
            .get("fields")
            .and_then(|e| e.value)
            .map(|v| array_hashes(v, src))
            .unwrap_or_default();
        Some(Self {
            entry,
            hash,
            auth_type,
            options,
            fields,
        })
    }

    /// `apply:`, or `credentials:`, its name in older connectors.
    pub fn apply(&self) -> Option<&Entry<'a>> {
        self.hash
            .get("apply")
            .or_else(|| self.hash.get("credentials"))
    }

    /// This authorization and, for multi-auth, each option.
    pub fn all(&self) -> impl Iterator<Item = &Authorization<'a>> {
        std::iter::once(self).chain(&self.options)
    }
}

/// The `connection:` hash.
#[derive(Clone, Debug)]
pub struct Connection<'a> {
    pub entry: Entry<'a>,
    pub hash: Option<HashView<'a>>,
    /// Field hashes of `fields:`, when it is an array literal.
    pub fields: Vec<HashView<'a>>,
    pub authorization: Option<Authorization<'a>>,
}

impl<'a> Connection<'a> {
    fn new(entry: Entry<'a>, src: &'a str) -> Self {
        let hash = entry.hash(src);
        let fields = hash
            .as_ref()
            .and_then(|h| h.get("fields")?.value)
            .map(|v| array_hashes(v, src))
            .unwrap_or_default();
        let authorization = hash
            .as_ref()
            .and_then(|h| h.get("authorization"))
            .and_then(|e| Authorization::new(*e, src, true));
        Self {
            entry,
            hash,
            fields,
            authorization,
        }
    }
}

impl<'a> Connection<'a> {
    /// Every field users fill in on the connection page: `connection.fields` and the
    /// fields of each multi-auth option.
    pub fn all_fields(&self) -> impl Iterator<Item = &HashView<'a>> {
        self.fields.iter().chain(
            self.authorization
                .iter()
                .flat_map(|a| a.options.iter().flat_map(|o| &o.fields)),
        )
    }
}

/// The hash literals directly inside an array literal.
pub(crate) fn array_hashes<'a>(node: Node<'a>, src: &'a str) -> Vec<HashView<'a>> {
    if node.kind_id() != kinds().array {
        return Vec::new();
    }
    let mut cursor = node.walk();
    let hashes: Vec<_> = node
        .named_children(&mut cursor)
        .filter_map(|c| HashView::new(c, src))
        .collect();
    hashes
}

/// The connector: the last top-level hash expression of a file.
#[derive(Clone, Debug)]
pub struct Connector<'a> {
    pub hash: HashView<'a>,
    pub connection: Option<Connection<'a>>,
    pub actions: Option<Section<'a>>,
    pub triggers: Option<Section<'a>>,
    pub methods: Option<Section<'a>>,
    pub object_definitions: Option<Section<'a>>,
    pub pick_lists: Option<Section<'a>>,
    pub streams: Option<Section<'a>>,
}

impl<'a> Connector<'a> {
    /// Finds the connector hash: the last top-level statement that is a hash literal,
    /// or an assignment of one, whose keys say it is a connector (`title`,
    /// `connection`, `actions`, …). Code before it (`require`, modules, magic comments)
    /// is allowed. Files without one (helpers, specs, `options = {}` at the end of a
    /// script, `Aws.config[:s3] = { … }`) have no connector.
    pub fn find(tree: &'a Tree, src: &'a str) -> Option<Self> {
        Self::find_hash(tree, src)
            .filter(|c| TOP_LEVEL_KEYS.iter().any(|key| c.hash.get(key).is_some()))
    }

    /// [`Connector::find`] for a file that is a connector by its name (`connector.rb`):
    /// the last hash is the connector whatever its keys, so that a misspelt `titel:` is
    /// still reported.
    pub fn find_any(tree: &'a Tree, src: &'a str) -> Option<Self> {
        Self::find_hash(tree, src)
    }

    fn find_hash(tree: &'a Tree, src: &'a str) -> Option<Self> {
        let k = kinds();
        let root = tree.root_node();
        let mut cursor = root.walk();
        let hash = root
            .named_children(&mut cursor)
            .filter_map(|stmt| {
                if stmt.kind_id() == k.hash {
                    Some(stmt)
                } else if stmt.kind_id() == k.assignment {
                    stmt.child_by_field_id(crate::kinds().field_right)
                        .filter(|r| r.kind_id() == k.hash)
                } else {
                    None
                }
            })
            .last()?;
        Some(Self::from_hash(HashView::new(hash, src)?, src))
    }

    fn from_hash(hash: HashView<'a>, src: &'a str) -> Self {
        let section = |name: &str| hash.get(name).map(|e| Section::new(*e, src));
        Self {
            connection: hash.get("connection").map(|e| Connection::new(*e, src)),
            actions: section("actions"),
            triggers: section("triggers"),
            methods: section("methods"),
            object_definitions: section("object_definitions"),
            pick_lists: section("pick_lists"),
            streams: section("streams"),
            hash,
        }
    }

    pub fn title(&self) -> Option<&Entry<'a>> {
        self.hash.get("title")
    }

    pub fn test(&self) -> Option<&Entry<'a>> {
        self.hash.get("test")
    }

    pub fn authorization(&self) -> Option<&Authorization<'a>> {
        self.connection.as_ref()?.authorization.as_ref()
    }

    /// The sections whose entries are units of their own (each action, trigger, method,
    /// object definition, pick list, stream).
    pub fn sections(&self) -> impl Iterator<Item = &Section<'a>> {
        [
            &self.actions,
            &self.triggers,
            &self.methods,
            &self.object_definitions,
            &self.pick_lists,
            &self.streams,
        ]
        .into_iter()
        .flatten()
    }

    /// Actions and triggers together, for rules that treat both alike.
    pub fn operations(&self) -> impl Iterator<Item = (&'static str, &Operation<'a>)> {
        let actions = self
            .actions
            .iter()
            .flat_map(|s| &s.items)
            .map(|o| ("action", o));
        let triggers = self
            .triggers
            .iter()
            .flat_map(|s| &s.items)
            .map(|o| ("trigger", o));
        actions.chain(triggers)
    }

    /// A JSON-friendly summary, for `connlint debug model` and its snapshots.
    pub fn summary(&self, source: &SourceFile, references: &References) -> ModelSummary {
        let src = source.text();
        let line = |n: Node| source.line_of(n.start_byte());
        let named = |e: &Entry| NamedLine {
            name: e.name.to_owned(),
            line: line(e.key),
        };
        let ops = |s: &Option<Section>| -> Vec<OperationSummary> {
            s.iter()
                .flat_map(|s| &s.items)
                .map(|o| OperationSummary {
                    name: o.name().to_owned(),
                    line: line(o.entry.key),
                    analysable: o.hash.is_some(),
                    keys: o
                        .hash
                        .iter()
                        .flat_map(|h| &h.entries)
                        .map(|e| e.name.to_owned())
                        .collect(),
                })
                .collect()
        };
        let names = |s: &Option<Section>| -> Vec<NamedLine> {
            s.iter()
                .flat_map(|s| &s.items)
                .map(|o| named(&o.entry))
                .collect()
        };
        let auth_summary = |a: &Authorization| AuthSummary {
            name: a.entry.name.to_owned(),
            line: line(a.entry.key),
            auth_type: a.auth_type.map(|t| t.text.to_owned()),
            keys: a.hash.entries.iter().map(|e| e.name.to_owned()).collect(),
        };
        ModelSummary {
            title: self.hash.literal("title", src).map(|t| t.text.to_owned()),
            top_level_keys: self.hash.entries.iter().map(named).collect(),
            connection: self.connection.as_ref().map(|c| ConnectionSummary {
                line: line(c.entry.key),
                fields: c
                    .fields
                    .iter()
                    .filter_map(|f| f.literal("name", src))
                    .map(|n| n.text.to_owned())
                    .collect(),
                authorizations: c
                    .authorization
                    .iter()
                    .flat_map(|a| a.all())
                    .map(auth_summary)
                    .collect(),
            }),
            actions: ops(&self.actions),
            triggers: ops(&self.triggers),
            methods: names(&self.methods),
            object_definitions: names(&self.object_definitions),
            pick_lists: names(&self.pick_lists),
            references: references
                .all
                .iter()
                .map(|r| ReferenceSummary {
                    line: source.line_of(r.range.start),
                    reference: r.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ModelSummary {
    pub title: Option<String>,
    pub top_level_keys: Vec<NamedLine>,
    pub connection: Option<ConnectionSummary>,
    pub actions: Vec<OperationSummary>,
    pub triggers: Vec<OperationSummary>,
    pub methods: Vec<NamedLine>,
    pub object_definitions: Vec<NamedLine>,
    pub pick_lists: Vec<NamedLine>,
    pub references: Vec<ReferenceSummary>,
}

#[derive(Debug, Serialize)]
pub struct ReferenceSummary {
    #[serde(flatten)]
    pub reference: Reference,
    pub line: usize,
}

#[derive(Debug, Serialize)]
pub struct NamedLine {
    pub name: String,
    pub line: usize,
}

#[derive(Debug, Serialize)]
pub struct OperationSummary {
    pub name: String,
    pub line: usize,
    pub analysable: bool,
    pub keys: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ConnectionSummary {
    pub line: usize,
    pub fields: Vec<String>,
    pub authorizations: Vec<AuthSummary>,
}

#[derive(Debug, Serialize)]
pub struct AuthSummary {
    pub name: String,
    pub line: usize,
    #[serde(rename = "type")]
    pub auth_type: Option<String>,
    pub keys: Vec<String>,
}
