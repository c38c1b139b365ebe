//! The contract every backend keeps. Each case is one `async fn` taking a fresh store,
//! registered with `on_every_backend!`, which makes two tests of it: `<case>::sqlite` and
//! `<case>::postgres`. The PostgreSQL one is ignored in a plain `cargo test`, so it is never
//! reported as passed without running; `cargo test -- --include-ignored` runs it, and then
//! `SESAME_TEST_DATABASE_URL` must name a server (a missing one fails the test).

mod schema;

use std::future::Future;

use sesame_core::identity::{
    DisplayName, EmailAddress, EmployeeId, GroupName, Language, PhoneNumber, UserStatus, Username,
};
use sesame_core::token::Role;
use sesame_core::verification::{CodeParams, EmailCodeParams, Kind, Params};
use sesame_core::{Channel, Timestamp};
use sesame_store::testing::{fresh_postgres_database, required_postgres_server};
use sesame_store::*;

/// Makes the tests `$case::sqlite` and `$case::postgres` of `async fn $case(store: SqlStore)`.
macro_rules! on_every_backend {
    ($case:ident) => {
        mod $case {
            #[tokio::test]
            async fn sqlite() {
                crate::on_sqlite(super::$case).await;
            }

            #[tokio::test]
            #[ignore = "needs PostgreSQL (SESAME_TEST_DATABASE_URL)"]
            async fn postgres() {
                crate::on_postgres(super::$case).await;
            }
        }
    };
}

/// The URL of a fresh SQLite database in `dir`.
fn sqlite_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}", dir.path().join("sesame.db").display())
}

/// Runs `case` against a fresh SQLite store.
async fn on_sqlite<F, Fut>(case: F)
where
    F: FnOnce(SqlStore) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let store = SqlStore::connect(&sqlite_url(&dir), 4)
        .await
        .unwrap_or_else(|e| panic!("sqlite: {e}"));
    case(store.clone()).await;
    store.close().await;
}

/// Runs `case` against a fresh PostgreSQL store; panics when no server is configured.
async fn on_postgres<F, Fut>(case: F)
where
    F: FnOnce(SqlStore) -> Fut,
    Fut: Future<Output = ()>,
{
    let url = fresh_postgres_database(&required_postgres_server()).await;
    let store = SqlStore::connect(&url, 4)
        .await
        .unwrap_or_else(|e| panic!("postgres: {e}"));
    case(store.clone()).await;
    store.close().await;
}

/// The session with this digest, without its user.
async fn session_of(store: &SqlStore, digest: &[u8]) -> Result<Option<SessionRecord>> {
    Ok(store
        .find_session_user(digest)
        .await?
        .map(|(session, _)| session))
}

fn at(millis: i64) -> Timestamp {
    Timestamp::from_millis(millis)
}

fn audit(action: &str) -> AuditEvent {
    AuditEvent {
        at: at(1_000),
        actor: "test".into(),
        subject: None,
        action: action.into(),
        result: AuditResult::Success,
        source: Some("127.0.0.1".into()),
        detail: None,
    }
}

fn ok<T>(parsed: std::result::Result<T, sesame_core::Violation>) -> T {
    parsed.unwrap_or_else(|v| panic!("{v}"))
}

fn new_user(name: &str, groups: &[&str]) -> NewUser {
    NewUser {
        username: ok(Username::parse(name)),
        display_name: ok(DisplayName::parse("Alice Example")),
        email: Some(ok(EmailAddress::parse(&format!("{name}@Example.com")))),
        phone: Some(ok(PhoneNumber::parse("+14155550123"))),
        employee_id: None,
        language: Language::english(),
        groups: groups.iter().map(|g| ok(GroupName::parse(g))).collect(),
        password_hash: Some("$argon2id$stub".into()),
        created_at: at(1_000),
    }
}

fn must<T>(result: Result<T>) -> T {
    result.unwrap_or_else(|e| panic!("store error: {e}"))
}

on_every_backend!(users_are_unique_case_insensitively);
async fn users_are_unique_case_insensitively(store: SqlStore) {
    let created = must(
        store
            .create_user(
                &new_user("Alice", &["staff", "admins"]),
                &audit("user.create"),
            )
            .await,
    );
    assert_eq!(created.username.as_str(), "Alice");
    assert_eq!(created.groups, vec!["admins", "staff"]);
    assert_eq!(created.email.as_deref(), Some("Alice@Example.com"));
    let again = store
        .create_user(&new_user("ALICE", &[]), &audit("user.create"))
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict("username"))),
        "{again:?}"
    );
    let found = must(store.find_user("alice").await).map(|u| u.id);
    assert_eq!(found, Some(created.id));
    assert_eq!(must(store.find_user("bob").await), None);
}

on_every_backend!(employee_ids_are_unique_when_set_and_find_their_user);
async fn employee_ids_are_unique_when_set_and_find_their_user(store: SqlStore) {
    let with_id = |name: &str, id: Option<&str>| NewUser {
        employee_id: id.map(|id| ok(EmployeeId::parse(id))),
        ..new_user(name, &[])
    };
    let ana = must(
        store
            .create_user(&with_id("ana", Some("E-1042")), &audit("user.create"))
            .await,
    );
    assert_eq!(ana.employee_id.as_deref(), Some("E-1042"));
    // Users without one are many; a taken one is a conflict named after it.
    must(
        store
            .create_user(&with_id("ben", None), &audit("user.create"))
            .await,
    );
    must(
        store
            .create_user(&with_id("cem", None), &audit("user.create"))
            .await,
    );
    let taken = store
        .create_user(&with_id("dan", Some("E-1042")), &audit("user.create"))
        .await;
    assert!(
        matches!(taken, Err(StoreError::Conflict("employee id"))),
        "{taken:?}"
    );
    let found = must(store.find_user_by_employee_id("E-1042").await).map(|u| u.id);
    assert_eq!(found, Some(ana.id));
    assert_eq!(must(store.find_user_by_employee_id("e-1042").await), None);
    // Changing to a taken one is refused; clearing frees it.
    let change = |id: Option<&str>| UserChange {
        employee_id: Some(id.map(|id| ok(EmployeeId::parse(id)))),
        ..UserChange::default()
    };
    let refused = store
        .update_user("ben", &change(Some("E-1042")), &audit("user.update"))
        .await;
    assert!(
        matches!(refused, Err(StoreError::Conflict("employee id"))),
        "{refused:?}"
    );
    must(
        store
            .update_user("ana", &change(None), &audit("user.update"))
            .await,
    );
    let ben = must(
        store
            .update_user("ben", &change(Some("E-1042")), &audit("user.update"))
            .await,
    );
    assert_eq!(ben.and_then(|b| b.employee_id).as_deref(), Some("E-1042"));
}

on_every_backend!(voice_sessions_change_one_writer_at_a_time);
async fn voice_sessions_change_one_writer_at_a_time(store: SqlStore) {
    use sesame_core::voice::{CallProgress, PendingFactor};
    let alice = must(
        store
            .create_user(&new_user("alice", &[]), &audit("user.create"))
            .await,
    );
    let found = must(store.find_users_by_phone("+14155550123", 5).await);
    assert_eq!(found.iter().map(|u| u.id).collect::<Vec<_>>(), [alice.id]);
    assert!(must(store.find_users_by_phone("+14155550124", 5).await).is_empty());
    let new = NewVoiceSession {
        digest: vec![7; 32],
        service_id: "billing".into(),
        caller_id: Some("+14155550123".into()),
        language: Some("de".into()),
        created_at: at(1_000),
        expires_at: at(901_000),
    };
    let id = must(store.create_voice_session(&new, &audit("voice.open")).await);
    let twice = store.create_voice_session(&new, &audit("voice.open")).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
    let opened = must(store.find_voice_session(&[7; 32]).await)
        .unwrap_or_else(|| panic!("the session is there"));
    assert_eq!(
        (opened.id, opened.state, opened.user_id, opened.version),
        (id, VoiceSessionState::Open, None, 1)
    );
    assert_eq!(opened.progress, CallProgress::default());
    assert_eq!(opened.language.as_deref(), Some("de"));
    assert!(must(store.find_voice_session(&[8; 32]).await).is_none());
    let mut identified = opened.clone();
    identified.user_id = Some(alice.id);
    identified.state = VoiceSessionState::Identified;
    identified.progress.passed.push("soft_pin".into());
    identified
        .progress
        .failures
        .insert("authenticator".into(), 2);
    identified.progress.pending = Some(PendingFactor {
        factor: "qa".into(),
        posed: vec![3, 5],
        at: 2_000,
        step_up: false,
    });
    identified.updated_at = at(2_000);
    assert!(must(
        store
            .update_voice_session(&identified, Some(&audit("voice.identify")))
            .await
    ));
    // A second writer that read version 1 too finds its change refused.
    let mut late = opened.clone();
    late.state = VoiceSessionState::Failed;
    assert!(!must(
        store
            .update_voice_session(&late, Some(&audit("voice.answer")))
            .await
    ));
    let read = must(store.find_voice_session(&[7; 32]).await)
        .unwrap_or_else(|| panic!("the session is there"));
    assert_eq!(read.version, 2);
    assert_eq!(
        read,
        VoiceSessionRecord {
            version: 2,
            ..identified
        }
    );
    let listed = must(store.voice_sessions_between(at(0), at(2_000)).await);
    assert_eq!(listed.len(), 1);
    assert!(must(store.voice_sessions_between(at(1_001), at(2_000)).await).is_empty());
    // Purged once expired; what the tally counts of it is kept by the day it was created.
    let tally = |session: &VoiceSessionRecord| -> Tally {
        let mut counts = vec![(
            "voice.session.abandoned".to_owned(),
            session.service_id.clone(),
            1,
        )];
        for (factor, failures) in &session.progress.failures {
            counts.push((
                "voice.failures".to_owned(),
                factor.clone(),
                i64::from(*failures),
            ));
        }
        counts
    };
    assert_eq!(
        must(store.purge_voice_sessions(at(901_000), &tally).await),
        0
    );
    assert_eq!(
        must(store.purge_voice_sessions(at(901_001), &tally).await),
        1
    );
    assert!(must(store.find_voice_session(&[7; 32]).await).is_none());
    assert_eq!(
        must(store.daily_totals(at(0), at(DAY_MILLIS), "voice.").await),
        [
            DailyTotal {
                day: 0,
                metric: "voice.failures".into(),
                item: "authenticator".into(),
                total: 2
            },
            DailyTotal {
                day: 0,
                metric: "voice.session.abandoned".into(),
                item: "billing".into(),
                total: 1
            },
        ]
    );
    assert!(must(store.daily_totals(at(1), at(DAY_MILLIS), "voice.").await).is_empty());
    assert!(must(store.daily_totals(at(0), at(DAY_MILLIS), "reset.").await).is_empty());
    let actions = must(
        store
            .list_audit(&AuditFilter {
                limit: 10,
                ..AuditFilter::default()
            })
            .await,
    )
    .items
    .into_iter()
    .map(|a| a.action)
    .filter(|a| a.starts_with("voice."))
    .count();
    assert_eq!(actions, 2, "the refused change wrote no audit record");
}

