use connlint_diagnostics::{Applicability, Severity};
use connlint_syntax::{kinds, TextRange};

use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports invisible and confusable characters in code: a byte order mark (U+FEFF)
    /// past the start of the file, zero-width spaces and joiners (U+200B–U+200D,
    /// U+2060), bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F)
    /// and non-breaking spaces (U+00A0) outside strings and comments. Bidirectional
    /// controls inside strings and comments are warnings: they reorder what a reviewer
    /// sees ("Trojan Source").
    ///
    /// ## Why is this bad?
    /// Pasted from a web page or a word processor, they look like nothing or like a
    /// space, but Ruby reads them as part of a name: a U+FEFF after a comma becomes a
    /// method called with the next hash, and the connector fails at run time with an
    /// error nobody can see in the code. tree-sitter's parse accepts them, so they do
    /// not show as syntax errors.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {},﻿
    ///   triggers: {}
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   actions: {},
    ///   triggers: {}
    /// }
    /// ```
    pub struct InvisibleCharacter {
        name: "invisible-character",
        category: Correctness,
        severity: Error,
        fixable: true,
    }
}

/// The characters, their names, and whether they reorder text.
const CHARACTERS: &[(char, &str, bool)] = &[
    ('\u{FEFF}', "byte order mark (U+FEFF)", false),
    ('\u{200B}', "zero-width space (U+200B)", false),
    ('\u{200C}', "zero-width non-joiner (U+200C)", false),
    ('\u{200D}', "zero-width joiner (U+200D)", false),
    ('\u{2060}', "word joiner (U+2060)", false),
    ('\u{00A0}', "non-breaking space (U+00A0)", false),
    ('\u{200E}', "left-to-right mark (U+200E)", true),
    ('\u{200F}', "right-to-left mark (U+200F)", true),
    ('\u{202A}', "bidirectional embedding (U+202A)", true),
    ('\u{202B}', "bidirectional embedding (U+202B)", true),
    ('\u{202C}', "bidirectional pop (U+202C)", true),
    ('\u{202D}', "bidirectional override (U+202D)", true),
    ('\u{202E}', "bidirectional override (U+202E)", true),
    ('\u{2066}', "bidirectional isolate (U+2066)", true),
    ('\u{2067}', "bidirectional isolate (U+2067)", true),
    ('\u{2068}', "bidirectional isolate (U+2068)", true),
    ('\u{2069}', "bidirectional isolate pop (U+2069)", true),
];

impl Rule for InvisibleCharacter {
    fn check_file(&self, ctx: &mut Context) {
        let src = ctx.text();
        // All of them start with 0xC2, 0xE2 or 0xEF: most files hold none of those bytes.
        if memchr::memchr3(0xC2, 0xE2, 0xEF, src.as_bytes()).is_none() {
            return;
        }
        let k = kinds();
        let root = ctx.tree.root_node();
        for (at, c) in src.char_indices().filter(|(_, c)| *c as u32 >= 0xA0) {
            let Some(&(_, name, reorders)) = CHARACTERS.iter().find(|(x, _, _)| *x == c) else {
                continue;
            };
            if at == 0 && c == '\u{FEFF}' {
                continue;
            }
            let range = TextRange::new(at, at + c.len_utf8());
            let mut node = root.descendant_for_byte_range(range.start, range.end);
            let mut in_text = false;
            while let Some(n) = node {
                let id = n.kind_id();
                if id == k.string || id == k.comment || id == k.heredoc_body {
                    in_text = true;
                    break;
                }
                node = n.parent();
            }
            if in_text && !reorders {
                continue;
            }
            let report = ctx.report(
                range,
                format!(
                    "invisible {name} in {}",
                    if in_text { "text" } else { "code" }
                ),
            );
            if in_text {
                report
                    .severity(Severity::Warning)
                    .help("it changes how the line reads in an editor or a review; remove it or write it as an escape");
            } else {
                report
                    .help("remove it: Ruby reads it as part of a name")
                    .fix(
                        Applicability::Safe,
                        format!("remove the {name}"),
                        vec![(
                            range,
                            if c == '\u{00A0}' {
                                " ".to_owned()
                            } else {
                                String::new()
                            },
                        )],
                    );
            }
        }
    }
}
