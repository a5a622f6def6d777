use std::fmt;
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use connlint_diagnostics::Severity;
use connlint_syntax::TextRange;
use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;

use super::values::{entropy, jwt_signs_a_message, value_class, ValueClass};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Checksum {
    /// GitHub/npm tokens: CRC32 of the random part, base62, in the last six characters.
    Github,
    /// JSON Web Tokens: a token whose claims name no principal signs a message (a
    /// webhook's or request's signature), it grants nothing.
    Jwt,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Spec {
    id: String,
    name: String,
    keywords: Vec<String>,
    pattern: String,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    min_entropy: Option<f64>,
    #[serde(default)]
    checksum: Option<Checksum>,
    #[serde(default)]
    references: Vec<String>,
    examples: Vec<String>,
    negative_examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecFile {
    detector: Vec<Spec>,
}

/// One provider format.
#[derive(Debug)]
pub struct Detector {
    pub id: String,
    pub name: String,
    pub keywords: Vec<String>,
    pub pattern: String,
    pub severity: Severity,
    pub min_entropy: Option<f64>,
    pub checksum: Option<Checksum>,
    pub references: Vec<String>,
    pub examples: Vec<String>,
    pub negative_examples: Vec<String>,
    /// The file it came from, for error messages.
    pub origin: String,
    /// Compiled on first use: most files hit few keywords, and start-up time is the
    /// whole cost of a one-file run.
    regex: OnceLock<Regex>,
}

impl Detector {
    fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            compile(&self.pattern).expect("patterns are validated when loaded or by tests")
        })
    }
}

fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    // Byte-oriented: the Unicode-aware `\b` and classes are ~80x slower as soon as a file
    // holds one non-ASCII byte, and credential formats are ASCII.
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(1 << 22)
        .build()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectorError {
    pub origin: String,
    pub message: String,
}

impl fmt::Display for DetectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl std::error::Error for DetectorError {}

/// Why a candidate was kept or dropped; `--explain` prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Report,
    Drop(&'static str),
}

/// A regex match of one detector, with the verdict of the value checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub detector: usize,
    /// The secret (capture group 1, or the whole match).
    pub range: TextRange,
    pub verdict: Verdict,
}

/// All detectors and the keyword automaton that selects them.
#[derive(Debug)]
pub struct SecretsEngine {
    detectors: Vec<Detector>,
    automaton: AhoCorasick,
    /// For each automaton pattern, the detectors that own that keyword.
    owners: Vec<Vec<usize>>,
}

const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_detectors.rs"));

impl SecretsEngine {
    /// The detectors shipped in `rules/secrets/`, loaded once.
    pub fn builtin() -> Arc<SecretsEngine> {
        Self::builtin_ref().clone()
    }

    /// The built-in engine, built once per process by whichever thread asks first.
    pub fn builtin_ref() -> &'static Arc<SecretsEngine> {
        static ENGINE: OnceLock<Arc<SecretsEngine>> = OnceLock::new();
        ENGINE.get_or_init(|| {
            // Compiled on first use, so start-up does not pay for 76 regexes; the
            // `builtin_detectors_compile` test compiles them all.
            Arc::new(Self::load(BUILTIN, false).expect("built-in detectors are valid (tested)"))
        })
    }

    /// Built-in detectors plus user detector files `(origin, text)`.
    pub fn with_extra(extra: &[(String, String)]) -> Result<Self, DetectorError> {
        let extra: Vec<(&str, &str)> = extra
            .iter()
            .map(|(o, t)| (o.as_str(), t.as_str()))
            .collect();
        Self::load(&extra, true)?;
        let mut sources: Vec<(&str, &str)> = BUILTIN.to_vec();
        sources.extend(extra);
        Self::load(&sources, false)
    }

    /// Parses and validates detector files: unique ids, known severities, patterns
    /// that compile, at least one keyword, example and negative example each.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Self, DetectorError> {
        Self::load(sources, true)
    }

    fn load(sources: &[(&str, &str)], compile_now: bool) -> Result<Self, DetectorError> {
        let mut detectors: Vec<Detector> = Vec::new();
        for (origin, text) in sources {
            let err = |message: String| DetectorError {
                origin: (*origin).to_owned(),
                message,
            };
            let file: SpecFile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
            for spec in file.detector {
                let here = |m: &str| err(format!("detector `{}`: {m}", spec.id));
                if detectors.iter().any(|d| d.id == spec.id) {
                    return Err(here("duplicate id"));
                }
                if spec.keywords.is_empty()
                    || spec.keywords.iter().any(|k| k.is_empty() || !k.is_ascii())
                {
                    return Err(here("needs at least one non-empty ASCII keyword"));
                }
                if spec.examples.is_empty() || spec.negative_examples.is_empty() {
                    return Err(here("needs `examples` and `negative-examples`"));
                }
                let severity = match spec.severity.as_deref() {
                    None => Severity::Error,
                    Some(s) => Severity::parse(s).ok_or_else(|| {
                        here(&format!(
                            "severity must be error, warning or info, got `{s}`"
                        ))
                    })?,
                };
                let regex = if compile_now {
                    let regex = compile(&spec.pattern)
                        .map_err(|e| here(&format!("pattern does not compile: {e}")))?;
                    if regex.captures_len() > 2 {
                        return Err(here("pattern may have at most one capture group"));
                    }
                    OnceLock::from(regex)
                } else {
                    OnceLock::new()
                };
                detectors.push(Detector {
                    id: spec.id,
                    name: spec.name,
                    keywords: spec.keywords,
                    pattern: spec.pattern,
                    severity,
                    min_entropy: spec.min_entropy,
                    checksum: spec.checksum,
                    references: spec.references,
                    examples: spec.examples,
                    negative_examples: spec.negative_examples,
                    origin: (*origin).to_owned(),
                    regex,
                });
            }
        }
        Ok(Self::index(detectors))
    }

    fn index(detectors: Vec<Detector>) -> Self {
        let mut keywords: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        for (index, detector) in detectors.iter().enumerate() {
            for keyword in &detector.keywords {
                let keyword = keyword.to_ascii_lowercase();
                match keywords.iter().position(|k| *k == keyword) {
                    Some(at) => owners[at].push(index),
                    None => {
                        keywords.push(keyword);
                        owners.push(vec![index]);
                    }
                }
            }
        }
        // A DFA: every file's whole text is searched with overlapping matches, where the
        // default NFA cost ~40 instructions a byte.
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .build(&keywords)
            .expect("keywords are small ASCII literals");
        Self {
            detectors,
            automaton,
            owners,
        }
    }

    pub fn detectors(&self) -> &[Detector] {
        &self.detectors
    }

    /// Every match of every detector whose keyword occurs in `text`, in text order.
    pub fn candidates(&self, text: &str) -> Vec<Candidate> {
        let mut active = vec![false; self.detectors.len()];
        let mut any = false;
        for m in self.automaton.find_overlapping_iter(text) {
            for &d in &self.owners[m.pattern().as_usize()] {
                active[d] = true;
                any = true;
            }
        }
        if !any {
            return Vec::new();
        }
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for (index, detector) in self.detectors.iter().enumerate() {
            if !active[index] {
                continue;
            }
            for caps in detector.regex().captures_iter(bytes) {
                let Some(m) = caps.get(1).or_else(|| caps.get(0)) else {
                    continue;
                };
                let Some(value) = text.get(m.start()..m.end()) else {
                    continue;
                };
                out.push(Candidate {
                    detector: index,
                    range: TextRange::new(m.start(), m.end()),
                    verdict: verdict(detector, value),
                });
            }
        }
        out.sort_by_key(|c| (c.range.start, c.detector));
        out
    }
}

