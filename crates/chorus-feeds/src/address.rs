//! Which network addresses the poller may reach.
//!
//! A feed, a redirect or a teaser link is a URL a stranger chose. Unless the operator allows it
//! ([`PollerConfig::allow_private_addresses`](crate::PollerConfig::allow_private_addresses)), the
//! poller refuses every address that is not on the public internet: loopback, private ranges,
//! link-local (cloud metadata services live at 169.254.169.254), shared, reserved, documentation,
//! multicast and unspecified addresses, and IPv6 forms that embed such an IPv4 address. The check
//! runs after DNS resolution, inside the HTTP client's resolver, so the connection goes to the
//! very address that was checked (a name cannot resolve to a public address for the check and a
//! private one for the connection), and it runs for every request: feeds, each redirect, pages.
//!
//! Written by hand: `IpAddr::is_global` is not stable in the standard library.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// Why `ip` is not a public internet address, or `None` when it is one.
pub fn non_public_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => v6_reason(v6),
    }
}

fn v4_reason(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        (0, _, _) => "an unspecified (\"this network\") address",
        (127, _, _) => "a loopback address",
        (10, _, _) | (192, 168, _) => "a private address",
        (172, 16..=31, _) => "a private address",
        (169, 254, _) => "a link-local address (cloud metadata services live there)",
        (100, 64..=127, _) => "a shared (carrier-grade NAT) address",
        (192, 0, 0) => "an IETF protocol assignment",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "a documentation address",
        (198, 18..=19, _) => "a benchmarking address",
        (224..=239, _, _) => "a multicast address",
        (240..=255, _, _) => "a reserved or broadcast address",
        _ => return None,
    })
}

fn v6_reason(ip: Ipv6Addr) -> Option<&'static str> {
    if ip.is_unspecified() {
        return Some("an unspecified address");
    }
    if ip.is_loopback() {
        return Some("a loopback address");
    }
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) forms reach the IPv4 address.
    if let Some(v4) = ip.to_ipv4() {
        return v4_reason(v4);
    }
    let segments = ip.segments();
    let embedded = |high: u16, low: u16| Ipv4Addr::from((u32::from(high) << 16) | u32::from(low));
    match segments[0] {
        // NAT64 (64:ff9b::/96) translates to the embedded IPv4 address.
        0x64 if segments[1] == 0xff9b => v4_reason(embedded(segments[6], segments[7])),
        // 6to4 (2002::/16) tunnels to the IPv4 address in bits 16..48.
        0x2002 => v4_reason(embedded(segments[1], segments[2])),
        0x2001 if segments[1] == 0x0db8 => Some("a documentation address"),
        0x2001 if segments[1] == 0 => Some("a Teredo tunnel address"),
        s if s & 0xfe00 == 0xfc00 => Some("a unique local (private) address"),
        s if s & 0xffc0 == 0xfe80 => Some("a link-local address"),
        s if s & 0xffc0 == 0xfec0 => Some("a site-local address"),
        s if s & 0xff00 == 0xff00 => Some("a multicast address"),
        _ => None,
    }
}

/// The message of a refused address.
pub(crate) fn refusal(host: &str, ip: IpAddr, reason: &str) -> String {
    if host.trim_matches(['[', ']']) == ip.to_string() {
        format!(
            "refused {ip}: {reason}; Chorus fetches only public internet addresses \
             (--allow-private-addresses allows others)"
        )
    } else {
        format!(
            "refused {host}: it resolves to {ip}, {reason}; Chorus fetches only public internet \
             addresses (--allow-private-addresses allows others)"
        )
    }
}

/// A resolver that keeps only public addresses (the proxy the operator configured excepted).
#[derive(Debug, Default)]
pub(crate) struct PublicOnly {
    inner: DefaultResolver,
}

impl Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addrs = self.inner.resolve(uri, config, timeout)?;
        let host = uri.host().unwrap_or_default();
        let is_configured_proxy = config.proxy().is_some_and(|proxy| {
            proxy.host() == host && uri.port_u16().is_none_or(|port| port == proxy.port())
        });
        if is_configured_proxy {
            return Ok(addrs);
        }
        let mut kept = self.empty();
        let mut refused: Option<(SocketAddr, &'static str)> = None;
        for addr in addrs.iter() {
            match non_public_reason(addr.ip()) {
                None => kept.push(*addr),
                Some(reason) => refused = refused.or(Some((*addr, reason))),
            }
        }
        match refused {
            Some((addr, reason)) if kept.is_empty() => Err(ureq::Error::Io(io::Error::new(
                io::ErrorKind::PermissionDenied,
                refusal(host, addr.ip(), reason),
            ))),
            _ => Ok(kept),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(text: &str) -> Option<&'static str> {
        non_public_reason(text.parse().expect("an address"))
    }

    #[test]
    fn internal_addresses_are_refused() {
        for text in [
            "127.0.0.1",
            "127.255.0.9",
            "0.0.0.0",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "192.0.2.1",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::10.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
        ] {
            assert!(reason(text).is_some(), "{text} should be refused");
        }
    }

    #[test]
    fn public_addresses_are_allowed() {
        for text in [
            "8.8.8.8",
            "1.1.1.1",
            "172.15.0.1",
            "172.32.0.1",
            "100.128.0.1",
            "93.184.216.34",
            "2606:4700::1111",
            "2a00:1450:4001::1",
            "::ffff:8.8.8.8",
        ] {
            assert_eq!(reason(text), None, "{text} should be allowed");
        }
    }

    #[test]
    fn the_resolver_refuses_a_name_that_resolves_to_loopback() {
        let uri: Uri = "http://localhost:8080/feed.xml".parse().expect("a URI");
        let result =
            PublicOnly::default().resolve(&uri, &Config::default(), NextTimeout::default());
        let message = match result {
            Err(ureq::Error::Io(e)) => e.to_string(),
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert!(
            message.contains("refused localhost: it resolves to"),
            "{message}"
        );
        assert!(message.contains("loopback"), "{message}");
    }

    #[test]
    fn the_message_names_the_host_the_address_and_the_way_out() {
        let ip: IpAddr = "10.0.0.7".parse().expect("an address");
        let message = refusal("intranet.example", ip, "a private address");
        assert!(message.contains("intranet.example"));
        assert!(message.contains("10.0.0.7"));
        assert!(message.contains("--allow-private-addresses"));
        assert!(
            refusal("[::1]", "::1".parse().expect("v6"), "a loopback address")
                .starts_with("refused ::1: a loopback")
        );
    }
}
