//! The `sesame` server: configuration, HTTP API, web pages, CLI.
//!
//! This is the only crate that knows HTTP. Rules live in `sesame-core`, storage in
//! `sesame-store`, the flows (resets, sign-in, verification types, credential stores) in
//! [`service`], which knows no HTTP either; handlers here parse input into core types, call
//! the services, and turn the outcome into a response.

pub(crate) mod api;
pub mod app;
pub(crate) mod auth;
pub mod cli;
pub(crate) mod client;
pub mod config;
pub mod demo;
pub(crate) mod error;
pub(crate) mod i18n;
pub mod import;
pub(crate) mod input;
pub mod keys;
pub(crate) mod limits;
pub(crate) mod metrics;
pub mod rotation;
pub(crate) mod serve;
pub mod service;
pub mod signing;
pub mod state;
pub(crate) mod telephony;
pub(crate) mod web;

pub use app::Application;
pub use config::Settings;