on_every_backend!(assist_codes_keep_their_limits);
async fn assist_codes_keep_their_limits(store: SqlStore) {
    let alice = must(
        store
            .create_user(&new_user("alice", &[]), &audit("user.create"))
            .await,
    );
    let issue = |code_id: &str, agent: &str, conversation: &str, at_ms: i64| IssueAssistCode {
        code_id: code_id.into(),
        user_id: alice.id,
        agent: agent.into(),
        conversation: conversation.into(),
        digest: code_id.as_bytes().to_vec(),
        created_at: at(at_ms),
        expires_at: at(at_ms + 180_000),
        cooldown_seconds: 60,
        agent_per_minute: 2,
        total_per_minute: 3,
        user_key: "alice".into(),
        message: None,
    };
    let issued = |code: IssueAssistCode| {
        let store = store.clone();
        async move {
            must(
                store
                    .issue_assist_code(&code, &audit("assist.generate"))
                    .await,
            )
        }
    };
    assert_eq!(
        issued(issue("c1", "desk-a", "call-1", 1_000)).await,
        AssistIssued::Accepted
    );
    assert_eq!(
        issued(issue("c2", "desk-a", "call-1", 30_000)).await,
        AssistIssued::TooSoon {
            retry_at: at(61_000)
        }
    );
    assert_eq!(
        issued(issue("c2", "desk-a", "call-2", 30_000)).await,
        AssistIssued::Accepted
    );
    assert_eq!(
        issued(issue("c3", "desk-a", "call-3", 40_000)).await,
        AssistIssued::AgentLimited {
            retry_at: at(61_000)
        }
    );
    assert_eq!(
        issued(issue("c3", "desk-b", "call-3", 40_000)).await,
        AssistIssued::Accepted
    );
    assert_eq!(
        issued(issue("c4", "desk-c", "call-4", 50_000)).await,
        AssistIssued::TotalLimited {
            retry_at: at(61_000)
        }
    );
    let found = must(store.find_assist_code("c1").await);
    assert_eq!(
        found.map(|c| (c.agent, c.conversation, c.used_at)),
        Some(("desk-a".to_owned(), "call-1".to_owned(), None))
    );

    let check = |code_id: &str, digest: &[u8], at_ms: i64| CheckAssistCode {
        code_id: code_id.into(),
        digest: digest.to_vec(),
        now: at(at_ms),
        retries: 3,
        max_user_failures: 4,
        lockout_minutes: 10,
        user_key: "alice".into(),
    };
    let checked = |check: CheckAssistCode| {
        let store = store.clone();
        async move {
            must(
                store
                    .check_assist_code(&check, &|_| audit("assist.check"))
                    .await,
            )
        }
    };
    assert_eq!(checked(check("nope", b"nope", 60_000)).await, None);
    // Three retries in a conversation, then nothing is compared.
    for left in [2, 1, 0] {
        assert_eq!(
            checked(check("c1", b"wrong", 60_000)).await,
            Some(AssistChecked::Invalid {
                retries_remaining: left,
                user_locked: false
            })
        );
    }
    assert_eq!(
        checked(check("c1", b"c1", 60_000)).await,
        Some(AssistChecked::Exhausted)
    );
    // The right code in another conversation passes once, and clears the user's count.
    assert_eq!(
        checked(check("c2", b"c2", 60_000)).await,
        Some(AssistChecked::Valid)
    );
    assert_eq!(
        checked(check("c2", b"c2", 60_000)).await,
        Some(AssistChecked::Invalid {
            retries_remaining: 2,
            user_locked: false
        }),
        "used once"
    );
    // Failures across conversations lock the user; no code is issued or checked then.
    for _ in 0..3 {
        checked(check("c3", b"wrong", 70_000)).await;
    }
    assert_eq!(
        must(store.counter("assist.user", "alice").await).failures,
        4
    );
    assert_eq!(
        must(store.counter("assist.user", "alice").await).locked_until,
        Some(at(670_000))
    );
    assert_eq!(
        issued(issue("c5", "desk-d", "call-5", 200_000)).await,
        AssistIssued::UserLocked { until: at(670_000) }
    );
    // A new code in a conversation voids the older one.
    assert_eq!(
        issued(issue("c6", "desk-d", "call-6", 700_000)).await,
        AssistIssued::Accepted
    );
    assert_eq!(
        issued(issue("c7", "desk-d", "call-6", 770_000)).await,
        AssistIssued::Accepted
    );
    assert!(must(store.find_assist_code("c6").await).is_some_and(|c| c.used_at.is_some()));
    assert_eq!(
        checked(check("c6", b"c6", 780_000)).await,
        Some(AssistChecked::Invalid {
            retries_remaining: 2,
            user_locked: false
        })
    );
    assert_eq!(
        checked(check("c7", b"c7", 780_000)).await,
        Some(AssistChecked::Valid)
    );
}

on_every_backend!(expiry_reminders_go_out_once_per_secret);
async fn expiry_reminders_go_out_once_per_secret(store: SqlStore) {
    let user = must(
        store
            .create_user(&new_user("pia", &[]), &audit("user.create"))
            .await,
    );
    let save = |expires: i64| SaveEnrollment {
        user_id: user.id,
        verification_id: "soft_pin".into(),
        kind: Kind::SoftPin,
        secret: format!("$argon2id$pin-{expires}"),
        expires_at: Some(at(expires)),
        at: at(1_000),
        history_keep: 3,
    };
    must(
        store
            .save_enrollment(&save(10_000), &audit("soft_pin.enroll"))
            .await,
    );
    assert!(
        must(store.due_reminders("soft_pin", at(9_000), at(2_000)).await).is_empty(),
        "not yet"
    );
    assert_eq!(
        must(store.due_reminders("soft_pin", at(10_000), at(2_000)).await),
        [user.id]
    );
    assert!(
        must(
            store
                .due_reminders("soft_pin", at(20_000), at(10_000))
                .await
        )
        .is_empty(),
        "expired"
    );
    assert!(must(
        store.mark_reminded(user.id, "soft_pin", at(3_000)).await
    ));
    assert!(
        !must(store.mark_reminded(user.id, "soft_pin", at(3_001)).await),
        "once"
    );
    assert!(must(store.due_reminders("soft_pin", at(10_000), at(3_000)).await).is_empty());
    // A new PIN is reminded of again when its own time comes.
    must(
        store
            .save_enrollment(&save(30_000), &audit("soft_pin.change"))
            .await,
    );
    assert_eq!(
        must(store.due_reminders("soft_pin", at(30_000), at(4_000)).await),
        [user.id]
    );
}

on_every_backend!(voice_services_are_created_once_replaced_and_deleted_with_audit);
async fn voice_services_are_created_once_replaced_and_deleted_with_audit(store: SqlStore) {
    use sesame_core::voice::{IdentificationField, InputChoice, ServiceDefinition};
    let definition = ServiceDefinition {
        identification: vec![IdentificationField::Phone, IdentificationField::EmployeeId],
        first: "soft_pin".into(),
        second: Some("authenticator".into()),
        step_up: None,
        input_types: [("soft_pin".to_owned(), InputChoice::Voice)].into(),
        default_region: Some("US".into()),
    };
    let service = VoiceServiceRecord {
        id: "billing".into(),
        name: "Billing line".into(),
        definition: definition.clone(),
        created_at: at(10),
        updated_at: at(10),
    };
    must(
        store
            .create_voice_service(&service, &audit("voice_service.create"))
            .await,
    );
    let again = store
        .create_voice_service(&service, &audit("voice_service.create"))
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict("voice service"))),
        "{again:?}"
    );
    assert_eq!(
        must(store.find_voice_service("billing").await),
        Some(service.clone())
    );
    let replaced = VoiceServiceRecord {
        name: "Billing".into(),
        definition: ServiceDefinition {
            step_up: Some("sms".into()),
            ..definition
        },
        updated_at: at(20),
        ..service.clone()
    };
    assert!(must(
        store
            .replace_voice_service(&replaced, &audit("voice_service.update"))
            .await
    ));
    assert_eq!(
        must(store.list_voice_services().await),
        vec![replaced.clone()]
    );
    let missing = VoiceServiceRecord {
        id: "nobody".into(),
        ..replaced
    };
    assert!(!must(
        store
            .replace_voice_service(&missing, &audit("voice_service.update"))
            .await
    ));
    assert!(must(
        store
            .delete_voice_service("billing", &audit("voice_service.delete"))
            .await
    ));
    assert!(!must(
        store
            .delete_voice_service("billing", &audit("voice_service.delete"))
            .await
    ));
    assert_eq!(must(store.list_voice_services().await), vec![]);
    let actions: Vec<String> = must(
        store
            .list_audit(&AuditFilter {
                limit: 10,
                ..AuditFilter::default()
            })
            .await,
    )
    .items
    .into_iter()
    .map(|r| r.action)
    .filter(|a| a.starts_with("voice_service."))
    .collect();
    assert_eq!(
        actions.len(),
        3,
        "one record per change that happened: {actions:?}"
    );
}

on_every_backend!(list_pages_and_filters_by_group);
async fn list_pages_and_filters_by_group(store: SqlStore) {
    for (name, groups) in [
        ("carol", &["staff"][..]),
        ("alice", &["staff"]),
        ("bob", &[]),
    ] {
        must(
            store
                .create_user(&new_user(name, groups), &audit("user.create"))
                .await,
        );
    }
    let all = must(
        store
            .list_users(&UserFilter {
                group: None,
                offset: 0,
                limit: 2,
            })
            .await,
    );
    assert_eq!(all.total, 3);
    let names: Vec<_> = all.items.iter().map(|u| u.username.as_str()).collect();
    assert_eq!(names, ["alice", "bob"]);
    let rest = must(
        store
            .list_users(&UserFilter {
                group: None,
                offset: 2,
                limit: 2,
            })
            .await,
    );
    assert_eq!(rest.items.len(), 1);
    let staff = must(
        store
            .list_users(&UserFilter {
                group: Some("staff".into()),
                offset: 0,
                limit: 10,
            })
            .await,
    );
    assert_eq!(staff.total, 2);
    assert!(staff.items.iter().all(|u| u.groups == ["staff"]));
}

on_every_backend!(users_are_found_by_a_part_of_what_identifies_them);
async fn users_are_found_by_a_part_of_what_identifies_them(store: SqlStore) {
    for (name, display, email, phone, employee) in [
        (
            "alice",
            "Alice Martin",
            "alice@example.com",
            "+14155550123",
            "E-1042",
        ),
        (
            "Bob_2",
            "Robert 100% Jones",
            "bob@Shop.example",
            "+4917112345678",
            "e-77",
        ),
        (
            "carol",
            "Carol Alison",
            "c.a@example.org",
            "+33612345678",
            "X_9",
        ),
    ] {
        let mut user = new_user(name, &[]);
        user.display_name = ok(DisplayName::parse(display));
        user.email = Some(ok(EmailAddress::parse(email)));
        user.phone = Some(ok(PhoneNumber::parse(phone)));
        user.employee_id = Some(ok(EmployeeId::parse(employee)));
        must(store.create_user(&user, &audit("user.create")).await);
    }
    let search = |text: &str, digits: Option<&str>, offset: i64, limit: i64| UserSearch {
        text: text.to_owned(),
        digits: digits.map(str::to_owned),
        offset,
        limit,
    };
    let names = |found: Vec<UserRecord>| -> Vec<String> {
        found
            .iter()
            .map(|u| u.username.as_str().to_owned())
            .collect()
    };
    for (what, text, digits, expected) in [
        ("part of a user name", "ob_", None, vec!["Bob_2"]),
        ("part of a display name", "alis", None, vec!["carol"]),
        (
            "names, in user name order",
            "ali",
            None,
            vec!["alice", "carol"],
        ),
        ("part of an e-mail address", "@shop.", None, vec!["Bob_2"]),
        ("an employee id in any case", "e-10", None, vec!["alice"]),
        (
            "an employee id's prefix",
            "e-",
            None,
            vec!["alice", "Bob_2"],
        ),
        (
            "digits of a phone number",
            "171 123",
            Some("171123"),
            vec!["Bob_2"],
        ),
        ("a wildcard is a character", "100%", None, vec!["Bob_2"]),
        ("an underscore is a character", "x_", None, vec!["carol"]),
        (
            "a percent sign alone matches no more",
            "%",
            None,
            vec!["Bob_2"],
        ),
        ("nothing", "zed", Some("999"), vec![]),
    ] {
        let found = must(store.search_users(&search(text, digits, 0, 10)).await);
        assert_eq!(names(found), expected, "{what}");
    }
    let first = must(store.search_users(&search("example", None, 0, 2)).await);
    let second = must(store.search_users(&search("example", None, 2, 2)).await);
    assert_eq!(
        (names(first), names(second)),
        (
            vec!["alice".to_owned(), "Bob_2".to_owned()],
            vec!["carol".to_owned()]
        ),
        "paged"
    );
}

