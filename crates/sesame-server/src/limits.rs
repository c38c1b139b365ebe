//! Per-client-address limits on the routes anyone may call: identifying for a reset,
//! the reset's later steps, signing in (through the API and the pages alike), fetching
//! CAPTCHA challenges, the strength of a password being typed, and a telephony
//! provider's webhook.
//!
//! Each limit is a runtime property (`limits.*_per_minute`) counted per client address
//! (see [`crate::client`]; IPv6 addresses by their /64, which one subscriber usually holds
//! whole) in fixed windows of one clock minute, in this node's memory: with several nodes
//! behind a load balancer a client gets up to the limit on each. These limits only blunt
//! floods from one place; the limits that protect an account (attempt counters, blocks,
//! lockouts) are counted in the database and hold across nodes.
//!
//! Memory is bounded: a window forgets every address when the next minute begins, and
//! within a minute at most [`MAX_ADDRESSES`] addresses are counted one by one; addresses
//! beyond that share one count, so a flood from many addresses is limited as one client.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sesame_core::Timestamp;

use crate::client::Client;
use crate::error::AppError;
use crate::state::AppState;

/// Addresses counted one by one in one window of one limit.
pub const MAX_ADDRESSES: usize = 65_536;

/// What a request counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Starting a reset request: `POST /api/v1/resets`, the reset page's first form.
    Identify,
    /// The steps of a reset request: challenges, answers, the new password, the unlock.
    ResetSteps,
    /// Signing in: `POST /api/v1/sessions`, the sign-in page.
    SignIn,
    /// Fetching a CAPTCHA challenge: `GET /api/v1/captcha` (which the reset page's script
    /// calls too).
    Captcha,
    /// The strength of a password being typed, which the reset and profile pages ask for.
    Strength,
    /// A turn of a phone call: a telephony provider's webhook.
    Phone,
}

/// Every limit, in the order of their windows.
pub const LIMITS: [Limit; 6] = [
    Limit::Identify,
    Limit::ResetSteps,
    Limit::SignIn,
    Limit::Captcha,
    Limit::Strength,
    Limit::Phone,
];

impl Limit {
    /// The property that holds the requests one address may make per minute.
    pub fn property(self) -> &'static str {
        match self {
            Self::Identify => "limits.identify_per_minute",
            Self::ResetSteps => "limits.reset_steps_per_minute",
            Self::SignIn => "limits.signin_per_minute",
            Self::Captcha => "limits.captcha_per_minute",
            Self::Strength => "limits.strength_per_minute",
            Self::Phone => "limits.phone_per_minute",
        }
    }

    /// The limit a route counts against, by method and route pattern.
    pub fn of(method: &Method, route: &str) -> Option<Self> {
        if method == Method::GET {
            return (route == "/api/v1/captcha").then_some(Self::Captcha);
        }
        if method != Method::POST {
            return None;
        }
        match route {
            "/api/v1/resets" | "/reset" => Some(Self::Identify),
            "/api/v1/resets/{reset_id}/challenges/{id}"
            | "/api/v1/resets/{reset_id}/answers/{id}"
            | "/api/v1/resets/{reset_id}/password"
            | "/api/v1/resets/{reset_id}/unlock"
            | "/reset/challenge/{id}"
            | "/reset/answer/{id}"
            | "/reset/password"
            | "/reset/unlock" => Some(Self::ResetSteps),
            "/api/v1/sessions" | "/signin" => Some(Self::SignIn),
            "/reset/strength" | "/profile/password/strength" => Some(Self::Strength),
            "/voice/twilio/{service}" => Some(Self::Phone),
            _ => None,
        }
    }

    fn index(self) -> usize {
        match self {
            Self::Identify => 0,
            Self::ResetSteps => 1,
            Self::SignIn => 2,
            Self::Captcha => 3,
            Self::Strength => 4,
            Self::Phone => 5,
        }
    }
}

/// Whom a count belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Address(IpAddr),
    /// Every address past [`MAX_ADDRESSES`] in a window.
    Overflow,
}

impl Key {
    fn of(ip: IpAddr) -> Self {
        Self::Address(crate::service::client_network(ip))
    }
}

/// One limit's counts in the current minute.
#[derive(Default)]
struct Window {
    /// Minutes since the epoch.
    minute: i64,
    counts: HashMap<Key, u32>,
}

/// The counts of every limit on this node.
#[derive(Default)]
pub struct Limiter {
    windows: [Mutex<Window>; LIMITS.len()],
}

const MINUTE_MILLIS: i64 = 60_000;

impl Limiter {
    /// Counts one request of `client` at `now`; past `per_minute` in this minute, refuses
    /// with the time until the next minute begins.
    pub fn hit(
        &self,
        limit: Limit,
        client: IpAddr,
        now: Timestamp,
        per_minute: u32,
    ) -> Result<(), Duration> {
        let millis = now.as_millis();
        let minute = millis.div_euclid(MINUTE_MILLIS);
        let mut window = match self.windows[limit.index()].lock() {
            Ok(window) => window,
            Err(poisoned) => poisoned.into_inner(),
        };
        if window.minute != minute {
            window.minute = minute;
            window.counts.clear();
            window.counts.shrink_to(1024);
        }
        let mut key = Key::of(client);
        if window.counts.len() >= MAX_ADDRESSES && !window.counts.contains_key(&key) {
            key = Key::Overflow;
        }
        let count = window.counts.entry(key).or_insert(0);
        if *count >= per_minute {
            let left = MINUTE_MILLIS - millis.rem_euclid(MINUTE_MILLIS);
            return Err(Duration::from_millis(u64::try_from(left).unwrap_or(0)));
        }
        *count += 1;
        Ok(())
    }
}

