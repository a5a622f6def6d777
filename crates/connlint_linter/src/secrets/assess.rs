//! The confidence model every credential rule shares: evidence about one literal (the
//! name it is bound to, the sink it reaches, its shape, the file it is in) becomes one
//! judgement, `error`, `warning`, `info` or a drop, by the table in [`assess`].

use connlint_diagnostics::Severity;
use connlint_syntax::{SourceFile, TextRange};

use super::position::Place;
use super::values::{
    entropy, has_credential_fragment, has_password_word, is_secret_name, reads_like_words,
    value_class, ValueClass,
};
use super::vocabulary::{
    CREDENTIAL_WORDS, FAKE_WORDS, HEX_RANDOM_MIN_ENTROPY, HEX_RANDOM_MIN_LEN,
    LONG_RANDOM_MIN_ENTROPY, LONG_RANDOM_MIN_LEN, MEDIUM_MIN_LEN, MIN_CLASSES, MIN_TEST_PASSWORD,
    NOT_SECRET_KEY_PREFIXES, RANDOM_MIN_ENTROPY, RANDOM_MIN_LEN, STRONG_PARTS, TEST_WORDS,
};

/// How strongly a name says its value is a credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    None,
    /// `key`, `client_id`, `creds`: a credential only with more evidence.
    Weak,
    /// `token`, `secret`, `signing_key`.
    Medium,
    /// `password`, `api_key`, `client_secret`, `access_token`, `private_key`.
    Strong,
}

/// Where the name of a literal comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// A hash key or keyword argument: `api_key: '…'`, `'X-Api-Key' => '…'`.
    Key,
    /// `token = '…'`.
    Local,
    /// `@token = '…'`.
    Ivar,
    /// `TOKEN = '…'`.
    Constant,
    /// `config.api_key = '…'`, `self.password = '…'`.
    Attribute,
    /// `h[:password] = '…'`, `ENV['API_KEY'] = '…'`.
    Index,
    /// `default:` of a connection field named like a credential.
    FieldDefault,
    /// A default or fallback: `ENV.fetch('X', '…')`, `connection['x'] || '…'`.
    Fallback,
    /// `let(:token) { '…' }`, a factory attribute, a stubbed method or constant.
    Definition,
    /// A key in text: YAML, `.env`, JSON, a heredoc, a form body.
    TextKey,
    /// Compared with: `password == '…'`.
    Compared,
    /// `fill_in 'Password', with: '…'`.
    FormField,
}

impl Binding {
    pub fn describe(self) -> &'static str {
        match self {
            Binding::Key => "key",
            Binding::Local => "local variable",
            Binding::Ivar => "instance variable",
            Binding::Constant => "constant",
            Binding::Attribute => "attribute",
            Binding::Index => "index",
            Binding::FieldDefault => "default of field",
            Binding::Fallback => "fallback for",
            Binding::Definition => "definition of",
            Binding::TextKey => "key",
            Binding::Compared => "comparison with",
            Binding::FormField => "form field",
        }
    }
}

/// Where a value is used: positions whose argument is a credential whatever its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sink {
    /// `Authorization: Bearer …` or a credential-named header.
    Header,
    /// `password(…)`, `basic_auth(u, …)`, `user:password` encoded for Basic auth.
    BasicAuth,
    /// The key of `OpenSSL::HMAC`, `workato.hmac_*`, `String#hmac_*`.
    Hmac,
    /// The key of `JWT.encode/decode`, `workato.jwt_encode/decode`.
    Jwt,
    /// The seed of `ROTP::TOTP.new`/`HOTP.new`.
    Totp,
    /// An encryption key: `workato.aes_*`, `MessageEncryptor`, `MessageVerifier`.
    Cipher,
    /// The secret of `Aws::Credentials.new(id, secret)` or an OAuth provider setup.
    CloudCredentials,
    /// A credential-named parameter of a request (`payload(client_secret: …)`).
    Request,
    /// A credential-named query parameter in a URL.
    UrlQuery,
    /// The password of URL userinfo (`https://user:…@host`).
    UrlUserinfo,
}