on_every_backend!(update_changes_only_what_is_given_and_delete_cascades);
async fn update_changes_only_what_is_given_and_delete_cascades(store: SqlStore) {
    let user = must(
        store
            .create_user(&new_user("dave", &["a"]), &audit("user.create"))
            .await,
    );
    let change = UserChange {
        email: Some(None),
        groups: Some(vec![ok(GroupName::parse("b"))]),
        status: Some(UserStatus::Disabled),
        updated_at: Some(at(2_000)),
        ..UserChange::default()
    };
    let updated = must(
        store
            .update_user("dave", &change, &audit("user.update"))
            .await,
    );
    let updated = updated.unwrap_or_else(|| panic!("user vanished"));
    assert_eq!(updated.email, None);
    assert_eq!(updated.phone.as_deref(), Some("+14155550123"));
    assert_eq!(updated.display_name, "Alice Example");
    assert_eq!(updated.groups, ["b"]);
    assert_eq!(updated.status, UserStatus::Disabled);
    assert_eq!(updated.updated_at, at(2_000));
    assert_eq!(
        must(
            store
                .update_user("nobody", &change, &audit("user.update"))
                .await
        ),
        None
    );

    let session = must(
        store
            .create_session(&NewSession {
                user_id: user.id,
                digest: vec![1; 32],
                source: None,
                created_at: at(1_000),
            })
            .await,
    );
    assert!(must(store.delete_user("dave", &audit("user.delete")).await));
    assert!(!must(
        store.delete_user("dave", &audit("user.delete")).await
    ));
    assert_eq!(
        must(session_of(&store, &[1; 32]).await).map(|s| s.id == session),
        None
    );
}

on_every_backend!(import_is_all_or_nothing);
async fn import_is_all_or_nothing(store: SqlStore) {
    must(
        store
            .create_user(&new_user("erin", &[]), &audit("user.create"))
            .await,
    );
    let batch = [new_user("frank", &[]), new_user("Erin", &[])];
    let result = store.create_users(&batch, &audit("user.import")).await;
    assert!(matches!(result, Err(StoreError::Conflict("username"))));
    assert_eq!(must(store.find_user("frank").await), None);
    let log = must(
        store
            .list_audit(&AuditFilter {
                limit: 10,
                ..Default::default()
            })
            .await,
    );
    assert_eq!(log.total, 1, "the failed import left no audit record");
}

on_every_backend!(api_keys_and_sessions_are_found_by_digest_until_revoked);
async fn api_keys_and_sessions_are_found_by_digest_until_revoked(store: SqlStore) {
    let key = must(
        store
            .create_api_key(
                &NewApiKey {
                    name: "robot".into(),
                    role: Role::Orchestrator,
                    digest: vec![7; 32],
                    created_by: "admin".into(),
                    created_at: at(5),
                },
                &audit("api_key.create"),
            )
            .await,
    );
    assert_eq!(key.role, Role::Orchestrator);
    assert_eq!(must(store.find_api_key(&[7; 32]).await), Some(key.clone()));
    assert_eq!(must(store.find_api_key(&[8; 32]).await), None);
    assert!(must(
        store.revoke_api_key(key.id, &audit("api_key.revoke")).await
    ));
    assert!(!must(
        store.revoke_api_key(key.id, &audit("api_key.revoke")).await
    ));
    assert_eq!(must(store.find_api_key(&[7; 32]).await), None);

    let user = must(
        store
            .create_user(&new_user("gina", &[]), &audit("user.create"))
            .await,
    );
    let mut ids = Vec::new();
    for n in 0..3u8 {
        ids.push(must(
            store
                .create_session(&NewSession {
                    user_id: user.id,
                    digest: vec![n; 32],
                    source: Some("::1".into()),
                    created_at: at(10),
                })
                .await,
        ));
    }
    must(store.touch_session(ids[0], at(20)).await);
    let found = must(session_of(&store, &[0; 32]).await);
    assert_eq!(found.map(|s| s.last_seen_at), Some(at(20)));
    assert_eq!(
        must(
            store
                .revoke_user_sessions(user.id, Some(ids[0]), at(30))
                .await
        ),
        2
    );
    assert!(must(session_of(&store, &[0; 32]).await).is_some());
    assert!(must(session_of(&store, &[1; 32]).await).is_none());
    assert!(must(store.revoke_session(ids[0], at(31)).await));
    assert!(must(session_of(&store, &[0; 32]).await).is_none());
}

on_every_backend!(properties_upsert_with_audit);
async fn properties_upsert_with_audit(store: SqlStore) {
    assert_eq!(
        must(store.stored_property("session.idle_minutes").await),
        None
    );
    must(
        store
            .set_property("session.idle_minutes", "45", &audit("property.set"))
            .await,
    );
    must(
        store
            .set_property("session.idle_minutes", "50", &audit("property.set"))
            .await,
    );
    assert_eq!(
        must(store.stored_property("session.idle_minutes").await).as_deref(),
        Some("50")
    );
    assert_eq!(
        must(store.stored_properties().await),
        vec![("session.idle_minutes".to_owned(), "50".to_owned())]
    );
    let log = must(
        store
            .list_audit(&AuditFilter {
                action: Some("property.set".into()),
                limit: 10,
                ..Default::default()
            })
            .await,
    );
    assert_eq!(log.total, 2);
}

/// Begins an attempt and fails it, as a wrong answer does.
async fn failed_attempt(
    store: &SqlStore,
    scope: &str,
    subject: &str,
    limit: &AttemptLimit,
    now: Timestamp,
) -> CounterState {
    let attempt = must(store.begin_attempt(scope, subject, limit, now).await);
    if attempt.locked_at(now).is_some() {
        return attempt;
    }
    let event = audit("pin.verify");
    must(
        store
            .finish_attempt(scope, subject, &attempt, false, limit, now, &event)
            .await,
    );
    must(store.counter(scope, subject).await)
}

on_every_backend!(counters_lock_at_the_limit_and_expire);
async fn counters_lock_at_the_limit_and_expire(store: SqlStore) {
    let limit = AttemptLimit {
        max_failures: 3,
        lockout_minutes: 10,
    };
    let first = failed_attempt(&store, "signin", "alice", &limit, at(0)).await;
    assert_eq!(
        first,
        CounterState {
            failures: 1,
            locked_until: None
        }
    );
    failed_attempt(&store, "signin", "alice", &limit, at(1)).await;
    let third = failed_attempt(&store, "signin", "alice", &limit, at(2)).await;
    assert_eq!(third.failures, 3);
    assert_eq!(third.locked_until, Some(at(2 + 600_000)));
    // Attempts while locked are refused and do not extend the lock.
    let fourth = must(store.begin_attempt("signin", "alice", &limit, at(3)).await);
    assert_eq!(fourth.locked_at(at(3)), Some(at(2 + 600_000)));
    assert_eq!(
        must(store.counter("signin", "alice").await).locked_at(at(600_001)),
        Some(at(600_002))
    );
    // After the lock runs out, counting starts again.
    let after = failed_attempt(&store, "signin", "alice", &limit, at(600_002)).await;
    assert_eq!(
        after,
        CounterState {
            failures: 1,
            locked_until: None
        }
    );
    // A success resets the count.
    let attempt = must(
        store
            .begin_attempt("signin", "alice", &limit, at(600_003))
            .await,
    );
    assert_eq!(attempt.failures, 2);
    let event = audit("pin.verify");
    must(
        store
            .finish_attempt(
                "signin",
                "alice",
                &attempt,
                true,
                &limit,
                at(600_003),
                &event,
            )
            .await,
    );
    assert_eq!(
        must(store.counter("signin", "alice").await),
        CounterState::default()
    );
    // Scopes and subjects are separate.
    assert_eq!(
        must(store.counter("signin", "bob").await),
        CounterState::default()
    );
    failed_attempt(&store, "signin", "carl", &limit, at(0)).await;
    failed_attempt(&store, "pin", "carl", &limit, at(0)).await;
    assert!(
        must(store.locks_of("carl", at(0)).await).is_empty(),
        "counted, not locked"
    );
    for _ in 0..2 {
        failed_attempt(&store, "pin", "carl", &limit, at(0)).await;
    }
    assert_eq!(
        must(store.locks_of("carl", at(1)).await),
        vec![("pin".to_owned(), at(600_000))]
    );
    assert!(
        must(store.locks_of("carl", at(600_000)).await).is_empty(),
        "run out"
    );
    assert_eq!(must(store.reset_subject("carl").await), 2);
    assert_eq!(
        must(store.counter("pin", "carl").await),
        CounterState::default()
    );
    let one = AttemptLimit {
        max_failures: 1,
        lockout_minutes: 1,
    };
    let locked = failed_attempt(&store, "pin", "alice", &one, at(0)).await;
    assert_eq!(locked.locked_until, Some(at(60_000)));
}

on_every_backend!(concurrent_attempts_never_exceed_the_limit);
async fn concurrent_attempts_never_exceed_the_limit(store: SqlStore) {
    let limit = AttemptLimit {
        max_failures: 3,
        lockout_minutes: 10,
    };
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.begin_attempt("pin", "x", &limit, at(1)).await })
        })
        .collect();
    let mut allowed = Vec::new();
    for task in tasks {
        let state = must(task.await.unwrap_or_else(|e| panic!("{e}")));
        if state.locked_at(at(1)).is_none() {
            allowed.push(state.failures);
        }
    }
    allowed.sort_unstable();
    assert_eq!(
        allowed,
        [1, 2, 3],
        "exactly three attempts may go on, each with its own number"
    );
    assert!(must(store.counter("pin", "x").await)
        .locked_at(at(1))
        .is_some());
}

on_every_backend!(enrollment_secrets_are_replaced_and_their_history_kept);
async fn enrollment_secrets_are_replaced_and_their_history_kept(store: SqlStore) {
    let user = must(
        store
            .create_user(&new_user("lena", &[]), &audit("user.create"))
            .await,
    );
    assert_eq!(must(store.find_enrollment(user.id, "soft_pin").await), None);
    for (n, secret) in ["h1", "h2", "h3", "h4"].into_iter().enumerate() {
        let save = SaveEnrollment {
            user_id: user.id,
            verification_id: "soft_pin".into(),
            kind: Kind::SoftPin,
            secret: secret.into(),
            expires_at: Some(at(9_000 + n as i64)),
            at: at(1_000 + n as i64),
            history_keep: 3,
        };
        must(
            store
                .save_enrollment(&save, &audit("soft_pin.enroll"))
                .await,
        );
    }
    let current =
        must(store.find_enrollment(user.id, "soft_pin").await).unwrap_or_else(|| panic!("missing"));
    assert_eq!(current.secret.as_deref(), Some("h4"));
    assert_eq!(
        (
            current.state.as_str(),
            current.updated_at,
            current.expires_at
        ),
        ("active", at(1_003), Some(at(9_003)))
    );
    assert!(
        !format!("{current:?}").contains("h4"),
        "secrets do not print"
    );
    assert_eq!(
        must(store.secret_history(user.id, "soft_pin", 10).await),
        ["h4", "h3", "h2"]
    );
    assert_eq!(
        must(store.secret_history(user.id, "soft_pin", 2).await),
        ["h4", "h3"]
    );
    assert_eq!(
        must(store.secret_history(user.id, "password", 5).await),
        Vec::<String>::new()
    );
    let listed = must(store.list_enrollments(user.id).await);
    assert_eq!(
        (listed.len(), listed[0].created_at, listed[0].expires_at),
        (1, at(1_000), Some(at(9_003)))
    );
    assert_eq!(
        must(
            store
                .list_audit(&AuditFilter {
                    action: Some("soft_pin.enroll".into()),
                    limit: 10,
                    ..Default::default()
                })
                .await
        )
        .total,
        4
    );
}

