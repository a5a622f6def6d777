//! The secrets engine: provider formats as data (`rules/secrets/*.toml`), found with one
//! keyword pass per file and byte-oriented regexes for the detectors whose keywords hit,
//! then filtered by entropy, checksums and placeholder checks.

mod detectors;
pub mod fake;
mod position;
mod prefilter;
mod sites;
mod values;

pub use detectors::Candidate;
pub use detectors::{Checksum, Detector, DetectorError, SecretsEngine, Verdict};
pub use position::{surroundings_of, surroundings_of_range, Place, Surroundings};
pub use prefilter::Prefilter;
pub(crate) use sites::{
    in_token_request, is_code_position, oauth_position, siblings, sites_at, Site, SiteKind,
};
pub use values::{entropy, is_secret_name, reads_like_words, value_class, ValueClass};
