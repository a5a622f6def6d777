//! A typed view of a recipe export (`<name>.recipe.json`): its name and description,
//! the steps of `code` with their nesting, and the connections `config` lists. Like
//! [`crate::Connector`], it only points into the parsed file: every part keeps its span.

use crate::json::{Json, Value};
use crate::TextRange;

/// The step keywords of a recipe export.
pub const STEP_KEYWORDS: &[&str] = &[
    "trigger",
    "action",
    "if",
    "elsif",
    "else",
    "foreach",
    "repeat",
    "while_condition",
    "try",
    "catch",
    "stop",
];

/// One step: the trigger (`code`) or a step in a `block`.
#[derive(Clone, Debug)]
pub struct Step<'j, 't> {
    pub json: &'j Json<'t>,
    /// 0 for the trigger, 1 for the steps in its block, and so on; an `else`, `elsif`
    /// or `catch` is at the depth of its `if` or `try`.
    pub depth: usize,
    pub keyword: Option<&'j str>,
    pub provider: Option<&'j str>,
    /// The action or trigger name (`search_records`), not the user's step title.
    pub name: Option<&'j str>,
    pub number: Option<i64>,
}

impl<'j, 't> Step<'j, 't> {
    pub fn get(&self, key: &str) -> Option<&'j Json<'t>> {
        self.json.get(key)
    }

    /// What a reader of the recipe sees for this step besides its action: its comment
    /// or the title given to it.
    pub fn has_comment(&self) -> bool {
        ["comment", "title"].iter().any(|k| {
            self.get(k)
                .and_then(Json::as_str)
                .is_some_and(|s| !s.trim().is_empty())
        })
    }

    /// A step that calls a connector: a trigger or action with a provider.
    pub fn is_connector_step(&self) -> bool {
        matches!(self.keyword, Some("trigger" | "action")) && self.provider.is_some()
    }

    /// How a message names the step: `step 3 (http make_request)`.
    pub fn label(&self) -> String {
        match (self.number, self.provider, self.name) {
            (Some(n), Some(p), Some(a)) => format!("step {n} ({p} {a})"),
            (Some(n), _, _) => format!("step {n}"),
            (None, Some(p), Some(a)) => format!("step {p} {a}"),
            _ => "a step".to_owned(),
        }
    }
}

/// An entry of `config`: one connector the recipe uses and the connection it runs with.
#[derive(Clone, Debug)]
pub struct ConfigEntry<'j, 't> {
    pub json: &'j Json<'t>,
    pub provider: Option<&'j str>,
    /// `account_id.custom`: the connector is a custom (SDK) connector.
    pub custom: bool,
    /// `account_id.zip_name`: the connection's file in the package.
    pub connection_file: Option<&'j str>,
    /// `account_id.name`: the connection's name.
    pub account_name: Option<&'j str>,
}

/// Something in the recipe's structure that is not what an export holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub range: TextRange,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Recipe<'j, 't> {
    pub root: &'j Json<'t>,
    pub name: Option<&'j Json<'t>>,
    pub description: Option<&'j Json<'t>>,
    /// In the file's order, each with its nesting depth.
    pub steps: Vec<Step<'j, 't>>,
    pub config: Vec<ConfigEntry<'j, 't>>,
    /// Parts that do not have the export's shape; the rest is still read.
    pub problems: Vec<Problem>,
}

fn str_of<'j>(json: &'j Json, key: &str) -> Option<&'j str> {
    json.get(key).and_then(Json::as_str)
}

impl<'j, 't> Recipe<'j, 't> {
    /// The recipe in `root`, or why `root` is no recipe at all (the problem says where).
    pub fn new(root: &'j Json<'t>) -> Result<Self, Problem> {
        let problem = |range, message: String| Problem { range, message };
        if root.members().is_none() {
            return Err(problem(
                root.range,
                format!(
                    "a recipe export is a JSON object; this is {}",
                    root.kind_name()
                ),
            ));
        }
        let Some(code) = root.get("code") else {
            let wrapped = root
                .members()
                .into_iter()
                .flatten()
                .find(|m| m.key == "recipe" && m.value.get("code").is_some());
            return Err(match wrapped {
                Some(m) => problem(
                    m.key_range,
                    "the recipe is wrapped in a `recipe` key: an export has `name`, `code` and `config` at the top level".to_owned(),
                ),
                None => problem(
                    TextRange::new(root.range.start, root.range.start + 1),
                    "no `code`: a recipe export holds its trigger and steps in `code`".to_owned(),
                ),
            });
        };
        if code.members().is_none() {
            return Err(problem(
                code.range,
                format!(
                    "`code` is {}: it must be the trigger step, an object",
                    code.kind_name()
                ),
            ));
        }
        let mut recipe = Recipe {
            root,
            name: root.get("name"),
            description: root.get("description"),
            steps: Vec::new(),
            config: Vec::new(),
            problems: Vec::new(),
        };
        recipe.read_steps(code);
        recipe.read_config();
        Ok(recipe)
    }