on_every_backend!(audit_filters_pages_and_purges);
async fn audit_filters_pages_and_purges(store: SqlStore) {
    for (i, (action, result)) in [
        ("user.create", AuditResult::Success),
        ("user.delete", AuditResult::Success),
        ("session.create", AuditResult::Failure),
    ]
    .into_iter()
    .enumerate()
    {
        let event = AuditEvent {
            at: at(1_000 * (i as i64 + 1)),
            subject: Some("alice".into()),
            result,
            ..audit(action)
        };
        must(store.append_audit(&event).await);
    }
    let page = |filter: AuditFilter| {
        let store = store.clone();
        async move {
            must(
                store
                    .list_audit(&AuditFilter {
                        limit: 10,
                        ..filter
                    })
                    .await,
            )
        }
    };
    let users = page(AuditFilter {
        action: Some("user.".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(users.total, 2);
    assert_eq!(users.items[0].action, "user.delete", "newest first");
    let failed = page(AuditFilter {
        result: Some("failure".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(failed.items.len(), 1);
    let window = page(AuditFilter {
        since: Some(at(2_000)),
        until: Some(at(3_000)),
        ..Default::default()
    })
    .await;
    assert_eq!(
        window.items.iter().map(|r| r.at).collect::<Vec<_>>(),
        [at(2_000)]
    );
    let second = must(
        store
            .list_audit(&AuditFilter {
                limit: 1,
                offset: 1,
                ..Default::default()
            })
            .await,
    );
    assert_eq!(second.items[0].action, "user.delete");
    let bob = AuditEvent {
        at: at(2_500),
        subject: Some("bob".into()),
        ..audit("user.create")
    };
    must(store.append_audit(&bob).await);
    must(store.append_audit(&bob).await);
    let subjects = |action: &'static str, since: i64| {
        let store = store.clone();
        async move { must(store.count_subjects(action, at(since)).await) }
    };
    assert_eq!(subjects("user.create", 0).await, 2, "alice once, bob twice");
    assert_eq!(subjects("user.create", 2_000).await, 1, "only bob since");
    assert_eq!(
        subjects("user.", 0).await,
        0,
        "an exact action, not a prefix"
    );
    must(store.purge_audit(at(2_000)).await);
    assert_eq!(
        subjects("user.create", 0).await,
        1,
        "purged records are not counted"
    );
    assert_eq!(must(store.purge_audit(at(2_600)).await), 3);
    assert_eq!(page(AuditFilter::default()).await.total, 1);
}

on_every_backend!(purges_keep_what_reports_count_as_daily_totals);
async fn purges_keep_what_reports_count_as_daily_totals(store: SqlStore) {
    let day = DAY_MILLIS;
    let rita = must(
        store
            .create_user(&new_user("rita", &[]), &audit("user.create"))
            .await,
    );
    // Three requests on day 1 (one done, one failed in qa, one open) and one on day 2
    // (failed in email).
    let reset = |n: u8, created: i64| NewReset {
        digest: vec![n; 32],
        process_id: "self".into(),
        user_id: Some(rita.id),
        subject: "rita".into(),
        agent: None,
        created_at: at(created),
        expires_at: at(created + 600_000),
    };
    let done = must(
        store
            .create_reset(&reset(1, day + 1_000), &audit("reset.start"))
            .await,
    );
    let failed = must(
        store
            .create_reset(&reset(2, day + 2_000), &audit("reset.start"))
            .await,
    );
    let _open = must(
        store
            .create_reset(&reset(3, day + 3_000), &audit("reset.start"))
            .await,
    );
    let later = must(
        store
            .create_reset(&reset(4, 2 * day + 1_000), &audit("reset.start"))
            .await,
    );
    for (id, verification, passed) in [
        (done, "qa", true),
        (failed, "qa", false),
        (later, "email", false),
    ] {
        must(
            store
                .pose_step(id, verification, None, at(day + 5_000))
                .await,
        );
        // One wrong answer fails the request here (a maximum of 1).
        assert!(
            must(
                store
                    .finish_step(
                        id,
                        verification,
                        passed,
                        1,
                        at(day + 6_000),
                        &audit("reset.verify")
                    )
                    .await
            )
            .counted
        );
    }
    let complete = CompleteReset {
        reset_id: done,
        user_id: rita.id,
        password: None,
        at: at(day + 7_000),
    };
    assert!(must(
        store
            .complete_reset(&complete, &audit("reset.unlock"))
            .await
    ));
    let mut blocked = audit("reset.blocked");
    blocked.at = at(day + 8_000);
    blocked.subject = Some("rita".into());
    must(store.append_audit(&blocked).await);
    must(store.append_audit(&blocked).await);
    let period = (at(0), at(3 * day));
    let before = must(store.reset_summary(period.0, period.1).await);
    assert_eq!(
        (
            before.started,
            before.succeeded,
            before.failed,
            before.users_blocked
        ),
        (4, 1, 2, 1)
    );
    assert_eq!(
        before.failed_verifications,
        [("email".to_owned(), 1), ("qa".to_owned(), 1)]
    );
    let days_before = must(store.reset_days(period.0, period.1).await);
    let blocked_by_day: Vec<(Timestamp, i64)> =
        days_before.iter().map(|d| (d.day, d.blocked)).collect();
    assert_eq!(blocked_by_day, [(at(day), 1), (at(2 * day), 0)]);

    // Day 1's requests expired; day 2's not yet.
    assert_eq!(must(store.purge_resets(at(day + 603_001)).await), 3);
    assert!(must(store.find_reset(&[1; 32]).await).is_none());
    assert!(must(store.find_reset(&[4; 32]).await).is_some());
    assert_eq!(must(store.reset_summary(period.0, period.1).await), before);
    assert_eq!(
        must(store.purge_resets(at(day + 603_001)).await),
        0,
        "counted once"
    );
    assert_eq!(must(store.reset_summary(period.0, period.1).await), before);
    assert_eq!(must(store.purge_resets(at(3 * day)).await), 1);
    assert_eq!(must(store.reset_summary(period.0, period.1).await), before);
    assert_eq!(
        must(store.reset_days(period.0, period.1).await),
        days_before,
        "the days are kept as totals"
    );

    // The audit, purged by whole days, keeps each day's blocked users once.
    assert_eq!(must(store.purge_audit(at(2 * day)).await), 11);
    assert_eq!(must(store.reset_summary(period.0, period.1).await), before);
    assert_eq!(
        must(store.reset_days(period.0, period.1).await),
        days_before,
        "the days are kept as totals"
    );
    // Purged days count in a period that holds their beginning.
    let from_day_2 = must(store.reset_summary(at(day + 1), period.1).await);
    assert_eq!(
        (
            from_day_2.started,
            from_day_2.failed,
            from_day_2.users_blocked
        ),
        (1, 1, 0)
    );

    // Codes and assist codes a day after they expired; messages once sent or given up.
    must(
        store
            .issue_code(&code_for("enroll:a", 1, 0), &audit("code.issue"))
            .await,
    );
    assert_eq!(must(store.purge_codes(at(600_000)).await), 0);
    assert_eq!(must(store.purge_codes(at(600_001)).await), 1);
    let queued = must(store.queue_message(&notice(1), at(1_000)).await);
    let sent = must(store.queue_message(&notice(2), at(1_000)).await);
    let given_up = must(store.queue_message(&notice(3), at(1_000)).await);
    must(store.message_sent(sent, at(5_000)).await);
    must(
        store
            .message_failed(given_up, "550 no such user", None)
            .await,
    );
    // The code's own message and the three: only the sent and the given-up one go.
    assert_eq!(
        must(store.purge_outbox(at(5_000)).await),
        1,
        "given up at 1_000"
    );
    assert_eq!(
        must(store.purge_outbox(at(5_001)).await),
        1,
        "sent at 5_000"
    );
    let left: Vec<i64> = must(store.list_outbox(None, 0, 10).await)
        .items
        .iter()
        .map(|m| m.id)
        .collect();
    assert!(left.contains(&queued) && left.len() == 2, "{left:?}");
    let code = IssueAssistCode {
        code_id: "c1".into(),
        user_id: rita.id,
        agent: "desk".into(),
        conversation: "call".into(),
        digest: vec![1; 32],
        created_at: at(1_000),
        expires_at: at(181_000),
        cooldown_seconds: 60,
        agent_per_minute: 2,
        total_per_minute: 3,
        user_key: "rita".into(),
        message: None,
    };
    must(
        store
            .issue_assist_code(&code, &audit("assist.generate"))
            .await,
    );
    assert_eq!(must(store.purge_assist_codes(at(181_000)).await), 0);
    assert_eq!(must(store.purge_assist_codes(at(181_001)).await), 1);
    assert!(must(store.find_assist_code("c1").await).is_none());
}

on_every_backend!(enrollments_start_empty_and_ping_answers);
async fn enrollments_start_empty_and_ping_answers(store: SqlStore) {
    let user = must(
        store
            .create_user(&new_user("hank", &[]), &audit("user.create"))
            .await,
    );
    assert_eq!(must(store.list_enrollments(user.id).await), vec![]);
    must(store.ping().await);
}

#[tokio::test]
async fn reconnecting_keeps_data_and_does_not_rerun_migrations() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let url = sqlite_url(&dir);
    let store = must(SqlStore::connect(&url, 2).await);
    must(
        store
            .create_user(&new_user("ivan", &[]), &audit("user.create"))
            .await,
    );
    store.close().await;
    let store = must(SqlStore::connect(&url, 2).await);
    assert!(must(store.find_user("ivan").await).is_some());
    assert!(matches!(
        SqlStore::connect("mysql://x", 1).await,
        Err(StoreError::UnsupportedUrl)
    ));
}

fn code_for(binding: &str, digest: u8, at_millis: i64) -> IssueCode {
    IssueCode {
        user_id: None,
        verification_id: "email".into(),
        binding: binding.into(),
        quota_key: "email:user:1".into(),
        destination: "alice@example.com".into(),
        digest: vec![digest; 32],
        created_at: at(at_millis),
        expires_at: at(at_millis + 600_000),
        max_attempts: 3,
        cooldown_seconds: 120,
        daily_limit: 3,
        client: None,
        message: Some(NewMessage {
            channel: Channel::Email,
            destination: "alice@example.com".into(),
            sealed: vec![9; 40],
            purpose: "enrollment".into(),
        }),
    }
}

on_every_backend!(a_decoy_code_counts_like_a_sent_one_and_sends_nothing);
async fn a_decoy_code_counts_like_a_sent_one_and_sends_nothing(store: SqlStore) {
    let decoy = |binding: &str, at_millis: i64| IssueCode {
        user_id: None,
        quota_key: "email:subject:identifier:nobody".into(),
        destination: String::new(),
        message: None,
        ..code_for(binding, 5, at_millis)
    };
    let mut outcomes = Vec::new();
    for (n, at_millis) in [(0, 0), (1, 1_000), (2, 2_000), (3, 3_000)] {
        let issued = store
            .issue_code(
                &decoy(&format!("reset:{n}"), at_millis),
                &audit("code.issue"),
            )
            .await;
        outcomes.push(must(issued));
    }
    assert_eq!(
        outcomes,
        [
            Issued::Accepted,
            Issued::Accepted,
            Issued::Accepted,
            Issued::DailyLimit {
                retry_at: at(86_400_000)
            }
        ],
        "the daily cap counts decoys as it counts codes that are sent"
    );
    assert_eq!(
        must(
            store
                .issue_code(&decoy("reset:2", 3_000), &audit("code.issue"))
                .await
        ),
        Issued::TooSoon {
            retry_at: at(122_000)
        },
        "and the cooldown of the binding"
    );
    assert_eq!(
        must(store.list_outbox(None, 0, 10).await).total,
        0,
        "nothing is sent"
    );
    assert!(matches!(
        must(store.check_code("reset:2", &[0; 32], at(4_000)).await),
        CodeCheck::Wrong { .. }
    ));
}

async fn quota_rows(conn: &mut sqlx::PgConnection) -> Vec<String> {
    let mut rows: Vec<String> = sqlx::query_scalar("SELECT quota_key FROM code_quotas")
        .fetch_all(conn)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    rows.sort();
    rows
}

/// On PostgreSQL an issue locks a quota row per key and per client; a purge removes those
/// no issue touched for a day, and never the named locks.
#[tokio::test]
#[ignore = "needs PostgreSQL (SESAME_TEST_DATABASE_URL)"]
async fn purging_codes_removes_quota_rows_left_untouched() {
    use sqlx::Connection;
    let url = fresh_postgres_database(&required_postgres_server()).await;
    let store = must(SqlStore::connect(&url, 2).await);
    let code = IssueCode {
        quota_key: "email:user:1:client:192.0.2.1".into(),
        client: Some(ClientQuota {
            key: "192.0.2.1".into(),
            daily_limit: 5,
        }),
        ..code_for("reset:1", 1, 0)
    };
    must(store.issue_code(&code, &audit("code.issue")).await);
    must(store.purge_resets(at(0)).await);
    let mut conn = sqlx::PgConnection::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        quota_rows(&mut conn).await,
        ["client:192.0.2.1", "email:user:1:client:192.0.2.1", "purge"]
    );
    let purged = must(store.purge_codes(at(0)).await);
    assert_eq!((purged, quota_rows(&mut conn).await.len()), (0, 3));
    let purged = must(store.purge_codes(at(700_000)).await);
    assert_eq!(
        (purged, quota_rows(&mut conn).await),
        (1, vec!["purge".to_owned()])
    );
    store.close().await;
}

on_every_backend!(a_client_gets_its_daily_codes_across_every_identity);
async fn a_client_gets_its_daily_codes_across_every_identity(store: SqlStore) {
    let from = |client: &str, n: i64| IssueCode {
        quota_key: format!("email:user:{n}:client:{client}"),
        client: Some(ClientQuota {
            key: client.into(),
            daily_limit: 2,
        }),
        ..code_for(&format!("reset:{client}:{n}"), 1, 1_000 * n)
    };
    let mut outcomes = Vec::new();
    for n in 1..=3 {
        outcomes.push(must(
            store
                .issue_code(&from("192.0.2.1", n), &audit("code.issue"))
                .await,
        ));
    }
    assert_eq!(
        outcomes,
        [
            Issued::Accepted,
            Issued::Accepted,
            Issued::DailyLimit {
                retry_at: at(1_000 + 86_400_000)
            }
        ]
    );
    // Another client has its own count; codes issued off the public routes count for no
    // client.
    assert_eq!(
        must(
            store
                .issue_code(&from("192.0.2.2", 3), &audit("code.issue"))
                .await
        ),
        Issued::Accepted
    );
    assert_eq!(
        must(
            store
                .issue_code(&code_for("enroll:own", 1, 4_000), &audit("code.issue"))
                .await
        ),
        Issued::Accepted
    );
    // Past both the key's cap and the client's, a code comes when both allow it.
    let both = IssueCode {
        quota_key: "email:user:1".into(),
        ..from("192.0.2.1", 9)
    };
    must(
        store
            .issue_code(&code_for("enroll:own2", 1, 200_000), &audit("code.issue"))
            .await,
    );
    must(
        store
            .issue_code(&code_for("enroll:own3", 1, 300_000), &audit("code.issue"))
            .await,
    );
    assert_eq!(
        must(store.issue_code(&both, &audit("code.issue")).await),
        Issued::DailyLimit {
            retry_at: at(4_000 + 86_400_000)
        }
    );
}

on_every_backend!(a_code_stamped_later_but_stored_first_does_not_hold_back_the_other);
async fn a_code_stamped_later_but_stored_first_does_not_hold_back_the_other(store: SqlStore) {
    // Two requests at the same moment: the one stamped later can be stored first.
    let without_cooldown = |digest, at_millis| IssueCode {
        cooldown_seconds: 0,
        ..code_for("enroll:z", digest, at_millis)
    };
    for (digest, at_millis) in [(1, 1_000), (2, 999)] {
        let issued = store
            .issue_code(&without_cooldown(digest, at_millis), &audit("code.issue"))
            .await;
        assert_eq!(must(issued), Issued::Accepted, "no cooldown, no refusal");
    }
    // With a cooldown the later stamp counts as issued now, not in the future.
    let issued = store
        .issue_code(&code_for("enroll:z", 3, 998), &audit("code.issue"))
        .await;
    assert_eq!(
        must(issued),
        Issued::TooSoon {
            retry_at: at(998 + 120_000)
        }
    );
}

on_every_backend!(codes_keep_cooldown_daily_cap_and_single_use);
async fn codes_keep_cooldown_daily_cap_and_single_use(store: SqlStore) {
    let first = must(
        store
            .issue_code(&code_for("enroll:a", 1, 0), &audit("code.issue"))
            .await,
    );
    assert!(matches!(first, Issued::Accepted));
    let soon = must(
        store
            .issue_code(&code_for("enroll:a", 2, 60_000), &audit("code.issue"))
            .await,
    );
    assert_eq!(
        soon,
        Issued::TooSoon {
            retry_at: at(120_000)
        }
    );
    // A second code replaces the first: only the newest works.
    must(
        store
            .issue_code(&code_for("enroll:a", 2, 120_000), &audit("code.issue"))
            .await,
    );
    assert_eq!(
        must(store.check_code("enroll:a", &[1; 32], at(130_000)).await),
        CodeCheck::Wrong { remaining: 2 }
    );
    assert_eq!(
        must(store.check_code("enroll:a", &[2; 32], at(130_000)).await),
        CodeCheck::Passed {
            destination: "alice@example.com".into()
        }
    );
    assert_eq!(
        must(store.check_code("enroll:a", &[2; 32], at(130_001)).await),
        CodeCheck::NoCode,
        "single use"
    );
    // The daily cap counts every code of the quota key, whatever the binding.
    must(
        store
            .issue_code(&code_for("enroll:b", 3, 200_000), &audit("code.issue"))
            .await,
    );
    let capped = must(
        store
            .issue_code(&code_for("enroll:c", 4, 300_000), &audit("code.issue"))
            .await,
    );
    assert_eq!(
        capped,
        Issued::DailyLimit {
            retry_at: at(86_400_000)
        }
    );
    let next_day = must(
        store
            .issue_code(&code_for("enroll:c", 4, 86_400_001), &audit("code.issue"))
            .await,
    );
    assert!(matches!(next_day, Issued::Accepted));
    assert_eq!(
        must(store.check_code("nothing", &[4; 32], at(0)).await),
        CodeCheck::NoCode
    );
    // Every accepted code brought its message and its audit record; refusals neither.
    let issued = must(
        store
            .list_audit(&AuditFilter {
                action: Some("code.issue".into()),
                limit: 10,
                ..Default::default()
            })
            .await,
    );
    assert_eq!(issued.total, 4);
    assert_eq!(must(store.list_outbox(None, 0, 10).await).total, 4);
}

on_every_backend!(codes_expire_and_die_after_too_many_wrong_entries);
async fn codes_expire_and_die_after_too_many_wrong_entries(store: SqlStore) {
    must(
        store
            .issue_code(&code_for("enroll:x", 7, 0), &audit("code.issue"))
            .await,
    );
    assert_eq!(
        must(store.check_code("enroll:x", &[7; 32], at(600_000)).await),
        CodeCheck::Expired
    );
    must(
        store
            .issue_code(&code_for("enroll:y", 8, 0), &audit("code.issue"))
            .await,
    );
    for remaining in [2, 1, 0] {
        assert_eq!(
            must(store.check_code("enroll:y", &[0; 32], at(1)).await),
            CodeCheck::Wrong { remaining }
        );
    }
    assert_eq!(
        must(store.check_code("enroll:y", &[8; 32], at(2)).await),
        CodeCheck::TooManyAttempts
    );
}

on_every_backend!(parallel_code_issues_never_pass_the_daily_cap);
async fn parallel_code_issues_never_pass_the_daily_cap(store: SqlStore) {
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .issue_code(
                        &code_for(&format!("enroll:{n}"), 1, 1_000),
                        &audit("code.issue"),
                    )
                    .await
            })
        })
        .collect();
    let mut accepted = 0;
    for task in tasks {
        if matches!(
            must(task.await.unwrap_or_else(|e| panic!("{e}"))),
            Issued::Accepted
        ) {
            accepted += 1;
        }
    }
    assert_eq!(accepted, 3);
    // Parallel issues for one binding (written together on SQLite): one gets through,
    // the others wait for the cooldown.
    let tasks: Vec<_> = (0..5)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let code = IssueCode {
                    quota_key: "sms:device:+14155550123".into(),
                    ..code_for("enroll:same", 9, 2_000)
                };
                store.issue_code(&code, &audit("code.issue")).await
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(must(task.await.unwrap_or_else(|e| panic!("{e}"))));
    }
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| matches!(o, Issued::Accepted))
            .count(),
        1
    );
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| matches!(o, Issued::TooSoon { .. }))
            .count(),
        4
    );
}

