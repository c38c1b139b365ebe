//! The rules of Sesame, free of IO.
//!
//! This crate knows what a valid user name, e-mail address, phone number, password, token
//! and property value is, how secrets are hashed, and how long things last. It never touches
//! a file, a socket or a database, and it never reads the clock: time comes in through
//! [`Clock`] and randomness through a `rand` generator passed by the caller, so every rule
//! can be tested without sleeping.

pub mod captcha;
pub mod clock;
pub mod code;
pub mod identity;
pub mod names;
pub mod password;
pub mod process;
pub mod property;
pub mod questions;
pub mod seal;
pub mod secret_hash;
pub mod soft_pin;
pub mod token;
pub mod totp;
pub mod verification;
pub mod violation;
pub mod voice;

pub use clock::{Clock, ManualClock, SystemClock, Timestamp};
pub use names::Channel;

#[doc(hidden)]
pub use serde as __serde;
pub use violation::{Checks, Violation};