impl Sink {
    pub fn describe(self) -> &'static str {
        match self {
            Sink::Header => "an authorization header",
            Sink::BasicAuth => "a basic-auth password",
            Sink::Hmac => "an HMAC key",
            Sink::Jwt => "a JWT signing key",
            Sink::Totp => "a one-time-password seed",
            Sink::Cipher => "an encryption key",
            Sink::CloudCredentials => "a cloud or OAuth provider secret",
            Sink::Request => "a credential parameter of a request",
            Sink::UrlQuery => "a credential in a URL query",
            Sink::UrlUserinfo => "a password in a URL",
        }
    }
}

/// What kind of file the literal is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A file holding a connector hash.
    Connector,
    /// Application, library or script code.
    Code,
    /// Specs, tests, features, fixtures: fake values are the norm there.
    Test,
    /// Settings files and `.env`: every value is meant to be a credential or setting.
    Settings,
}

impl Role {
    /// The role of a file by its class (the one table of path roles) and whether it
    /// holds a connector.
    pub fn of(source: &SourceFile, has_connector: bool) -> Self {
        let path = source.path();
        if connlint_syntax::is_test_name(path) {
            return Role::Test;
        }
        if has_connector {
            return Role::Connector;
        }
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let name = name.to_ascii_lowercase();
        if name.starts_with("settings") || name == ".env" || name.ends_with(".env") {
            return Role::Settings;
        }
        if source.class().role.is_test_data() {
            Role::Test
        } else {
            Role::Code
        }
    }
}

/// The shape of a value, from the least to the most credential-like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shape {
    /// A sign of a fake: placeholder, word, template, path, sequence.
    Fake(&'static str),
    /// Short or made of words: a credential only where the position says so.
    Weak,
    /// Mixed letters, digits or symbols, but short or of low entropy.
    Medium,
    /// Long and random: a generated key.
    Random,
}

/// Everything known about one candidate literal.
#[derive(Clone, Debug)]
pub struct Evidence<'t> {
    /// The credential text (without an auth scheme such as `Bearer `).
    pub value: &'t str,
    pub range: TextRange,
    /// The name the value is bound to, and how.
    pub name: Option<(&'t str, Binding)>,
    /// Where the value is used, and the byte offset of that use.
    pub sink: Option<(Sink, usize)>,
    pub place: Place,
    pub role: Role,
    /// In the connector's `connection:` or a request's headers: the DSL's credential
    /// positions, where even a plain word is a leak.
    pub credential_position: bool,
    /// Inside the arguments of a request (a call with a URL, `payload`, `params`…).
    pub in_request: bool,
    /// A credential-named sibling in the same hash or call (`client_id` beside
    /// `client_secret`).
    pub paired: bool,
}

/// The judgement of one candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub severity: Option<Severity>,
    /// The evidence in words, for `--explain`.
    pub why: String,
}

/// A name as letters and digits in lower case: `X-Api-Key`, `x_api_key` and `XAPIKEY` agree.
pub(super) fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// How strongly `name` says its value is a credential.
pub fn name_strength(name: &str) -> Strength {
    if !has_credential_fragment(name) {
        return if name == "k" {
            Strength::Weak
        } else {
            Strength::None
        };
    }
    let n = normalized(name);
    if n.is_empty() {
        return Strength::None;
    }
    let key_prefix = n.strip_suffix("key").filter(|p| !p.is_empty());
    // `public_test_key`, `PUB_KEY`: the public half, wherever the word stands.
    if key_prefix.is_some_and(|p| {
        NOT_SECRET_KEY_PREFIXES.iter().any(|x| p.ends_with(x))
            || p.starts_with("public")
            || p.starts_with("publishable")
            || p.ends_with("pub")
    }) {
        return Strength::None;
    }
    let secret = is_secret_name(name);
    if secret && (STRONG_PARTS.iter().any(|p| n.contains(p)) || has_password_word(name)) {
        return Strength::Strong;
    }
    // A client key is the half a browser or an OAuth 1 client sends in the open
    // (Midtrans, Adyen): an id, a secret only beside its server key.
    if n == "clientkey" {
        return Strength::Weak;
    }
    if secret
        || matches!(n.as_str(), "pwd" | "pass" | "secret")
        || n.ends_with("pepper")
        || n.ends_with("salt")
    {
        return Strength::Medium;
    }
    if key_prefix.is_some() {
        return Strength::Medium;
    }
    if matches!(
        n.as_str(),
        "key" | "k" | "clientid" | "consumerkey" | "appkey" | "creds" | "cred" | "auth"
    ) || n.ends_with("creds")
        || n.ends_with("credentials")
    {
        return Strength::Weak;
    }
    Strength::None
}

