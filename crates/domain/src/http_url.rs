//! "Is this an http(s) URL?", as Chatwoot asks it of webhook URLs
//! (`URI::DEFAULT_PARSER.make_regexp(%w[http https])`) and dashboard-app frames (JSON schema
//! `format: uri` with `pattern: ^https?://`). Switchboard checks the whole string (upstream's
//! webhook regex is unanchored and accepts text around a URL), because the URL is called later.

/// Characters RFC 3986 allows in a URI (unreserved, reserved and `%`).
fn uri_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// True for an absolute `http://` or `https://` URL with a host.
pub fn is_http_url(value: &str) -> bool {
    let lower = value.get(..8).unwrap_or(value).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &value[8..]
    } else if lower.starts_with("http://") {
        &value[7..]
    } else {
        return false;
    };
    if !value.chars().all(uri_char) {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = if let Some(v6) = host_port.strip_prefix('[') {
        match v6.split_once(']') {
            Some((addr, after)) if !addr.is_empty() => (addr, after.strip_prefix(':')),
            _ => return false,
        }
    } else {
        match host_port.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    let port_ok = port.is_none_or(|p| p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()));
    !host.is_empty() && port_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_and_https_urls_with_a_host_pass() {
        for ok in [
            "http://example.com",
            "https://example.com/hook?x=1#y",
            "HTTPS://Example.com:8443/a",
            "http://user:pw@10.0.0.1:80/",
            "http://[::1]:3000/path",
            "http://localhost",
        ] {
            assert!(is_http_url(ok), "{ok}");
        }
    }

    #[test]
    fn other_schemes_relative_urls_and_spaces_fail() {
        for bad in [
            "",
            "com",
            "example.com/hook",
            "ftp://example.com",
            "javascript:alert(1)",
            "http://",
            "http:///path",
            "http://exa mple.com",
            "http://example.com:port",
            "see http://example.com",
            "http://example.com/<script>",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }
}