on_every_backend!(the_outbox_sends_the_longest_due_first_and_a_retry_waits_its_turn);
async fn the_outbox_sends_the_longest_due_first_and_a_retry_waits_its_turn(store: SqlStore) {
    for (n, at_millis) in [(0, 0), (1, 1000)] {
        must(
            store
                .issue_code(
                    &code_for(&format!("enroll:{n}"), 1, at_millis),
                    &audit("code.issue"),
                )
                .await,
        );
    }
    let older =
        must(store.claim_message(at(2_000), 60).await).unwrap_or_else(|| panic!("nothing due"));
    must(
        store
            .message_failed(older.id, "503 from provider", Some(at(5_000)))
            .await,
    );
    // Both are due at 6 s; the newer one has waited since 1 s, the retry only since 5 s.
    let next =
        must(store.claim_message(at(6_000), 60).await).unwrap_or_else(|| panic!("nothing due"));
    assert_ne!(next.id, older.id, "the message due longest goes first");
    let then = must(store.claim_message(at(6_000), 60).await)
        .unwrap_or_else(|| panic!("the retry is due"));
    assert_eq!((then.id, then.attempts), (older.id, 2));
}

on_every_backend!(the_outbox_hands_each_message_to_one_worker_and_keeps_its_fate);
async fn the_outbox_hands_each_message_to_one_worker_and_keeps_its_fate(store: SqlStore) {
    for n in 0..3 {
        must(
            store
                .issue_code(
                    &code_for(&format!("enroll:{n}"), 1, n * 1000),
                    &audit("code.issue"),
                )
                .await,
        );
    }
    let first =
        must(store.claim_message(at(10_000), 60).await).unwrap_or_else(|| panic!("nothing due"));
    assert_eq!((first.attempts, first.sealed.len()), (1, 40));
    let second =
        must(store.claim_message(at(10_000), 60).await).unwrap_or_else(|| panic!("nothing due"));
    assert_ne!(
        first.id, second.id,
        "a claimed message is not handed out again"
    );
    must(store.message_sent(first.id, at(11_000)).await);
    must(
        store
            .message_failed(second.id, "503 from provider", Some(at(20_000)))
            .await,
    );
    let third =
        must(store.claim_message(at(10_000), 60).await).unwrap_or_else(|| panic!("nothing due"));
    must(
        store
            .message_failed(third.id, "550 no such user", None)
            .await,
    );
    assert!(
        must(store.claim_message(at(19_999), 60).await).is_none(),
        "the retry is not due yet"
    );
    let retried =
        must(store.claim_message(at(20_000), 60).await).unwrap_or_else(|| panic!("retry due"));
    assert_eq!((retried.id, retried.attempts), (second.id, 2));
    // A worker that died leaves its lease; the message comes back when the lease runs out.
    assert!(must(store.claim_message(at(79_999), 60).await).is_none());
    assert_eq!(
        must(store.claim_message(at(80_000), 60).await).map(|m| m.id),
        Some(second.id)
    );

    let all = must(store.list_outbox(None, 0, 10).await);
    let states: Vec<_> = all.items.iter().map(|m| (m.id, m.state)).collect();
    assert_eq!(
        states,
        [
            (third.id, OutboxState::Failed),
            (second.id, OutboxState::Queued),
            (first.id, OutboxState::Sent)
        ]
    );
    assert_eq!(all.items[0].last_error.as_deref(), Some("550 no such user"));
    assert_eq!(must(store.list_outbox(Some("sent"), 0, 10).await).total, 1);
}

on_every_backend!(parallel_workers_never_claim_one_message_twice);
async fn parallel_workers_never_claim_one_message_twice(store: SqlStore) {
    for n in 0..10 {
        let code = IssueCode {
            quota_key: format!("quota:{n}"),
            ..code_for(&format!("enroll:{n}"), 1, 0)
        };
        must(store.issue_code(&code, &audit("code.issue")).await);
    }
    let workers: Vec<_> = (0..6)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut claimed = Vec::new();
                while let Some(message) = must(store.claim_message(at(1_000), 60).await) {
                    claimed.push(message.id);
                }
                claimed
            })
        })
        .collect();
    let mut all = Vec::new();
    for worker in workers {
        all.extend(worker.await.unwrap_or_else(|e| panic!("{e}")));
    }
    all.sort_unstable();
    let unique: std::collections::BTreeSet<_> = all.iter().copied().collect();
    assert_eq!(all.len(), 10);
    assert_eq!(unique.len(), 10);
}

