//! Integration tests: the real server on a free port, a fresh database per test.
//!
//! Tests written inside `on_every_backend!` run on SQLite, and also on PostgreSQL when
//! `SESAME_TEST_DATABASE_URL` is set. Tests that need a browser run when
//! `SESAME_TEST_BROWSER` is set (`.ci/run` sets both).

mod helpers;
mod ldap;
mod mail;

mod admin;
mod authenticator;
mod browser;
mod cli;
mod codes;
mod errors;
mod questions;
mod reset_pages;
mod resets;
mod sessions;
mod soft_pin;
mod users;
mod web;