/// Whether `word` is fake words run together (`testkey`, `mysecrettoken`), each of two
/// letters or more, and whether one of them says "test".
fn fake_compound(word: &str) -> (bool, bool) {
    // ends[i]: the prefix of `i` bytes splits into fake words; says[i]: one says "test".
    let n = word.len();
    let mut ends = vec![false; n + 1];
    let mut says = vec![false; n + 1];
    ends[0] = true;
    for i in 0..n {
        if !ends[i] {
            continue;
        }
        for w in FAKE_WORDS.iter().chain(TEST_WORDS).filter(|w| w.len() >= 2) {
            if word[i..].starts_with(w) {
                ends[i + w.len()] = true;
                says[i + w.len()] |= says[i] || TEST_WORDS.contains(w);
            }
        }
    }
    (ends[n], says[n])
}

/// Whether every segment of `value` (split at separators, digits stripped) is a fake
/// word or fake words run together, or any segment says "test".
fn made_of_fake_words(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let segments: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect();
    if segments.is_empty() {
        return false;
    }
    // `sk_test_<random>` is a real (test-mode) key, not a test word.
    if value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(random_segment)
    {
        return false;
    }
    let mut all = true;
    for segment in &segments {
        let word = segment.trim_end_matches(|c: char| c.is_ascii_digit());
        if TEST_WORDS.contains(&word) {
            return true;
        }
        if word.is_empty() || FAKE_WORDS.contains(&word) {
            continue;
        }
        match fake_compound(word) {
            (true, true) => return true,
            (true, false) => {}
            (false, _) => all = false,
        }
    }
    all
}

/// Test words or a sequence (`guest`, `password123`, `123456`): a fake whatever
/// position or format it is in.
pub fn looks_fake(value: &str) -> bool {
    made_of_fake_words(value)
        || is_sequential(value)
        || disguised_fake(value)
        || made_of_trivial_pieces(value)
}

/// `1234-us1`, `abcd-x9`: a counting run with short tags (a data centre, a region)
/// around it; nothing in it was generated.
fn made_of_trivial_pieces(value: &str) -> bool {
    let pieces: Vec<&str> = value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect();
    pieces.len() >= 2
        && pieces.iter().any(|p| is_sequential(p))
        && pieces.iter().all(|p| p.len() <= 3 || is_sequential(p))
}

/// `pas$word`, `s3cr3t`, `P@ssw0rd`: test words with the usual substitutions and
/// nothing else. Digits left over once the substitutions are undone (`P@ssw0rd-6877`)
/// make it a password someone chose, not a fixture word.
fn disguised_fake(value: &str) -> bool {
    let plain = undo_substitutions(value);
    plain != value
        && !plain.bytes().any(|b| b.is_ascii_digit())
        && !value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(random_segment)
        && made_of_fake_words(&plain)
}

/// The letters that `$`, `@`, `0`, `1`, `3`, `4`, `5` and `!` stand for in a disguised word.
fn undo_substitutions(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '$' | '5' => 's',
            '@' | '4' => 'a',
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            c => c,
        })
        .collect()
}