    fn read_steps(&mut self, code: &'j Json<'t>) {
        let mut stack = vec![(code, 0)];
        while let Some((json, depth)) = stack.pop() {
            if json.members().is_none() {
                self.problems.push(Problem {
                    range: json.range,
                    message: format!("a step is an object; this is {}", json.kind_name()),
                });
                continue;
            }
            let keyword = json.get("keyword");
            match keyword {
                None => self.problems.push(Problem {
                    range: TextRange::new(json.range.start, json.range.start + 1),
                    message: "a step without `keyword`".to_owned(),
                }),
                Some(k) => match k.as_str() {
                    Some(word) if STEP_KEYWORDS.contains(&word) => {}
                    _ => self.problems.push(Problem {
                        range: k.range,
                        message: format!(
                            "unknown step keyword {}: a step is one of {}",
                            &k.range_text_hint(),
                            STEP_KEYWORDS.join(", ")
                        ),
                    }),
                },
            }
            self.steps.push(Step {
                json,
                depth,
                keyword: keyword.and_then(Json::as_str),
                provider: str_of(json, "provider"),
                name: str_of(json, "name"),
                number: json.get("number").and_then(Json::as_i64),
            });
            match json.get("block") {
                None => {}
                Some(block) => match block.elements() {
                    Some(children) => {
                        // An export keeps `else`/`elsif` inside its `if`'s block and `catch`
                        // inside its `try`'s: branches beside it, not a level below.
                        stack.extend(children.iter().rev().map(|c| {
                            let branch = matches!(
                                c.get("keyword").and_then(Json::as_str),
                                Some("else" | "elsif" | "catch")
                            );
                            (c, if branch { depth } else { depth + 1 })
                        }));
                    }
                    None if block.is_null() => {}
                    None => self.problems.push(Problem {
                        range: block.range,
                        message: format!(
                            "`block` is {}: it must be an array of steps",
                            block.kind_name()
                        ),
                    }),
                },
            }
        }
    }

    fn read_config(&mut self) {
        let Some(config) = self.root.get("config") else {
            return;
        };
        let Some(entries) = config.elements() else {
            self.problems.push(Problem {
                range: config.range,
                message: format!(
                    "`config` is {}: it must be an array of connections",
                    config.kind_name()
                ),
            });
            return;
        };
        for json in entries {
            let account = json.get("account_id");
            let account_str = |key| account.and_then(|a| str_of(a, key));
            self.config.push(ConfigEntry {
                json,
                provider: str_of(json, "provider"),
                custom: account
                    .and_then(|a| a.get("custom"))
                    .and_then(Json::as_bool)
                    .unwrap_or(false),
                connection_file: account_str("zip_name"),
                account_name: account_str("name"),
            });
        }
    }

    /// The deepest nesting of steps (the trigger's block is depth 1).
    pub fn max_depth(&self) -> usize {
        self.steps.iter().map(|s| s.depth).max().unwrap_or(0)
    }
}

impl Json<'_> {
    /// A short rendering of a scalar for messages (`"foo"`, `3`, `null`).
    fn range_text_hint(&self) -> String {
        match &self.value {
            Value::String(s, _) => format!("`{}`", s.chars().take(40).collect::<String>()),
            Value::Number(n) => format!("`{n}`"),
            Value::Bool(b) => format!("`{b}`"),
            Value::Null => "`null`".to_owned(),
            _ => self.kind_name().to_owned(),
        }
    }
}

/// Whether a provider name is the one Workato gives a custom connector in an export:
/// `<name>_connector_<id>_<timestamp>`.
pub fn is_custom_provider(provider: &str) -> bool {
    let mut parts = provider.rsplitn(3, '_');
    let (Some(stamp), Some(id), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(stamp) && digits(id) && rest.ends_with("_connector")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_json;

    #[test]
    fn steps_config_and_problems() {
        let text = r#"{
  "name": "Sync", "description": "Copies", "code": {
    "keyword": "trigger", "provider": "clock", "name": "scheduled_event", "number": 0,
    "block": [
      {"keyword": "if", "number": 1, "block": [
        {"keyword": "action", "provider": "acme_connector_12_34", "name": "get", "number": 2},
        {"keyword": "else", "number": 4, "block": [{"keyword": "stop", "number": 5}]}
      ]},
      {"keyword": "jump", "number": 3},
      "oops"
    ]
  },
  "config": [{"provider": "acme_connector_12_34", "account_id": {"custom": true, "zip_name": "acme.connection.json", "name": "Acme"}}]
}"#;
        let json = parse_json(text).unwrap();
        let recipe = Recipe::new(&json).unwrap();
        let steps: Vec<_> = recipe.steps.iter().map(|s| (s.number, s.depth)).collect();
        assert_eq!(
            steps,
            [
                (Some(0), 0),
                (Some(1), 1),
                (Some(2), 2),
                (Some(4), 1),
                (Some(5), 2),
                (Some(3), 1)
            ]
        );
        assert_eq!(recipe.max_depth(), 2);
        assert_eq!(
            recipe.config[0].connection_file,
            Some("acme.connection.json")
        );
        assert!(recipe.config[0].custom);
        let messages: Vec<_> = recipe.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("unknown step keyword `jump`"));
        assert!(messages[1].contains("this is a string"));
    }

    #[test]
    fn what_is_no_recipe() {
        for (text, message) in [
            ("[]", "this is an array"),
            (r#"{"recipe": {"code": {}}}"#, "wrapped in a `recipe` key"),
            (r#"{"name": "x"}"#, "no `code`"),
            (r#"{"code": []}"#, "`code` is an array"),
        ] {
            let json = parse_json(text).unwrap();
            let error = Recipe::new(&json).unwrap_err();
            assert!(error.message.contains(message), "{text}: {error:?}");
        }
    }

    #[test]
    fn custom_providers() {
        assert!(is_custom_provider(
            "nabu_casa_connector_2100009826_1779813258"
        ));
        assert!(!is_custom_provider("salesforce"));
        assert!(!is_custom_provider("workato_api_platform"));
        assert!(!is_custom_provider("acme_connector_x_1"));
    }
}