on_every_backend!(verifications_ship_with_the_base_system_and_change_with_audit);
async fn verifications_ship_with_the_base_system_and_change_with_audit(store: SqlStore) {
    let ids: Vec<_> = must(store.list_verifications().await)
        .into_iter()
        .map(|v| v.id)
        .collect();
    assert_eq!(
        ids,
        [
            "authenticator",
            "confirm_email",
            "email",
            "enter_username",
            "qa",
            "sms",
            "soft_pin"
        ]
    );
    let email = must(store.find_verification("email").await).unwrap_or_else(|| panic!("no email"));
    assert_eq!(
        (email.name.as_str(), email.kind.as_str(), email.active),
        ("Email verification", "email_code", true)
    );
    // The base verifications follow the defaults defined in code.
    assert_eq!(email.params, Params::default_for(Kind::EmailCode));
    let longer = Params::Code(CodeParams::Email(EmailCodeParams {
        length: 8,
        ..EmailCodeParams::default()
    }));
    let changed = must(
        store
            .update_verification(
                "email",
                Some(&longer),
                Some(false),
                &audit("verification.update"),
            )
            .await,
    );
    assert_eq!(changed.map(|v| (v.params, v.active)), Some((longer, false)));
    assert_eq!(
        must(
            store
                .update_verification("nope", None, None, &audit("verification.update"))
                .await
        ),
        None
    );
}

on_every_backend!(a_user_is_read_with_their_enrollments_in_one_go);
async fn a_user_is_read_with_their_enrollments_in_one_go(store: SqlStore) {
    let user = must(
        store
            .create_user(
                &new_user("nia", &["staff", "finance"]),
                &audit("user.create"),
            )
            .await,
    );
    let bare = must(store.find_user_with_enrollments("nia").await);
    assert_eq!(
        bare,
        Some((user.clone(), vec![])),
        "a user with no enrollment"
    );
    for (id, kind, destination) in [
        ("sms", Kind::SmsCode, "+14155550123"),
        ("email", Kind::EmailCode, "nia@example.com"),
    ] {
        must(
            store
                .save_pending(
                    &PendingEnrollment {
                        user_id: user.id,
                        verification_id: id.into(),
                        kind,
                        destination: Some(destination.into()),
                        secret: None,
                        at: at(5),
                    },
                    &audit("enrollment.verify"),
                )
                .await,
        );
    }
    let (found, enrollments) = must(
        store
            .find_user_with_enrollments("NIA".to_lowercase().as_str())
            .await,
    )
    .unwrap_or_else(|| panic!("nia is there"));
    assert_eq!(found.groups, ["finance", "staff"]);
    assert_eq!(found, user);
    assert_eq!(
        enrollments,
        must(store.list_enrollments(user.id).await),
        "the same as listed alone"
    );
    assert_eq!(
        enrollments
            .iter()
            .map(|e| e.verification_id.as_str())
            .collect::<Vec<_>>(),
        ["email", "sms"]
    );
    assert_eq!(must(store.find_user_with_enrollments("nobody").await), None);
}

on_every_backend!(a_proven_destination_waits_pending_until_activated);
async fn a_proven_destination_waits_pending_until_activated(store: SqlStore) {
    let user = must(
        store
            .create_user(&new_user("mia", &[]), &audit("user.create"))
            .await,
    );
    must(
        store
            .save_pending(
                &PendingEnrollment {
                    user_id: user.id,
                    verification_id: "email".into(),
                    kind: Kind::EmailCode,
                    destination: Some("mia@example.com".into()),
                    secret: None,
                    at: at(5),
                },
                &audit("enrollment.verify"),
            )
            .await,
    );
    let listed = must(store.list_enrollments(user.id).await);
    assert_eq!(
        (listed[0].state.as_str(), listed[0].destination.as_deref()),
        ("pending", Some("mia@example.com"))
    );
    assert!(must(
        store
            .activate_enrollment(user.id, "email", at(6), &audit("enrollment.submit"))
            .await
    ));
    assert!(
        !must(
            store
                .activate_enrollment(user.id, "email", at(7), &audit("enrollment.submit"))
                .await
        ),
        "only a pending one"
    );
    assert_eq!(
        must(store.list_enrollments(user.id).await)[0].state,
        EnrollmentState::Active
    );
    assert!(must(
        store
            .delete_enrollment(user.id, "email", &audit("enrollment.delete"))
            .await
    ));
    assert_eq!(must(store.list_enrollments(user.id).await), vec![]);
}

on_every_backend!(an_authenticator_secret_waits_pending_and_each_step_is_used_once);
async fn an_authenticator_secret_waits_pending_and_each_step_is_used_once(store: SqlStore) {
    let user = must(
        store
            .create_user(&new_user("nils", &[]), &audit("user.create"))
            .await,
    );
    must(
        store
            .save_pending(
                &PendingEnrollment {
                    user_id: user.id,
                    verification_id: "authenticator".into(),
                    kind: Kind::Authenticator,
                    destination: None,
                    secret: Some("sealed-1".into()),
                    at: at(1),
                },
                &audit("authenticator.start"),
            )
            .await,
    );
    let pending = must(store.find_enrollment(user.id, "authenticator").await)
        .unwrap_or_else(|| panic!("missing"));
    assert_eq!(
        (
            pending.state.as_str(),
            pending.secret.as_deref(),
            pending.last_used_step
        ),
        ("pending", Some("sealed-1"), None)
    );
    assert!(must(use_step(&store, user.id, "authenticator", 100).await));
    assert!(
        !must(use_step(&store, user.id, "authenticator", 100).await),
        "the same step twice is a replay"
    );
    assert!(
        !must(use_step(&store, user.id, "authenticator", 99).await),
        "an older step too"
    );
    assert!(must(use_step(&store, user.id, "authenticator", 101).await));
    must(
        store
            .save_pending(
                &PendingEnrollment {
                    user_id: user.id,
                    verification_id: "authenticator".into(),
                    kind: Kind::Authenticator,
                    destination: None,
                    secret: Some("sealed-2".into()),
                    at: at(2),
                },
                &audit("authenticator.start"),
            )
            .await,
    );
    let again = must(store.find_enrollment(user.id, "authenticator").await)
        .unwrap_or_else(|| panic!("missing"));
    assert_eq!(
        (again.secret.as_deref(), again.last_used_step),
        (Some("sealed-2"), None),
        "a new secret starts afresh"
    );
    assert!(!must(use_step(&store, user.id, "nothing", 5).await));
}

/// Whether a right code of time step `step` passes, settled under one counter.
async fn use_step(
    store: &SqlStore,
    user_id: i64,
    verification_id: &str,
    step: i64,
) -> Result<bool> {
    let attempt = SettleAttempt {
        subject: format!("user {user_id}"),
        counters: vec![counter("app", 100)],
        now: at(1),
        answer: CheckedAnswer::TimeStep {
            user_id,
            verification_id: verification_id.into(),
            step,
        },
    };
    Ok(store.settle_attempt(&attempt).await? == [AttemptOutcome::Passed])
}

on_every_backend!(the_question_bank_ships_translated_and_answers_replace_each_other);
async fn the_question_bank_ships_translated_and_answers_replace_each_other(store: SqlStore) {
    let bank = must(store.list_questions().await);
    assert_eq!(bank.len(), 8);
    assert_eq!(
        bank[0]
            .texts
            .iter()
            .map(|(l, _)| l.as_str())
            .collect::<Vec<_>>(),
        ["de", "en", "es"]
    );
    assert_eq!(bank[0].texts[1].1, "What was the name of your first pet?");
    assert_eq!(bank[0].texts[2].1, "¿Cómo se llamaba su primera mascota?");
    assert!(
        bank.iter().all(|q| q.texts.len() == 3),
        "every base question in Spanish"
    );
    let texts = vec![("en".to_owned(), "What is your favourite colour?".to_owned())];
    let id = must(
        store
            .create_question(&texts, at(1), &audit("question.create"))
            .await,
    );
    assert_eq!(id, 9);
    let german = vec![("de".to_owned(), "Was ist Ihre Lieblingsfarbe?".to_owned())];
    assert!(must(
        store
            .update_question(id, &german, Some(true), &audit("question.update"))
            .await
    ));
    assert!(!must(
        store
            .update_question(99, &german, None, &audit("question.update"))
            .await
    ));
    let added = must(store.list_questions().await)
        .pop()
        .unwrap_or_else(|| panic!("missing"));
    assert!(added.retired);
    assert_eq!(added.texts.len(), 2);

    let user = must(
        store
            .create_user(&new_user("ola", &[]), &audit("user.create"))
            .await,
    );
    let first = vec![(1, "h1".to_owned()), (2, "h2".to_owned())];
    must(
        store
            .save_answers(user.id, "qa", &first, at(5), &audit("qa.enroll"))
            .await,
    );
    let second = vec![(3, "h3".to_owned()), (id, "h9".to_owned())];
    must(
        store
            .save_answers(user.id, "qa", &second, at(6), &audit("qa.enroll"))
            .await,
    );
    assert_eq!(must(store.answers(user.id, "qa").await), second);
    assert_eq!(
        must(store.list_enrollments(user.id).await)[0].kind,
        Kind::SecurityQuestions
    );
}

on_every_backend!(a_reset_request_completes_once_with_its_password_and_ends_the_sessions);
async fn a_reset_request_completes_once_with_its_password_and_ends_the_sessions(store: SqlStore) {
    let user = must(
        store
            .create_user(&new_user("rita", &[]), &audit("user.create"))
            .await,
    );
    must(
        store
            .create_session(&NewSession {
                user_id: user.id,
                digest: vec![7; 32],
                source: None,
                created_at: at(1_000),
            })
            .await,
    );
    let reset = NewReset {
        digest: vec![1; 32],
        process_id: "self".into(),
        user_id: Some(user.id),
        subject: "rita".into(),
        agent: None,
        created_at: at(2_000),
        expires_at: at(602_000),
    };
    let id = must(store.create_reset(&reset, &audit("reset.start")).await);
    must(store.pose_step(id, "qa", Some("[1,2,3]"), at(2_100)).await);
    // Wrong answers count; the second allowed one fails the request, once.
    let other = NewReset {
        digest: vec![2; 32],
        ..reset.clone()
    };
    let failing = must(store.create_reset(&other, &audit("reset.start")).await);
    let first_wrong = must(
        store
            .finish_step(failing, "qa", false, 2, at(2_150), &audit("reset.verify"))
            .await,
    );
    assert_eq!(
        first_wrong,
        StepFinished {
            counted: true,
            wrong_answers: 1,
            request_failed: false
        }
    );
    let second_wrong = must(
        store
            .finish_step(failing, "qa", false, 2, at(2_160), &audit("reset.verify"))
            .await,
    );
    assert_eq!(
        (second_wrong.wrong_answers, second_wrong.request_failed),
        (2, true)
    );
    let after = must(
        store
            .finish_step(failing, "qa", true, 2, at(2_170), &audit("reset.verify"))
            .await,
    );
    assert!(!after.counted, "a failed request takes no more answers");
    let failed = must(store.find_reset(&[2; 32]).await).unwrap_or_else(|| panic!("no reset"));
    assert_eq!((failed.state.as_str(), failed.wrong_answers), ("failed", 2));

    let passed = must(
        store
            .finish_step(id, "qa", true, 3, at(2_200), &audit("reset.verify"))
            .await,
    );
    assert!(passed.counted && !passed.request_failed);
    let found = must(store.find_reset(&[1; 32]).await).unwrap_or_else(|| panic!("no reset"));
    assert_eq!(
        (found.state.as_str(), found.steps[0].result.as_str()),
        ("open", "passed")
    );
    assert_eq!(found.steps[0].posed.as_deref(), Some("[1,2,3]"));

    let complete = |hash: &str| CompleteReset {
        reset_id: id,
        user_id: user.id,
        password: Some((hash.to_owned(), 5)),
        at: at(3_000),
    };
    let (one, two, event) = (
        complete("$argon2id$new-one"),
        complete("$argon2id$new-two"),
        audit("reset.password"),
    );
    let (first, second) = tokio::join!(
        store.complete_reset(&one, &event),
        store.complete_reset(&two, &event),
    );
    assert_eq!(
        [must(first), must(second)]
            .iter()
            .filter(|done| **done)
            .count(),
        1,
        "exactly one completion wins"
    );
    let stored = must(store.find_user("rita").await).and_then(|u| u.password_hash);
    let history = must(store.secret_history(user.id, "password", 5).await);
    assert_eq!(history.len(), 2, "the new password and the one it replaced");
    assert_eq!(history.first(), stored.as_ref());
    assert_eq!(history[1], "$argon2id$stub");
    assert!(
        must(session_of(&store, &[7; 32]).await).is_none(),
        "the session ended"
    );
    assert!(
        !must(
            store
                .finish_step(id, "email", false, 3, at(3_100), &audit("reset.verify"))
                .await
        )
        .counted,
        "a completed request takes no more answers"
    );
    let summary = must(store.reset_summary(at(0), at(10_000)).await);
    assert_eq!(
        (summary.started, summary.succeeded, summary.failed),
        (2, 1, 1)
    );
}

