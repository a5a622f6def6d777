//! The secrets engine's vocabulary: the words that make a name a credential's (or
//! not), the words that make a value a placeholder, a convention or a test's, and the
//! thresholds of a value's shape. Kept together so that tuning the engine
//! is one file, and each number has a name where it is used.

// Names.

/// Names that hold a credential whole, once only letters and digits are kept
/// (`X-Api-Key`, `PWD`).
pub(super) const SECRET_NAMES: &[&str] = &["pwd", "pass", "authorization", "xapikey", "apikey"];

/// Words of a name (split at separators and camel case) that say password:
/// `root_pass_master`, `@user_pwd`, `dbPass`.
pub(super) const PASSWORD_WORDS: &[&str] = &["pass", "pwd", "passwd"];

/// Parts of a normalized name that say it holds a credential (see `is_secret_name`).
pub(super) const SECRET_PARTS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "privatekey",
    "signingkey",
    "credential",
    "authkey",
    "encryptionkey",
    "masterkey",
];

/// Endings of a credential-like name that hold something about the credential instead
/// (`token_url`, `password_field`).
pub(super) const NOT_SECRET_SUFFIXES: &[&str] = &[
    "url",
    "uri",
    "type",
    "name",
    "label",
    "hint",
    "field",
    "fields",
    "expires",
    "expiresin",
    "expiry",
    "expiration",
    "length",
    "path",
    "endpoint",
    "id",
    "ids",
    "header",
    "prefix",
    "format",
    "count",
    "required",
    "optional",
    "ttl",
    "lifetime",
    "timeout",
    "duration",
    "maxage",
    "ref",
    "preview",
    "param",
    "policy",
    // Lookup tables (`Racc_token_to_s_table`, `token_table`): many names, not one secret.
    "table",
    "tables",
];

/// Parts of a name that make a credential-like name something else (`page_token`).
pub(super) const NOT_SECRET_PARTS: &[&str] = &[
    "page",
    "cursor",
    "csrf",
    "idempotency",
    "sync",
    "continuation",
    "reset",
];

/// Names that hold credentials though `is_secret_name` alone does not say so.
pub(super) const STRONG_PARTS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "clientsecret",
    "consumersecret",
    "apisecret",
    "appsecret",
    "apikey",
    "accesstoken",
    "authtoken",
    "refreshtoken",
    "bearertoken",
    "sessiontoken",
    "privatekey",
    "secretkey",
    "secretaccesskey",
    "accesskeysecret",
    "signingsecret",
    "webhooksecret",
    "encryptionkey",
    "masterkey",
    "licensekey",
    "secrettoken",
    "authorization",
];

/// `…_key` names that never hold a secret.
pub(super) const NOT_SECRET_KEY_PREFIXES: &[&str] = &[
    "public",
    "header",
    "primary",
    "composite",
    "publishable",
    "site",
    "cache",
    "foreign",
    "sort",
    "partition",
    "idempotency",
    "object",
    "row",
    "lookup",
    "dedup",
    "unique",
    "translation",
    "locale",
    "routing",
    "shard",
    "bucket",
    "file",
    "group",
    "index",
    "hash",
    "map",
    "storage",
    "s3",
    "redis",
    "namespace",
    "cursor",
    "page",
    "i18n",
    "schema",
    "field",
    "column",
    "table",
];

/// Words that name a credential: a value that spells one among words of its own
/// (`ch4rlEs_toKeN`, `body!secret`, `HeAd3rs_ToKeN`) was typed for a test.
pub(super) const CREDENTIAL_WORDS: &[&str] =
    &["token", "secret", "password", "passwd", "apikey", "key"];

// Shapes.

/// The shortest test value under a password's name that is reported: shorter ones
/// (`'abc'`, `'pw1'`) are fixtures of validation tests.
pub(super) const MIN_TEST_PASSWORD: usize = 6;

