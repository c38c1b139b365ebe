//! Who the client is: the address the socket saw, or, when that peer is a trusted proxy
//! (`trusted_proxies`), the address the proxies forwarded.
//!
//! Forwarding headers (`Forwarded`, RFC 7239, or else `X-Forwarded-For`) are read right to
//! left: each proxy appends the address it received the request from, so the rightmost
//! entry comes from the proxy nearest to Sesame. Walking left stops at the first address
//! that is not a trusted proxy: that is the client. Entries further left were written by
//! the client itself or by proxies Sesame does not trust, and are never believed. From a
//! peer that is not trusted, the headers are ignored.
//!
//! The address found is what the audit records as the source and what the per-address
//! limits count.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

use crate::state::AppState;

/// The client's address, found once per request by [`identify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client(pub IpAddr);

/// Finds the client's address and keeps it in the request's extensions.
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if let Some(peer) = peer {
        let client = address(peer, request.headers(), &state.settings().trusted_proxies);
        request.extensions_mut().insert(Client(client));
    }
    next.run(request).await
}

/// The client's address for a request from `peer` with these headers.
pub fn address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let mut client = peer.to_canonical();
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|network| network.contains(ip));
    if !is_trusted(&client) {
        return client;
    }
    let forwarded = forwarded_for(headers);
    for entry in forwarded.iter().rev() {
        let Some(ip) = entry else {
            // Unknown or hidden: nothing further left can be placed.
            break;
        };
        client = ip.to_canonical();
        if !is_trusted(&client) {
            break;
        }
    }
    client
}

/// The forwarded-for chain, left to right, from `Forwarded` if the request has one, else
/// from `X-Forwarded-For`; `None` for an entry that is not an address (`unknown`, an
/// obfuscated name, garbage).
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<&str> = headers
        .get_all("forwarded")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|line| line.split(','))
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (name, value) = pair.split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("for")
                        .then(|| node(value.trim().trim_matches('"')))
                })
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(','))
        .map(|entry| node(entry.trim()))
        .collect()
}

/// An address as forwarding headers write it: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`,
/// `[2001:db8::1]` or `[2001:db8::1]:4711`.
fn node(text: &str) -> Option<IpAddr> {
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = text.strip_prefix('[') {
        let (inside, _) = rest.split_once(']')?;
        return inside.parse().ok();
    }
    text.parse::<SocketAddr>().ok().map(|addr| addr.ip())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn check(peer: &str, headers: &[(&str, &str)], trusted: &[&str], expected: &str) {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(
                axum::http::HeaderName::from_bytes(name.as_bytes())
                    .unwrap_or_else(|e| panic!("{e}")),
                HeaderValue::from_str(value).unwrap_or_else(|e| panic!("{e}")),
            );
        }
        let trusted: Vec<IpNet> = trusted
            .iter()
            .map(|t| t.parse().unwrap_or_else(|e| panic!("{t}: {e}")))
            .collect();
        let peer = peer.parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            address(peer, &map, &trusted).to_string(),
            expected,
            "{headers:?} from {peer}"
        );
    }

    const XFF: &str = "x-forwarded-for";

    #[test]
    fn headers_count_only_from_trusted_proxies() {
        check("203.0.113.9", &[(XFF, "198.51.100.7")], &[], "203.0.113.9");
        check(
            "203.0.113.9",
            &[(XFF, "198.51.100.7")],
            &["10.0.0.0/8"],
            "203.0.113.9",
        );
        check(
            "10.0.0.2",
            &[(XFF, "198.51.100.7")],
            &["10.0.0.0/8"],
            "198.51.100.7",
        );
        check("10.0.0.2", &[], &["10.0.0.0/8"], "10.0.0.2");
    }

    #[test]
    fn the_chain_is_read_right_to_left_up_to_the_first_untrusted_address() {
        let trusted = ["10.0.0.0/8", "192.168.1.1/32"];
        // The client wrote 1.2.3.4 itself; only what trusted proxies appended counts.
        check(
            "10.0.0.2",
            &[(XFF, "1.2.3.4, 198.51.100.7, 192.168.1.1")],
            &trusted,
            "198.51.100.7",
        );
        check(
            "10.0.0.2",
            &[(XFF, "1.2.3.4"), (XFF, "198.51.100.7, 10.0.0.3")],
            &trusted,
            "198.51.100.7",
        );
        // Every hop trusted: the leftmost is the client.
        check(
            "10.0.0.2",
            &[(XFF, "10.1.1.1, 10.0.0.3")],
            &trusted,
            "10.1.1.1",
        );
        // An entry that is no address stops the walk at the proxy that wrote it.
        check(
            "10.0.0.2",
            &[(XFF, "1.2.3.4, unknown")],
            &trusted,
            "10.0.0.2",
        );
    }

    #[test]
    fn forwarded_wins_and_its_forms_are_read() {
        let trusted = ["10.0.0.0/8"];
        check(
            "10.0.0.2",
            &[
                ("forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43"),
                (XFF, "198.51.100.7"),
            ],
            &trusted,
            "192.0.2.60",
        );
        check(
            "10.0.0.2",
            &[(
                "forwarded",
                "for=1.2.3.4, For=\"[2001:db8:cafe::17]:4711\", for=10.0.0.9",
            )],
            &trusted,
            "2001:db8:cafe::17",
        );
        check(
            "10.0.0.2",
            &[("forwarded", "for=\"198.51.100.7:8080\"")],
            &trusted,
            "198.51.100.7",
        );
        check(
            "10.0.0.2",
            &[("forwarded", "for=_hidden")],
            &trusted,
            "10.0.0.2",
        );
    }

    #[test]
    fn mapped_addresses_are_plain_ipv4() {
        check(
            "::ffff:10.0.0.2",
            &[(XFF, "198.51.100.7")],
            &["10.0.0.0/8"],
            "198.51.100.7",
        );
        check("::ffff:203.0.113.9", &[], &[], "203.0.113.9");
    }
}