/// Whether `value` spells a credential word in letters as one of its segments and is
/// words only once the usual substitutions are undone: a generated key does not say
/// what it is in a word, and digits left over (`P@ssw0rd-9xK2`) make it a password
/// someone chose.
fn spells_credential_word(value: &str) -> bool {
    if undo_substitutions(value)
        .bytes()
        .any(|b| b.is_ascii_digit())
    {
        return false;
    }
    let segments: Vec<&str> = value
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '$' | '@')))
        .filter(|s| !s.is_empty())
        .collect();
    segments.len() >= 2
        && segments
            .iter()
            .any(|s| CREDENTIAL_WORDS.contains(&s.to_ascii_lowercase().as_str()))
}

/// `X-Custom-Token`, `X-Api_Key`: the name of a header (what a test configures a
/// client to send), not its value.
fn is_header_name(value: &str) -> bool {
    value.strip_prefix("X-").is_some_and(|rest| {
        rest.len() >= 2
            && rest.starts_with(|c: char| c.is_ascii_alphabetic())
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_')
    })
}

/// A public key, certificate or SSH public key: published on purpose.
fn is_public_key(value: &str) -> bool {
    const PUBLIC: &[&str] = &[
        "-----BEGIN PUBLIC KEY-----",
        "-----BEGIN RSA PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----",
        "-----BEGIN PGP PUBLIC KEY BLOCK-----",
        "ssh-rsa AAAA",
        "ssh-ed25519 AAAA",
        "ecdsa-sha2-nistp256 AAAA",
    ];
    PUBLIC.iter().any(|p| value.starts_with(p))
}

