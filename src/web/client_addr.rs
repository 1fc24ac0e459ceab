//! The address of the client making a request, for the login throttle and the public forms'
//! limit. It is the TCP peer, unless the peer is a reverse proxy listed in
//! `CHEMINEMENT_TRUSTED_PROXIES`: then it is read from `X-Forwarded-For`, from the right (each
//! proxy appends the address it saw), skipping the trusted proxies; anything left of the first
//! untrusted address was written by the client itself and could be anything.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::{
    extract::{ConnectInfo, FromRef, FromRequestParts},
    http::{HeaderMap, request::Parts},
};
use ipnet::IpNet;

use crate::App;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// The request's client, as the settings say to read it.
    pub fn of(parts: &Parts, trusted: &[IpNet]) -> ClientAddr {
        // Without ConnectInfo (a router called directly, not through `server::run`) every
        // request counts as one unknown client.
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        ClientAddr(resolve(peer, &parts.headers, trusted))
    }

    /// What the throttles count by: the address, or for IPv6 its /64 network, since one
    /// subscriber usually holds a whole /64 and could change address at every try.
    pub fn key(&self) -> String {
        match self.0 {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => IpNet::new(IpAddr::V6(v6), 64)
                .map(|n| n.trunc().to_string())
                .unwrap_or_else(|_| v6.to_string()),
        }
    }
}

impl<S> FromRequestParts<S> for ClientAddr
where
    S: Send + Sync,
    App: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = App::from_ref(state);
        Ok(ClientAddr::of(parts, &app.settings.trusted_proxies))
    }
}

fn is_trusted(ip: IpAddr, trusted: &[IpNet]) -> bool {
    trusted.iter().any(|net| net.contains(&ip))
}

/// One entry of `X-Forwarded-For`: an address, possibly with a port (`1.2.3.4:5`, `[::1]:5`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// The client address: `peer` unless it is trusted; then the right-most entry of the
/// `X-Forwarded-For` headers that is not a trusted proxy. An entry that cannot be read stops
/// the walk: the last trusted hop is then the best known client.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = peer.to_canonical();
    if !is_trusted(peer, trusted) {
        return peer;
    }
    // Several headers are one list, in order.
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut client = peer;
    for entry in entries.iter().rev() {
        match parse_entry(entry) {
            Some(ip) => {
                client = ip;
                if !is_trusted(ip, trusted) {
                    break;
                }
            }
            None => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_says() {
        let h = headers(&["203.0.113.9"]);
        assert_eq!(resolve(ip("198.51.100.4"), &h, &[]), ip("198.51.100.4"));
        assert_eq!(
            resolve(ip("198.51.100.4"), &h, &nets(&["127.0.0.1/32"])),
            ip("198.51.100.4")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_entry_is_the_client() {
        let trusted = nets(&["127.0.0.1/32", "10.0.0.0/8"]);
        // The client wrote the two left-most entries itself; the proxy appended what it saw.
        let h = headers(&["1.1.1.1, 6.6.6.6, 203.0.113.9"]);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted), ip("203.0.113.9"));
        // Two proxies in a row: the inner one is skipped.
        let h = headers(&["6.6.6.6, 203.0.113.9, 10.1.2.3"]);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted), ip("203.0.113.9"));
        // Several headers are one list; ports and IPv4-mapped IPv6 are read.
        let h = headers(&["6.6.6.6", "203.0.113.9:4711"]);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted), ip("203.0.113.9"));
        let h = headers(&["::ffff:203.0.113.9"]);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted), ip("203.0.113.9"));
        let h = headers(&["[2001:db8::1]:443"]);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted), ip("2001:db8::1"));
    }

    #[test]
    fn without_a_readable_entry_the_nearest_trusted_hop_is_the_client() {
        let trusted = nets(&["127.0.0.1/32", "10.0.0.0/8"]);
        assert_eq!(
            resolve(ip("127.0.0.1"), &headers(&[]), &trusted),
            ip("127.0.0.1")
        );
        // Garbage stops the walk: what is left of it cannot be believed.
        let h = headers(&["6.6.6.6, not-an-ip, 10.0.0.7"]);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &trusted), ip("10.0.0.7"));
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        assert_eq!(
            ClientAddr(ip("2001:db8:1:2:aaaa::1")).key(),
            "2001:db8:1:2::/64"
        );
        assert_eq!(ClientAddr(ip("203.0.113.9")).key(), "203.0.113.9");
    }
}
