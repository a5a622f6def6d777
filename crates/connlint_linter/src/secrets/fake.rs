//! Deterministic fake credentials for tests and benchmarks, from templates such as
//! `sk_live_%%alnum:24%%`, so that no credential-shaped text is committed.

use super::detectors::github_checksum;

const ALPHABETS: &[(&str, &str)] = &[
    (
        "alnum",
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    ),
    ("hex", "0123456789abcdef"),
    ("HEX", "0123456789ABCDEF"),
    ("lower", "abcdefghijklmnopqrstuvwxyz"),
    ("upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    ("digits", "0123456789"),
    ("upalnum", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
    (
        "b64",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    ),
    (
        "b64url",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
    ),
    ("base32", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
];

/// A small xorshift generator: deterministic across platforms and runs (fixture
/// values, the fuzzer, rule-order shuffles). The seed must not be 0.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    fn pick(&mut self, alphabet: &str, n: usize) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        (0..n)
            .map(|_| chars[(self.next_u64() % chars.len() as u64) as usize])
            .collect()
    }
}

/// Expands every `%%kind:arg%%` in `template`. Unknown kinds are left as written.
pub fn expand(template: &str, seed: u64) -> String {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find("%%") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("%%") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let spec = &after[..end];
        let (kind, arg) = spec.split_once(':').unwrap_or((spec, ""));
        match (kind, ALPHABETS.iter().find(|(k, _)| *k == kind)) {
            (_, Some((_, alphabet))) => out.push_str(&rng.pick(alphabet, arg.parse().unwrap_or(0))),
            ("gh", _) | ("ghbad", _) => {
                let random = rng.pick(ALPHABETS[0].1, 30);
                let mut check = github_checksum(&random);
                if kind == "ghbad" {
                    // Rotate the digits: same shape, wrong checksum.
                    check = format!("{}{}", &check[1..], &check[..1]);
                    if check == github_checksum(&random) {
                        check = "zzzzzz".to_owned();
                    }
                }
                out.push_str(&format!("{arg}_{random}{check}"));
            }
            _ => out.push_str(&format!("%%{spec}%%")),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::expand;
    use crate::secrets::detectors::github_checksum_ok;

    #[test]
    fn expansion_is_deterministic_and_shaped() {
        let a = expand("sk_live_%%alnum:24%%", 1);
        assert_eq!(a, expand("sk_live_%%alnum:24%%", 1));
        assert_ne!(a, expand("sk_live_%%alnum:24%%", 2));
        assert_eq!(a.len(), "sk_live_".len() + 24);
        assert!(github_checksum_ok(&expand("%%gh:ghp%%", 3)));
        assert!(!github_checksum_ok(&expand("%%ghbad:ghp%%", 3)));
        assert_eq!(expand("keep %%nope:1%% as is", 1), "keep %%nope:1%% as is");
    }
}
