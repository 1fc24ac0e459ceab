//! Random secrets and how they are kept: only a SHA-256 of each token is stored, so a copy of
//! the database does not give away sessions, API tokens or reset links.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// `bytes` random bytes as URL-safe text.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two secrets in constant time (for their length): a token, a signature. The one
/// comparison of secrets in the house, through `subtle` (already in the tree with the RSA and
/// hash crates), which keeps the compiler from turning it back into an early exit.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = super::random_token(32);
        let b = super::random_token(32);
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(super::hash(&a).len(), 64);
        assert_eq!(super::hash(&a), super::hash(&a));
    }
}