/// `dXNlcjpwYXNzd29yZA==` in a Basic header is `user:password`: Base64 of a `user:pass`
/// pair whose password is a fake.
fn encodes_fake_basic_credentials(value: &str) -> bool {
    use base64::Engine;
    if value.len() < 8 || value.len() > 512 || !value.len().is_multiple_of(4) {
        return false;
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(value) else {
        return false;
    };
    let Ok(decoded) = std::str::from_utf8(&bytes) else {
        return false;
    };
    match decoded.split_once(':') {
        Some((_, password)) if !password.contains(':') => {
            password.is_empty()
                || looks_fake(password)
                || matches!(
                    value_class(password),
                    ValueClass::Placeholder(_) | ValueClass::Convention
                )
        }
        _ => false,
    }
}

/// Whether `name` names a password (a word a person chose), not a key or token.
fn names_password(name: &str) -> bool {
    let n = normalized(name);
    ["password", "passwd", "passphrase"]
        .iter()
        .any(|p| n.contains(p))
        || has_password_word(name)
}

/// One plain word in one case (`goldbricks`, `Sesame`, `ADMIN`): what a test types
/// for a password it does not care about.
fn one_word(value: &str) -> bool {
    let mut chars = value.chars();
    let first = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest: Vec<char> = chars.collect();
    first
        && (rest.iter().all(char::is_ascii_lowercase) || rest.iter().all(char::is_ascii_uppercase))
}

/// `0123456789`, `abcdef123456`, `123456`: runs of consecutive characters.
fn is_sequential(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() < 4 {
        return false;
    }
    let steps = bytes
        .windows(2)
        .filter(|w| w[1] == w[0].wrapping_add(1))
        .count();
    steps * 10 >= (bytes.len() - 1) * 7
}

pub(super) fn is_uuid(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    parts.len() == 5
        && [8, 4, 4, 4, 12]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_version(value: &str) -> bool {
    let v = value.trim_start_matches('v');
    v.split('.').count() >= 2
        && v.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// `sk_access_token`, `user-profile.read`, `ADMIN_ROLE`: letters-only segments joined by
/// `_`, `-` or `.`, in one case: an identifier, not a random run.
fn is_identifier(value: &str) -> bool {
    let segments: Vec<&str> = value.split(['_', '-', '.']).collect();
    segments.len() >= 2
        && segments
            .iter()
            .all(|s| s.len() >= 2 && s.bytes().all(|b| b.is_ascii_alphabetic()))
        && (value.bytes().all(|b| !b.is_ascii_uppercase())
            || value.bytes().all(|b| !b.is_ascii_lowercase()))
}

/// A random-looking run: long, mixed letters and digits, high entropy.
fn random_segment(s: &str) -> bool {
    s.len() >= RANDOM_MIN_LEN
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars().any(|c| c.is_ascii_alphabetic())
        && entropy(s) >= RANDOM_MIN_ENTROPY
}

/// Whether a value is a URL, a path, a route or a reference rather than a secret: its
/// shape is one, and none of its segments is a random run (Base64 holds `/` too).
fn is_path_like(value: &str) -> bool {
    let shaped = value.starts_with('/')
        || value.starts_with("./")
        || value.starts_with(':')
        || value.contains("://")
        || value.contains("/:")
        || value.contains('/') && value.split('/').filter(|s| !s.is_empty()).count() >= 2
        || value.starts_with("vault:")
        || value.starts_with("arn:");
    shaped
        && !value
            .split(['/', '?', '&', '=', ':', '.', '#'])
            .any(random_segment)
}

/// The shape of `value`, given the name it is bound to (a value equal to its name is a
/// fake).
pub fn shape_of(value: &str, name: Option<&str>) -> Shape {
    match value_class(value) {
        ValueClass::Candidate => {}
        ValueClass::Empty => return Shape::Fake("empty"),
        ValueClass::Masked => return Shape::Fake("masked"),
        ValueClass::Convention => return Shape::Fake("a documented convention"),
        ValueClass::Placeholder(reason) => return Shape::Fake(reason),
    }
    let trimmed = value.trim();
    if trimmed.contains("<%") || trimmed.starts_with('$') || trimmed.contains("#{") {
        return Shape::Fake("template variable");
    }
    if is_public_key(trimmed) {
        return Shape::Fake("a public key or certificate");
    }
    // `AKIA…/20220410/us-east-1/s3/aws4_request`: the key id and scope a SigV4 signature
    // names, never its secret.
    if trimmed.ends_with("/aws4_request") {
        return Shape::Fake("a SigV4 credential scope");
    }
    if is_header_name(trimmed) {
        return Shape::Fake("a header name");
    }
    if trimmed.starts_with("eyJ") && super::values::jwt_signs_a_message(trimmed) {
        return Shape::Fake("a signed message (a JWT whose claims name no principal)");
    }
    // `XXX%2F20200101%2F…` (a signing scope with its key id left out), `sk_live_XXXX`.
    if trimmed
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|s| s.len() >= 3 && s.bytes().all(|b| b == b'X' || b == b'x'))
        || trimmed.starts_with("XXX")
    {
        return Shape::Fake("an `XXX` placeholder");
    }
    // `document.querySelector(`, `foo.bar()`: code, not a value.
    if trimmed.ends_with('(') || trimmed.contains("()") {
        return Shape::Fake("code");
    }
    if let Some(name) = name {
        let (name, value) = (normalized(name), normalized(trimmed));
        // `token: 'token'`, `access_token: 'sk_access_token'`, `api_key: 'my_api_key'`.
        if name == value
            || (name.len() >= 4 && value.contains(&name) && value.len() <= name.len() + 5)
        {
            return Shape::Fake("the value is its own name");
        }
    }
    if is_uuid(trimmed) && name.is_none_or(|n| name_strength(n) < Strength::Medium) {
        return Shape::Fake("a UUID");
    }
    if is_version(trimmed) {
        return Shape::Fake("a version");
    }
    if is_path_like(trimmed) {
        return Shape::Fake("a URL, path or route");
    }
    if trimmed.contains(' ') && !trimmed.contains('\n') {
        return Shape::Fake("prose");
    }
    if is_sequential(trimmed) || made_of_trivial_pieces(trimmed) {
        return Shape::Fake("a sequence");
    }
    if encodes_fake_basic_credentials(trimmed) {
        return Shape::Fake("Base64 of test credentials (`user:password`)");
    }
    if made_of_fake_words(trimmed) {
        return Shape::Fake("test or example words");
    }
    if disguised_fake(trimmed) {
        return Shape::Fake("a test word disguised (`pas$word`, `s3cr3t`)");
    }
    if spells_credential_word(trimmed) {
        return Shape::Fake("spells a credential word (`ch4rlEs_toKeN`)");
    }
    if trimmed.len() >= 3
        && trimmed.bytes().all(|b| b.is_ascii_lowercase())
        && crate::lexicon::is_english_verb(trimmed)
    {
        return Shape::Fake("a dictionary word");
    }
    let len = trimmed.chars().count();
    let classes = [
        trimmed.chars().any(|c| c.is_ascii_lowercase()),
        trimmed.chars().any(|c| c.is_ascii_uppercase()),
        trimmed.chars().any(|c| c.is_ascii_digit()),
        trimmed.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    let e = entropy(trimmed);
    let hex = trimmed.chars().all(|c| c.is_ascii_hexdigit());
    if reads_like_words(trimmed) || is_identifier(trimmed) {
        return Shape::Weak;
    }
    if (len >= RANDOM_MIN_LEN && e >= RANDOM_MIN_ENTROPY && classes >= MIN_CLASSES)
        || (hex && len >= HEX_RANDOM_MIN_LEN && e >= HEX_RANDOM_MIN_ENTROPY)
        || (len >= LONG_RANDOM_MIN_LEN && e >= LONG_RANDOM_MIN_ENTROPY)
    {
        return Shape::Random;
    }
    if len >= MEDIUM_MIN_LEN && classes >= MIN_CLASSES {
        return Shape::Medium;
    }
    Shape::Weak
}

/// The documented table: credential evidence (the name's strength, raised to strong by
/// a credential sink) against the value's shape.
///
/// | evidence \ shape | random | medium | weak |
/// |---|---|---|---|
/// | strong name or sink | error | error in a credential position, else warning | error in a credential position, warning at a sink or in a request, else info |
/// | medium name | error | warning | warning in a request, else info |
/// | weak name | warning with a request, pair or settings file, else info | info | drop |
/// | no name, no sink | drop (provider formats are `hardcoded-secret`'s) | drop | drop |
///
/// In tests only random values count (`'1234'` and `'password'` are fixtures there,
/// a pasted key is not); comments, sample output and documentation text are left to
/// the provider formats.
pub fn assess(e: &Evidence) -> Assessment {
    let name_level = e.name.map_or(Strength::None, |(n, _)| name_strength(n));
    let mut level = name_level;
    if e.sink.is_some() {
        level = Strength::Strong;
    }
    // A form field named like a credential is filled with one.
    if matches!(e.name, Some((_, Binding::FormField))) && level == Strength::Weak {
        level = Strength::Medium;
    }
    let shape = match shape_of(e.value, e.name.map(|(n, _)| n)) {
        // `'Bearer c55ef0d8-…'`: a UUID given as a token is the token (Heroku-style keys).
        Shape::Fake(_) if matches!(e.sink, Some((Sink::Header, _))) && is_uuid(e.value.trim()) => {
            Shape::Random
        }
        shape => shape,
    };
    let mut why = describe(e, level, shape);
    let drop = |why: &mut String, reason: &str| {
        why.push_str(&format!("; dropped: {reason}"));
        Assessment {
            severity: None,
            why: why.clone(),
        }
    };
    if e.place != Place::Code {
        return drop(&mut why, &format!("in {}", e.place.describe()));
    }
    if let Shape::Fake(reason) = shape {
        return drop(&mut why, reason);
    }
    if level == Strength::None {
        return drop(&mut why, "nothing says it is a credential");
    }
    // `let(:expected_token) { '…' }`: what the code under test must produce from the
    // spec's own fixture key (a signature, an encoded token), not a key given to it.
    let expectation = e.name.is_some_and(|(n, b)| {
        b == Binding::Definition && n.trim_start_matches(['@', ':']).starts_with("expected")
    });
    if e.role == Role::Test && expectation && e.sink.is_none() {
        return drop(&mut why, "an expected output in a test");
    }
    // In tests a value that is neither random nor a recognisable fake, under a strong
    // name or at a sink (`password: 'ngsxkqpw'`), may be a real credential pasted as a
    // fixture: a warning, never more. Under a password's name that holds for anything
    // a person could have chosen (`'apple2'`, `'InTheBalcony'`): only one plain word is
    // a fixture's.
    if e.role == Role::Test && shape != Shape::Random {
        let value = e.value.trim();
        let spaced = value.contains(char::is_whitespace);
        // `password 'InTheBalcony'`, `basic_auth(user, '…')`: a password by its use.
        let password = e.name.is_some_and(|(n, _)| names_password(n))
            || matches!(e.sink, Some((Sink::BasicAuth, _)));
        // Under a medium name (`secret`, `token`) a long run of letters and digits
        // (`kd94hf93k423kf44`) is a key someone generated, short of the entropy bar.
        let generated = level == Strength::Medium
            && value.len() >= 12
            && value.bytes().any(|b| b.is_ascii_digit())
            && value.bytes().filter(u8::is_ascii_alphabetic).count() >= 4
            && value.bytes().all(|b| b.is_ascii_alphanumeric());
        let chosen = !spaced
            && (level == Strength::Strong
                && (value.len() >= 8 && !reads_like_words(value)
                    || password && value.chars().count() >= MIN_TEST_PASSWORD && !one_word(value))
                || generated && !reads_like_words(value));
        if !chosen {
            return drop(&mut why, "a test value that is not random");
        }
        why.push_str("; a test value that is not random but no recognisable fake either; reported as warning");
        return Assessment {
            severity: Some(Severity::Warning),
            why,
        };
    }
    let words = reads_like_words(e.value);
    if words && !e.credential_position {
        return drop(&mut why, "reads like words outside a credential position");
    }
    // A random value checked against a weakly named input (`input['key'] == '…'`) is an
    // expected secret; a word compared with a hash key (`key == 'content!'`) is not.
    let compared = matches!(e.name, Some((_, Binding::Compared)));
    let context = e.in_request || e.paired || compared || e.role == Role::Settings;
    let severity = match (level, shape) {
        (Strength::Strong, Shape::Random) | (Strength::Medium, Shape::Random) => Severity::Error,
        (Strength::Strong, _) if e.credential_position => Severity::Error,
        (Strength::Strong, Shape::Medium) => Severity::Warning,
        (Strength::Strong, _) if e.sink.is_some() || e.in_request => Severity::Warning,
        (Strength::Medium, Shape::Weak) if e.in_request => Severity::Warning,
        (Strength::Medium, Shape::Medium) => Severity::Warning,
        (Strength::Weak, Shape::Random) if context || e.credential_position => Severity::Warning,
        (Strength::Strong | Strength::Medium, _) | (Strength::Weak, Shape::Random) => {
            Severity::Info
        }
        _ => return drop(&mut why, "weak evidence"),
    };
    why.push_str(&format!("; reported as {severity}"));
    Assessment {
        severity: Some(severity),
        why,
    }
}

fn describe(e: &Evidence, level: Strength, shape: Shape) -> String {
    let mut parts = Vec::new();
    if let Some((name, binding)) = e.name {
        parts.push(format!(
            "{} `{name}` ({:?} name)",
            binding.describe(),
            name_strength(name)
        ));
    }
    if let Some((sink, _)) = e.sink {
        parts.push(format!("used as {}", sink.describe()));
    }
    if e.credential_position {
        parts.push("in a credential position".to_owned());
    }
    if e.in_request {
        parts.push("in a request".to_owned());
    }
    parts.push(format!("evidence {level:?}"));
    parts.push(format!(
        "shape {}",
        match shape {
            Shape::Fake(r) => format!("fake ({r})"),
            other => format!("{other:?}").to_ascii_lowercase(),
        }
    ));
    parts.push(format!("{:?} file", e.role).to_ascii_lowercase());
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(name_strength("client_secret"), Strength::Strong);
        assert_eq!(name_strength("DB_PASSWORD"), Strength::Strong);
        assert_eq!(name_strength("@token"), Strength::Medium);
        assert_eq!(name_strength("signing_key"), Strength::Medium);
        assert_eq!(name_strength("key"), Strength::Weak);
        assert_eq!(name_strength("public_key"), Strength::None);
        assert_eq!(name_strength("site_key"), Strength::None);
        assert_eq!(name_strength("primary_key"), Strength::None);
        assert_eq!(name_strength("AUTH_HEADER_KEY"), Strength::None);
        assert_eq!(name_strength("public_test_key"), Strength::None);
        assert_eq!(name_strength("PUB_KEY"), Strength::None);
        assert_eq!(name_strength("root_pass_master"), Strength::Strong);
        assert_eq!(name_strength("@user_pwd"), Strength::Strong);
        assert_eq!(name_strength("dbPass"), Strength::Strong);
        assert_eq!(name_strength("compass_heading"), Strength::None);
        assert_eq!(name_strength("pass_count"), Strength::None);
        assert_eq!(name_strength("token_url"), Strength::None);
        assert_eq!(name_strength("commit_sha"), Strength::None);
    }

    #[test]
    fn shapes() {
        for fake in [
            "test-api-key",
            "password123",
            "refresh-token-123",
            "whsec_test_secret",
            "0123456789abcdef",
            "abcdef123456",
            "/v1/api_keys/:api_key",
            ":secret",
            "1.2.3",
            "correct horse battery staple",
            "1234-us1",
            "abcd-x9",
        ] {
            assert!(matches!(shape_of(fake, None), Shape::Fake(_)), "{fake}");
        }
        assert!(matches!(
            shape_of("api_key", Some("api_key")),
            Shape::Fake(_)
        ));
        assert!(matches!(
            shape_of("dXNlcjpwYXNzd29yZA==", None),
            Shape::Fake(_)
        ));
        assert_eq!(shape_of("k3Yx9fQ2LmP0sT7vB8nW", None), Shape::Random);
        // A real key keeps its data centre tag.
        assert!(!matches!(
            shape_of("f3a9c1e07d6b4a2e9c8b7a6d5e4f3a21-us1", None),
            Shape::Fake(_)
        ));
        assert_eq!(shape_of("Summer2023#ops", None), Shape::Random);
        // A common password with the usual substitutions is a fake like `password`.
        assert!(matches!(shape_of("P@ssw0rd", None), Shape::Fake(_)));
        assert!(matches!(shape_of("pas$word", None), Shape::Fake(_)));
        assert_eq!(shape_of("P@ssw0rd-9xK2", None), Shape::Random);
        assert!(!matches!(shape_of("P@ssw0rd-6877", None), Shape::Fake(_)));
        assert!(matches!(
            shape_of("sk_access_token", Some("access_token")),
            Shape::Fake(_)
        ));
        assert!(matches!(
            shape_of("write", Some("id-token")),
            Shape::Fake(_)
        ));
        assert_eq!(shape_of("user_profile_read", None), Shape::Weak);
        assert_eq!(shape_of("ngsxkqpw", Some("password")), Shape::Weak);
        assert_eq!(shape_of("acme42", None), Shape::Weak);
        // A common password is a password, not a placeholder (issue 36: `hunter22`).
        assert!(!matches!(shape_of("hunter2", None), Shape::Fake(_)));
        // Issue 36, round 3: values typed for a test, and what is public or no value.
        for fake in [
            "ch4rlEs_toKeN",
            "body!secret",
            "TESTKEY-us1",
            "mysecrettoken",
            "X-Custom_Token",
            "-----BEGIN PUBLIC KEY-----\nMIIB",
            "AKIAEXAMPLEKEYID0/20220410/us-east-1/s3/aws4_request",
        ] {
            assert!(matches!(shape_of(fake, None), Shape::Fake(_)), "{fake}");
        }
        for real in [
            "key-3ax6xnjp29jd6fds4gc373sgvjxteol0",
            "Xq-9fK2mLp0sT7vB8nW",
            "attestation-9fK2",
        ] {
            assert!(!matches!(shape_of(real, None), Shape::Fake(_)), "{real}");
        }
    }
}
