//! Random tokens and keyed hashes.

use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::{Digest, Sha256};

/// Rails' `has_secure_token`: 24 characters from the base58 alphabet.
pub fn secure_token() -> String {
    const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut rng = rand::thread_rng();
    (0..24)
        .map(|_| BASE58[rng.gen_range(0..BASE58.len())] as char)
        .collect()
}

/// URL-safe random text of `bytes` random bytes (`SecureRandom.urlsafe_base64`).
pub fn urlsafe(bytes: usize) -> String {
    use base64::Engine;
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill(&mut buf[..]);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// A v4 UUID, as `SecureRandom.uuid` (pubsub tokens).
pub fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub fn sha256_hex(input: &str) -> String {
    hex::encode(Sha256::digest(input.as_bytes()))
}

pub fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// Compares two secrets in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_tokens_are_24_base58_chars() {
        let t = secure_token();
        assert_eq!(t.len(), 24);
        assert!(t
            .chars()
            .all(|c| c.is_ascii_alphanumeric() && !"0OIl".contains(c)));
        assert_ne!(t, secure_token());
    }

    #[test]
    fn hmac_matches_a_known_vector() {
        // RFC 4231 test case 2.
        assert_eq!(
            hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
    }
}