/// Counts requests to limited routes and refuses those over the limit: 429 `rate_limited`
/// with `Retry-After`, as a page on the pages' routes, as JSON elsewhere (the API, a
/// telephony provider's webhook).
pub async fn enforce(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = request
        .extensions()
        .get::<MatchedPath>()
        .and_then(|route| Limit::of(request.method(), route.as_str()));
    let client = request.extensions().get::<Client>().copied();
    let (Some(limit), Some(Client(ip))) = (limit, client) else {
        return next.run(request).await;
    };
    // Without the property (the database is down) the request goes on and meets the same
    // outage in its handler, which answers it in its own form.
    let Ok(per_minute) = state.count_property(limit.property()).await else {
        return next.run(request).await;
    };
    match state.limiter().hit(limit, ip, state.now(), per_minute) {
        Ok(()) => next.run(request).await,
        Err(wait) => refuse(&request, wait),
    }
}

fn refuse(request: &Request, wait: Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    if !crate::web::is_page(request.uri().path()) {
        let mut error = AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "Too many requests from your address; try again later.",
        );
        error.retry_after_seconds = Some(seconds);
        return error.into_response();
    }
    let mut response = crate::web::rate_limited_page(request.headers(), seconds);
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn each_address_gets_its_limit_per_minute() {
        let limiter = Limiter::default();
        let at = Timestamp::from_millis(1_767_225_600_000 + 15_000);
        for _ in 0..3 {
            assert!(limiter.hit(Limit::SignIn, ip("192.0.2.1"), at, 3).is_ok());
        }
        assert_eq!(
            limiter.hit(Limit::SignIn, ip("192.0.2.1"), at, 3),
            Err(Duration::from_secs(45))
        );
        assert!(limiter.hit(Limit::SignIn, ip("192.0.2.2"), at, 3).is_ok());
        assert!(limiter.hit(Limit::Identify, ip("192.0.2.1"), at, 3).is_ok());
        let next_minute = Timestamp::from_millis(1_767_225_600_000 + 60_000);
        assert!(limiter
            .hit(Limit::SignIn, ip("192.0.2.1"), next_minute, 3)
            .is_ok());
    }

    #[test]
    fn ipv6_addresses_count_by_their_64_bit_prefix() {
        let limiter = Limiter::default();
        let at = Timestamp::from_millis(0);
        assert!(limiter
            .hit(Limit::SignIn, ip("2001:db8:1:2::1"), at, 1)
            .is_ok());
        assert!(limiter
            .hit(Limit::SignIn, ip("2001:db8:1:2::ff"), at, 1)
            .is_err());
        assert!(limiter
            .hit(Limit::SignIn, ip("2001:db8:1:3::1"), at, 1)
            .is_ok());
    }

    #[test]
    fn addresses_past_the_bound_share_one_count() {
        let limiter = Limiter::default();
        let at = Timestamp::from_millis(0);
        for n in 0..MAX_ADDRESSES {
            let address = IpAddr::V4(u32::try_from(n).unwrap_or_default().into());
            assert!(limiter.hit(Limit::Identify, address, at, 2).is_ok());
        }
        assert!(limiter
            .hit(Limit::Identify, ip("198.51.100.1"), at, 2)
            .is_ok());
        assert!(limiter
            .hit(Limit::Identify, ip("198.51.100.2"), at, 2)
            .is_ok());
        assert!(limiter
            .hit(Limit::Identify, ip("198.51.100.3"), at, 2)
            .is_err());
        let window = limiter.windows[Limit::Identify.index()]
            .lock()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(window.counts.len(), MAX_ADDRESSES + 1);
    }

    #[test]
    fn routes_count_against_their_limit() {
        let check = |method: Method, route: &str, expected: Option<Limit>| {
            assert_eq!(Limit::of(&method, route), expected, "{method} {route}");
        };
        check(Method::POST, "/api/v1/resets", Some(Limit::Identify));
        check(Method::POST, "/reset", Some(Limit::Identify));
        check(Method::GET, "/reset", None);
        check(
            Method::POST,
            "/api/v1/resets/{reset_id}/answers/{id}",
            Some(Limit::ResetSteps),
        );
        check(Method::POST, "/reset/password", Some(Limit::ResetSteps));
        check(Method::POST, "/api/v1/sessions", Some(Limit::SignIn));
        check(Method::POST, "/signin", Some(Limit::SignIn));
        check(Method::POST, "/reset/strength", Some(Limit::Strength));
        check(
            Method::POST,
            "/profile/password/strength",
            Some(Limit::Strength),
        );
        check(Method::POST, "/voice/twilio/{service}", Some(Limit::Phone));
        check(Method::POST, "/api/v1/users", None);
        check(Method::GET, "/api/v1/captcha", Some(Limit::Captcha));
        check(Method::GET, "/api/v1/users", None);
    }

    #[test]
    fn every_limit_is_a_property() {
        for (n, limit) in LIMITS.into_iter().enumerate() {
            assert!(sesame_core::property::find(limit.property()).is_some());
            assert_eq!(limit.index(), n);
        }
    }
}