on_every_backend!(reset_days_count_requests_by_day_and_how_they_stand);
async fn reset_days_count_requests_by_day_and_how_they_stand(store: SqlStore) {
    const DAY: i64 = 24 * 60 * 60 * 1000;
    // 2026-01-01T00:00:00Z
    let start = 1_767_225_600_000;
    let user = must(
        store
            .create_user(&new_user("dana", &[]), &audit("user.create"))
            .await,
    );
    let mut ids = Vec::new();
    // Day 0: three requests (one done, one failed, one left open); day 2: one, open.
    for (n, offset) in [(1u8, 10), (2, 20), (3, DAY - 1), (4, 2 * DAY + 5)] {
        let reset = NewReset {
            digest: vec![n; 32],
            process_id: "self".into(),
            user_id: Some(user.id),
            subject: "dana".into(),
            agent: None,
            created_at: at(start + offset),
            expires_at: at(start + offset + 600_000),
        };
        ids.push(must(
            store.create_reset(&reset, &audit("reset.start")).await,
        ));
    }
    let done = CompleteReset {
        reset_id: ids[0],
        user_id: user.id,
        password: None,
        at: at(start + 100),
    };
    assert!(must(
        store.complete_reset(&done, &audit("reset.unlock")).await
    ));
    must(
        store
            .finish_step(
                ids[1],
                "qa",
                false,
                1,
                at(start + 200),
                &audit("reset.verify"),
            )
            .await,
    );
    let days = must(store.reset_days(at(start), at(start + 3 * DAY)).await);
    assert_eq!(
        days,
        vec![
            ResetDay {
                day: at(start),
                succeeded: 1,
                failed: 1,
                unfinished: 1,
                blocked: 0
            },
            ResetDay {
                day: at(start + 2 * DAY),
                succeeded: 0,
                failed: 0,
                unfinished: 1,
                blocked: 0
            },
        ]
    );
    let later = must(store.reset_days(at(start + DAY), at(start + 3 * DAY)).await);
    assert_eq!(later.len(), 1, "the period bounds the days");
    let none = must(
        store
            .reset_days(at(start + 3 * DAY), at(start + 4 * DAY))
            .await,
    );
    assert!(none.is_empty());
}

on_every_backend!(
    syncing_directory_users_creates_updates_and_disables_but_never_touches_local_ones
);
async fn syncing_directory_users_creates_updates_and_disables_but_never_touches_local_ones(
    store: SqlStore,
) {
    must(
        store
            .create_user(&new_user("local", &[]), &audit("user.create"))
            .await,
    );
    let mut first = new_user("dina", &["staff"]);
    first.password_hash = None;
    let mut second = new_user("emil", &[]);
    second.password_hash = None;
    let local_twin = new_user("local", &[]);
    let outcome = must(
        store
            .sync_directory_users(&[first.clone(), second, local_twin], &audit("user.sync"))
            .await,
    );
    assert_eq!(
        (
            outcome.created,
            outcome.updated,
            outcome.disabled,
            outcome.skipped
        ),
        (2, 0, 0, vec!["local".to_owned()])
    );
    first.groups = vec![ok(GroupName::parse("admins"))];
    let outcome = must(
        store
            .sync_directory_users(&[first.clone()], &audit("user.sync"))
            .await,
    );
    assert_eq!(
        (outcome.created, outcome.updated, outcome.disabled),
        (0, 1, 1)
    );
    let again = must(
        store
            .sync_directory_users(&[first], &audit("user.sync"))
            .await,
    );
    assert_eq!(
        (again.created, again.updated, again.disabled),
        (0, 0, 0),
        "nothing changed, nothing is counted as updated"
    );
    let dina = must(store.find_user("dina").await).unwrap_or_else(|| panic!("no dina"));
    assert_eq!(
        (dina.source.as_str(), dina.groups.clone()),
        ("ldap", vec!["admins".to_owned()])
    );
    let emil = must(store.find_user("emil").await).unwrap_or_else(|| panic!("no emil"));
    assert_eq!(emil.status, UserStatus::Disabled);
    let local = must(store.find_user("local").await).unwrap_or_else(|| panic!("no local"));
    assert_eq!(
        (local.source.as_str(), local.status.as_str()),
        ("local", "active")
    );
}

/// How many audit records have this action.
async fn audit_count(store: &SqlStore, action: &str) -> i64 {
    must(
        store
            .list_audit(&AuditFilter {
                action: Some(action.into()),
                limit: 100,
                ..Default::default()
            })
            .await,
    )
    .total
}

on_every_backend!(users_are_found_by_id_and_by_email_whatever_its_case);
async fn users_are_found_by_id_and_by_email_whatever_its_case(store: SqlStore) {
    let alice = must(
        store
            .create_user(&new_user("alice", &["staff"]), &audit("user.create"))
            .await,
    );
    let mut twins = Vec::new();
    for (name, email) in [
        ("bob", "Shared@Example.com"),
        ("carol", "shared@example.COM"),
    ] {
        let user = NewUser {
            email: Some(ok(EmailAddress::parse(email))),
            ..new_user(name, &[])
        };
        twins.push(must(store.create_user(&user, &audit("user.create")).await).id);
    }
    assert_eq!(
        must(store.find_user_by_id(alice.id).await),
        Some(alice.clone())
    );
    assert_eq!(must(store.find_user_by_id(alice.id + 100).await), None);

    let by_email = |key: &'static str, limit: i64| {
        let store = store.clone();
        async move {
            must(store.find_users_by_email(key, limit).await)
                .into_iter()
                .map(|u| u.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(by_email("shared@example.com", 10).await, twins, "by id");
    assert_eq!(by_email("shared@example.com", 1).await, twins[..1]);
    assert_eq!(by_email("alice@example.com", 10).await, [alice.id]);
    assert_eq!(
        by_email("Alice@Example.com", 10).await,
        Vec::<i64>::new(),
        "the caller passes the key, which is lower case"
    );
    assert_eq!(by_email("nobody@example.com", 10).await, Vec::<i64>::new());
}

on_every_backend!(api_keys_are_listed_with_their_revocation);
async fn api_keys_are_listed_with_their_revocation(store: SqlStore) {
    let mut keys = Vec::new();
    for (name, role, digest) in [
        ("robot", Role::Orchestrator, 1u8),
        ("desk", Role::ServiceDesk, 2),
    ] {
        let key = NewApiKey {
            name: name.into(),
            role,
            digest: vec![digest; 32],
            created_by: "admin".into(),
            created_at: at(10 * i64::from(digest)),
        };
        keys.push(must(
            store.create_api_key(&key, &audit("api_key.create")).await,
        ));
    }
    let revoke = AuditEvent {
        at: at(500),
        ..audit("api_key.revoke")
    };
    assert!(must(store.revoke_api_key(keys[0].id, &revoke).await));
    let listed = must(store.list_api_keys().await);
    assert_eq!(
        listed
            .iter()
            .map(|k| (k.name.as_str(), k.role.as_str(), k.created_at, k.revoked_at))
            .collect::<Vec<_>>(),
        [
            ("robot", "orchestrator", at(10), Some(at(500))),
            ("desk", "service_desk", at(20), None)
        ],
        "revoked keys stay listed, in the order they were made"
    );
    assert_eq!(listed[1], keys[1]);
    let created = must(
        store
            .list_audit(&AuditFilter {
                action: Some("api_key.create".into()),
                limit: 10,
                ..Default::default()
            })
            .await,
    );
    let subjects: Vec<_> = created.items.iter().map(|r| r.subject.clone()).collect();
    assert_eq!(
        subjects,
        [
            Some(format!("api_key:{}", keys[1].id)),
            Some(format!("api_key:{}", keys[0].id))
        ],
        "each creation is audited under the new key's id"
    );
    assert_eq!(audit_count(&store, "api_key.revoke").await, 1);
}

on_every_backend!(clearing_a_counter_clears_one_scope_and_its_lock);
async fn clearing_a_counter_clears_one_scope_and_its_lock(store: SqlStore) {
    let limit = AttemptLimit {
        max_failures: 2,
        lockout_minutes: 10,
    };
    failed_attempt(&store, "pin", "dora", &limit, at(0)).await;
    let locked = failed_attempt(&store, "pin", "dora", &limit, at(1)).await;
    assert!(locked.locked_at(at(2)).is_some());
    failed_attempt(&store, "signin", "dora", &limit, at(0)).await;

    assert!(must(store.clear_counter("pin", "dora").await));
    assert_eq!(
        must(store.counter("pin", "dora").await),
        CounterState::default()
    );
    let next = must(store.begin_attempt("pin", "dora", &limit, at(3)).await);
    assert_eq!(
        (next.failures, next.locked_at(at(3))),
        (1, None),
        "the lock is gone and counting starts again"
    );
    assert_eq!(
        must(store.counter("signin", "dora").await).failures,
        1,
        "other scopes keep their count"
    );
    assert!(!must(store.clear_counter("pin", "nobody").await));
}

on_every_backend!(a_custom_verification_is_created_once_with_its_audit_record);
async fn a_custom_verification_is_created_once_with_its_audit_record(store: SqlStore) {
    let custom = VerificationRecord {
        id: "work_email".into(),
        name: "Work e-mail".into(),
        kind: Kind::EmailCode,
        params: Params::Code(CodeParams::Email(EmailCodeParams {
            length: 8,
            ..EmailCodeParams::default()
        })),
        active: false,
        created_at: at(5),
        updated_at: at(5),
    };
    must(
        store
            .create_verification(&custom, &audit("verification.create"))
            .await,
    );
    assert_eq!(
        must(store.find_verification("work_email").await),
        Some(custom.clone())
    );
    let ids: Vec<_> = must(store.list_verifications().await)
        .into_iter()
        .map(|v| v.id)
        .collect();
    assert_eq!(ids.len(), 8);
    assert!(ids.contains(&"work_email".to_owned()));
    let again = store
        .create_verification(&custom, &audit("verification.create"))
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict("verification"))),
        "{again:?}"
    );
    let base = VerificationRecord {
        id: "email".into(),
        ..custom
    };
    assert!(matches!(
        store
            .create_verification(&base, &audit("verification.create"))
            .await,
        Err(StoreError::Conflict("verification"))
    ));
    assert_eq!(
        audit_count(&store, "verification.create").await,
        1,
        "a refused creation leaves no audit record"
    );
}

fn process(id: &str, name: &str, at_millis: i64) -> ProcessRecord {
    ProcessRecord {
        id: id.into(),
        name: name.into(),
        definition: format!("{{\"name\":\"{name}\"}}"),
        active: true,
        created_at: at(at_millis),
        updated_at: at(at_millis),
    }
}

on_every_backend!(processes_are_created_once_listed_by_id_and_updated_with_audit);
async fn processes_are_created_once_listed_by_id_and_updated_with_audit(store: SqlStore) {
    assert_eq!(must(store.list_processes().await), vec![]);
    let own = process("self", "Self-service", 10);
    let desk = process("desk", "Service desk", 20);
    for p in [&own, &desk] {
        must(store.create_process(p, &audit("process.create")).await);
    }
    assert_eq!(
        must(store.list_processes().await),
        vec![desk.clone(), own.clone()]
    );
    assert_eq!(must(store.find_process("self").await), Some(own.clone()));
    assert_eq!(must(store.find_process("nope").await), None);
    let again = store
        .create_process(&process("self", "Twin", 30), &audit("process.create"))
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict("process"))),
        "{again:?}"
    );

    let changed = ProcessRecord {
        name: "Self-service (new)".into(),
        definition: "{\"steps\":[]}".into(),
        active: false,
        created_at: at(999),
        updated_at: at(40),
        ..own.clone()
    };
    assert!(must(
        store
            .update_process(&changed, &audit("process.update"))
            .await
    ));
    assert_eq!(
        must(store.find_process("self").await),
        Some(ProcessRecord {
            created_at: own.created_at,
            ..changed.clone()
        }),
        "name, definition, active flag and update time change; creation time does not"
    );
    let unknown = ProcessRecord {
        id: "nope".into(),
        ..changed
    };
    assert!(!must(
        store
            .update_process(&unknown, &audit("process.update"))
            .await
    ));
    assert_eq!(audit_count(&store, "process.create").await, 2);
    assert_eq!(
        audit_count(&store, "process.update").await,
        1,
        "updating nothing records nothing"
    );
}