fn verdict(detector: &Detector, value: &str) -> Verdict {
    if super::assess::looks_fake(value) {
        return Verdict::Drop("test words or a sequence");
    }
    match value_class(value) {
        ValueClass::Placeholder(reason) => return Verdict::Drop(reason),
        ValueClass::Masked => return Verdict::Drop("masked value"),
        ValueClass::Empty | ValueClass::Convention => return Verdict::Drop("not a secret value"),
        ValueClass::Candidate => {}
    }
    if let Some(min) = detector.min_entropy {
        if entropy(value) < min {
            return Verdict::Drop("low entropy");
        }
    }
    match detector.checksum {
        Some(Checksum::Github) if !github_checksum_ok(value) => {
            Verdict::Drop("checksum does not match")
        }
        Some(Checksum::Jwt) if jwt_signs_a_message(value) => {
            Verdict::Drop("a signed message: the token's claims name no principal")
        }
        _ => Verdict::Report,
    }
}

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `prefix_` + 30 random characters + CRC32 of those 30 in six base62 digits.
pub(crate) fn github_checksum_ok(token: &str) -> bool {
    let Some((_, rest)) = token.split_once('_') else {
        return false;
    };
    if rest.len() != 36 || !rest.is_ascii() {
        return false;
    }
    let (random, check) = rest.split_at(30);
    let mut decoded: u64 = 0;
    for b in check.bytes() {
        let Some(digit) = BASE62.iter().position(|c| *c == b) else {
            return false;
        };
        decoded = decoded * 62 + digit as u64;
    }
    decoded == u64::from(crc32fast::hash(random.as_bytes()))
}

/// The six base62 digits of a CRC32, for building test tokens.
pub(crate) fn github_checksum(random: &str) -> String {
    let mut n = u64::from(crc32fast::hash(random.as_bytes()));
    let mut digits = [b'0'; 6];
    for slot in digits.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(digits.to_vec()).expect("ASCII")
}

/// Whether lines added to a file can bring a credential finding that the file's previous
/// version did not have: they name a credential (a fragment of `key`, `secret`, `token`,
/// `password`, `auth`…), hold a value a provider detector reports (`ghp_…`, `AKIA…`, a
/// private key block) or a random-looking run of 16 or more characters. Without any of
/// those, an edit (a hint reworded, a field added) cannot make a literal a credential,
/// nor a credential appear.
pub fn may_add_credential(added: &str) -> bool {
    super::values::has_credential_fragment(added)
        || SecretsEngine::builtin_ref()
            .candidates(added)
            .iter()
            .any(|c| c.verdict == Verdict::Report)
        || added
            .split(|c: char| {
                !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-'))
            })
            .any(|run| {
                run.len() >= 16
                    && run.bytes().any(|b| b.is_ascii_digit())
                    && run.bytes().any(|b| b.is_ascii_alphabetic())
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_detectors_compile() {
        let engine = SecretsEngine::load(BUILTIN, true).unwrap();
        assert_eq!(
            engine.detectors().len(),
            SecretsEngine::builtin().detectors().len()
        );
    }
}