/// A value this long with `MIN_CLASSES` character classes and `RANDOM_MIN_ENTROPY` bits
/// per byte looks random (and so does a segment of a URL or path).
pub(super) const RANDOM_MIN_LEN: usize = 12;
pub(super) const RANDOM_MIN_ENTROPY: f64 = 3.0;
/// Character classes (lower, upper, digit, other) a random or medium value mixes.
pub(super) const MIN_CLASSES: usize = 2;
/// Hex has 16 symbols: a long hex run is random at a lower entropy.
pub(super) const HEX_RANDOM_MIN_LEN: usize = 16;
pub(super) const HEX_RANDOM_MIN_ENTROPY: f64 = 2.8;
/// A long enough run is random whatever its classes.
pub(super) const LONG_RANDOM_MIN_LEN: usize = 20;
pub(super) const LONG_RANDOM_MIN_ENTROPY: f64 = 3.5;
/// Shorter values are weak: only a name that speaks for them makes them a candidate.
pub(super) const MEDIUM_MIN_LEN: usize = 8;
/// `***`, `•••`, `###` this long or longer: a value already hidden.
pub(super) const MASKED_MIN_LEN: usize = 3;
/// A value this long of at most `REPEATING_MAX_DISTINCT` characters (`xxxxxx`,
/// `121212`) is a pattern typed in place of a value.
pub(super) const REPEATING_MIN_LEN: usize = 6;
pub(super) const REPEATING_MAX_DISTINCT: usize = 2;
/// Words on one line up to this long are prose; key blocks are longer.
pub(super) const PROSE_MAX_LEN: usize = 80;

// Values.

/// Words that make up test and example values: `test-api-key`, `password123`,
/// `client-secret`, `refresh-token-123`, `my_api_key`.
pub(super) const FAKE_WORDS: &[&str] = &[
    "test",
    "testing",
    "fake",
    "dummy",
    "example",
    "sample",
    "mock",
    "stub",
    "invalid",
    "valid",
    "demo",
    "foo",
    "bar",
    "baz",
    "qux",
    "abc",
    "xyz",
    "password",
    "passwd",
    "pass",
    "secret",
    "token",
    "key",
    "api",
    "apikey",
    "client",
    "id",
    "access",
    "refresh",
    "auth",
    "my",
    "your",
    "new",
    "old",
    "user",
    "admin",
    "root",
    "guest",
    "default",
    "changeme",
    "hello",
    "world",
    "local",
    "localhost",
    "dev",
    "development",
    "bearer",
    "basic",
    "value",
    "string",
    "private",
    "public",
    "session",
    "code",
    "hmac",
    "jwt",
    "webhook",
    "signing",
    "some",
    "random",
    "generated",
    "here",
    "not",
    "a",
    "an",
    "the",
    "real",
    "for",
    "of",
    "only",
    "no",
    "tests",
    "do",
    "use",
    "this",
];

/// Segments that say a value is made for a test.
pub(super) const TEST_WORDS: &[&str] = &[
    "test", "tests", "fake", "dummy", "sample", "mock", "invalid", "expired", "revoked",
];

/// Values that are a documented convention, not a secret (see `ValueClass::Convention`).
pub(super) const CONVENTIONS: &[&str] = &[
    "api_token",
    "x",
    "api",
    "apikey",
    "api_key",
    "token",
    "x-oauth-basic",
    "u",
    "oauth",
];

/// Values that only name what belongs there (`password`, `client_id`, `nil`).
pub(super) const GENERIC_WORDS: &[&str] = &[
    "secret",
    "password",
    "passwd",
    "pass",
    "token",
    "key",
    "apikey",
    "client_id",
    "clientid",
    "client_secret",
    "clientsecret",
    "test",
    "none",
    "null",
    "nil",
    "n/a",
    "na",
    "default",
    "string",
    "value",
    "undefined",
    "access_token",
    "accesstoken",
    "username",
    "user",
];

/// Words that mark a value left for the author to fill in, with how a finding names them.
pub(super) const PLACEHOLDER_MARKERS: &[(&str, &str)] = &[
    ("your", "placeholder (\"your …\")"),
    ("replace", "placeholder (\"replace …\")"),
    ("placeholder", "placeholder"),
    ("changeme", "placeholder (\"changeme\")"),
    ("change_me", "placeholder (\"change me\")"),
    ("insert", "placeholder (\"insert …\")"),
    ("enter_", "placeholder (\"enter …\")"),
    ("todo", "placeholder (TODO)"),
    ("tbd", "placeholder (TBD)"),
    ("dummy", "placeholder (dummy)"),
    ("example", "placeholder (example)"),
    ("redacted", "placeholder (redacted)"),
    ("xxxx", "placeholder (xxxx)"),
    ("...", "placeholder (…)"),
    ("…", "placeholder (…)"),
    ("${", "template variable"),
    ("{{", "template variable"),
    ("%{", "template variable"),
];