on_every_backend!(setting_a_password_keeps_the_one_it_replaces_in_the_history);
async fn setting_a_password_keeps_the_one_it_replaces_in_the_history(store: SqlStore) {
    let user = must(
        store
            .create_user(&new_user("tara", &[]), &audit("user.create"))
            .await,
    );
    for (n, hash) in ["$argon2id$one", "$argon2id$two"].into_iter().enumerate() {
        must(
            store
                .set_password(
                    user.id,
                    hash,
                    2,
                    at(2_000 + n as i64),
                    &audit("user.password"),
                )
                .await,
        );
        let history = must(store.secret_history(user.id, "password", 10).await);
        let expected = match n {
            0 => ["$argon2id$one", "$argon2id$stub"],
            _ => ["$argon2id$two", "$argon2id$one"],
        };
        assert_eq!(history, expected, "the newest two, newest first");
    }
    let stored = must(store.find_user("tara").await).unwrap_or_else(|| panic!("no tara"));
    assert_eq!(
        (stored.password_hash.as_deref(), stored.updated_at),
        (Some("$argon2id$two"), at(2_001))
    );
    assert_eq!(audit_count(&store, "user.password").await, 2);
}

fn notice(sealed: u8) -> NewMessage {
    NewMessage {
        channel: Channel::Email,
        destination: "alice@example.com".into(),
        sealed: vec![sealed; 40],
        purpose: "notice".into(),
    }
}

on_every_backend!(a_queued_notice_is_due_at_once_and_listed_for_administrators);
async fn a_queued_notice_is_due_at_once_and_listed_for_administrators(store: SqlStore) {
    let id = must(store.queue_message(&notice(3), at(1_000)).await);
    let listed = must(store.list_outbox(Some("queued"), 0, 10).await);
    assert_eq!(
        listed.items,
        [OutboxRecord {
            id,
            channel: Channel::Email,
            destination: "alice@example.com".into(),
            purpose: "notice".into(),
            state: OutboxState::Queued,
            attempts: 0,
            next_attempt_at: at(1_000),
            last_error: None,
            created_at: at(1_000),
            sent_at: None,
        }]
    );
    assert!(must(store.claim_message(at(999), 60).await).is_none());
    let claimed =
        must(store.claim_message(at(1_000), 60).await).unwrap_or_else(|| panic!("not due"));
    assert_eq!(
        (claimed.id, claimed.sealed, claimed.attempts),
        (id, vec![3; 40], 1)
    );
    let second = must(store.queue_message(&notice(4), at(1_500)).await);
    assert!(second > id);
    assert_eq!(must(store.list_outbox(None, 0, 10).await).total, 2);
}

on_every_backend!(sealed_values_are_listed_and_resealed_only_if_unchanged);
async fn sealed_values_are_listed_and_resealed_only_if_unchanged(store: SqlStore) {
    let kept = must(store.queue_message(&notice(1), at(1_000)).await);
    must(
        store
            .issue_code(&code_for("enroll:a", 1, 1_000), &audit("code.issue"))
            .await,
    );
    let sent = must(store.queue_message(&notice(5), at(1_000)).await);
    let coded = must(store.list_outbox(Some("queued"), 0, 10).await)
        .items
        .iter()
        .map(|m| m.id)
        .find(|id| *id != kept && *id != sent)
        .unwrap_or_else(|| panic!("the code's message is missing"));
    must(store.message_sent(sent, at(2_000)).await);
    assert_eq!(
        must(store.sealed_messages().await),
        vec![(kept, vec![1; 40]), (coded, vec![9; 40])],
        "a sent message's content is erased and not listed"
    );
    assert!(must(store.reseal_message(kept, &[1; 40], &[2; 40]).await));
    assert!(
        !must(store.reseal_message(kept, &[1; 40], &[3; 40]).await),
        "changed meanwhile"
    );
    assert!(!must(store.reseal_message(sent, &[5; 40], &[6; 40]).await));
    assert_eq!(must(store.sealed_messages().await)[0], (kept, vec![2; 40]));

    let user = must(
        store
            .create_user(&new_user("uma", &[]), &audit("user.create"))
            .await,
    );
    let pending = |verification_id: &str, kind: Kind, secret: Option<&str>| PendingEnrollment {
        user_id: user.id,
        verification_id: verification_id.into(),
        kind,
        destination: None,
        secret: secret.map(str::to_owned),
        at: at(3_000),
    };
    for enrollment in [
        pending("authenticator", Kind::Authenticator, Some("sealed-1")),
        pending("email", Kind::EmailCode, None),
    ] {
        must(
            store
                .save_pending(&enrollment, &audit("enrollment.start"))
                .await,
        );
    }
    assert_eq!(
        must(store.enrollment_secrets("authenticator").await),
        vec![(user.id, "authenticator".to_owned(), "sealed-1".to_owned())]
    );
    assert_eq!(must(store.enrollment_secrets("email_code").await), vec![]);
    assert!(must(
        store
            .reseal_enrollment(user.id, "authenticator", "sealed-1", "sealed-2")
            .await
    ));
    assert!(!must(
        store
            .reseal_enrollment(user.id, "authenticator", "sealed-1", "sealed-3")
            .await
    ));
    let secret = must(store.find_enrollment(user.id, "authenticator").await).and_then(|e| e.secret);
    assert_eq!(secret.as_deref(), Some("sealed-2"));
}

on_every_backend!(a_captcha_solution_is_accepted_once_and_purged_after_it_expired);
async fn a_captcha_solution_is_accepted_once_and_purged_after_it_expired(store: SqlStore) {
    let challenge = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    assert!(must(
        store.use_captcha_solution(challenge, at(600_000)).await
    ));
    assert!(
        !must(store.use_captcha_solution(challenge, at(600_000)).await),
        "the second use is refused"
    );
    assert!(must(
        store.use_captcha_solution("another", at(900_000)).await
    ));
    assert_eq!(must(store.purge_captcha_solutions(at(600_000)).await), 0);
    assert_eq!(must(store.purge_captcha_solutions(at(600_001)).await), 1);
    assert!(
        !must(store.use_captcha_solution("another", at(900_000)).await),
        "the one not yet expired is kept"
    );
}

fn counter(scope: &str, max_failures: i64) -> AttemptCounter {
    let audits = AttemptAudits::from_fn(
        |outcome| {
            let (action, result) = match outcome {
                AttemptOutcome::Passed => ("passed", AuditResult::Success),
                AttemptOutcome::Failed { locked: false, .. } => ("failed", AuditResult::Failure),
                AttemptOutcome::Failed { locked: true, .. } => ("locking", AuditResult::Failure),
                AttemptOutcome::Locked { .. } => ("locked", AuditResult::Denied),
            };
            AuditEvent {
                result,
                ..audit(&format!("{scope}.{action}"))
            }
        },
        at(1),
    );
    AttemptCounter {
        scope: scope.to_owned(),
        limit: AttemptLimit {
            max_failures,
            lockout_minutes: 10,
        },
        audits,
    }
}

fn settle(subject: &str, answer: CheckedAnswer, now: i64) -> SettleAttempt {
    SettleAttempt {
        subject: subject.to_owned(),
        counters: vec![counter("phone", 3), counter("app", 5)],
        now: at(now),
        answer,
    }
}

on_every_backend!(a_settled_attempt_counts_under_each_counter_and_uses_its_step_once);
async fn a_settled_attempt_counts_under_each_counter_and_uses_its_step_once(store: SqlStore) {
    let user = must(
        store
            .create_user(&new_user("sue", &[]), &audit("user.create"))
            .await,
    );
    let step = |step| CheckedAnswer::TimeStep {
        user_id: user.id,
        verification_id: "authenticator".into(),
        step,
    };
    must(
        store
            .save_enrollment(
                &SaveEnrollment {
                    user_id: user.id,
                    verification_id: "authenticator".into(),
                    kind: Kind::Authenticator,
                    secret: "sealed".into(),
                    expires_at: None,
                    at: at(1),
                    history_keep: 1,
                },
                &audit("enroll"),
            )
            .await,
    );
    let wrong = must(
        store
            .settle_attempt(&settle("sue", CheckedAnswer::Wrong, 2))
            .await,
    );
    assert_eq!(
        wrong,
        [
            AttemptOutcome::Failed {
                remaining: 2,
                locked: false
            },
            AttemptOutcome::Failed {
                remaining: 4,
                locked: false
            }
        ]
    );
    assert_eq!(must(store.counter("app", "sue").await).failures, 1);
    let right = must(store.settle_attempt(&settle("sue", step(100), 3)).await);
    assert_eq!(right, [AttemptOutcome::Passed, AttemptOutcome::Passed]);
    assert_eq!(
        must(store.counter("phone", "sue").await),
        CounterState::default(),
        "a pass starts the count again"
    );
    let enrollment = must(store.find_enrollment(user.id, "authenticator").await);
    assert_eq!(enrollment.and_then(|e| e.last_used_step), Some(100));
    let replay = must(store.settle_attempt(&settle("sue", step(100), 4)).await);
    assert!(
        matches!(replay[0], AttemptOutcome::Failed { .. }),
        "a used step fails: {replay:?}"
    );
    assert_eq!(audit_count(&store, "phone.passed").await, 1);
    assert_eq!(audit_count(&store, "app.failed").await, 2);
}

on_every_backend!(a_locked_counter_settles_nothing_and_stops_the_ones_after_it);
async fn a_locked_counter_settles_nothing_and_stops_the_ones_after_it(store: SqlStore) {
    let user = must(
        store
            .create_user(&new_user("lou", &[]), &audit("user.create"))
            .await,
    );
    for now in 1..=3 {
        must(
            store
                .settle_attempt(&settle("lou", CheckedAnswer::Wrong, now))
                .await,
        );
    }
    assert_eq!(audit_count(&store, "phone.locking").await, 1);
    let right_but_locked = CheckedAnswer::TimeStep {
        user_id: user.id,
        verification_id: "authenticator".into(),
        step: 7,
    };
    let outcomes = must(
        store
            .settle_attempt(&settle("lou", right_but_locked, 4))
            .await,
    );
    assert_eq!(
        outcomes,
        [AttemptOutcome::Locked {
            until: at(3).plus_minutes(10)
        }],
        "the phone lock stops the attempt before the app counter"
    );
    assert_eq!(must(store.counter("app", "lou").await).failures, 3);
    assert_eq!(audit_count(&store, "phone.locked").await, 1);
    assert_eq!(audit_count(&store, "app.locked").await, 0);
}

on_every_backend!(parallel_settled_attempts_never_exceed_the_limit_or_pass_twice);
async fn parallel_settled_attempts_never_exceed_the_limit_or_pass_twice(store: SqlStore) {
    let user = must(
        store
            .create_user(&new_user("pat", &[]), &audit("user.create"))
            .await,
    );
    must(
        store
            .save_enrollment(
                &SaveEnrollment {
                    user_id: user.id,
                    verification_id: "authenticator".into(),
                    kind: Kind::Authenticator,
                    secret: "sealed".into(),
                    expires_at: None,
                    at: at(1),
                    history_keep: 1,
                },
                &audit("enroll"),
            )
            .await,
    );
    // Twenty wrong guesses and one right code at once: no more than the limit are tried,
    // and the right code passes at most once.
    let tasks: Vec<_> = (0..21)
        .map(|n| {
            let store = store.clone();
            let answer = if n == 10 {
                CheckedAnswer::TimeStep {
                    user_id: user.id,
                    verification_id: "authenticator".into(),
                    step: 5,
                }
            } else {
                CheckedAnswer::Wrong
            };
            tokio::spawn(async move { store.settle_attempt(&settle("pat", answer, 2)).await })
        })
        .collect();
    let mut tried = 0;
    let mut passed = 0;
    for task in tasks {
        let outcomes = must(task.await.unwrap_or_else(|e| panic!("{e}")));
        match outcomes[0] {
            AttemptOutcome::Passed => passed += 1,
            AttemptOutcome::Failed { .. } => tried += 1,
            AttemptOutcome::Locked { .. } => {}
        }
    }
    assert!(passed <= 1, "{passed} passes");
    // A pass starts the count again: at most two failures before it and three after.
    let most = if passed == 1 { 5 } else { 3 };
    assert!(tried <= most, "{tried} failures tried, past the limit");
}
