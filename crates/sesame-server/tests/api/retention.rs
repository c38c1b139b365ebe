//! Retention: what has ended is purged, and the reports give the same numbers afterwards.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;
use sesame_server::app::purge_expired;

use crate::helpers::*;
use crate::resets::{answer, challenge, create_process, process, reset_id, start};
use crate::voice_sessions::{caller, helpdesk, open, pin, service, step};
use crate::with_every_backend;

with_every_backend! {
    async fn the_summary_report_gives_the_same_numbers_after_a_purge(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user_with_password("erin").await;
        create_process(&app, process("self", json!([{"id": "enter_username"}, {"id": "email"}]), 1, json!({}))).await;
        // One request succeeds; three fail (one wrong answer each), and the third blocks erin.
        app.set_property("password_reset.max_wrong_answers", json!(1)).await;
        let done = reset_id(&start(&app, "self", "erin").await);
        challenge(&app, &done, "enter_username").await;
        assert_eq!(answer(&app, &done, "enter_username", json!({"value": "erin"})).await.json()["passed"], true);
        let password = app
            .post(&format!("/api/v1/resets/{done}/password"), None, json!({"new_password": "amber-lantern-orbit-meadow-7"}))
            .await;
        assert_eq!(password.status, StatusCode::OK, "{}", password.text);
        for _ in 0..3 {
            let failed = reset_id(&start(&app, "self", "erin").await);
            challenge(&app, &failed, "enter_username").await;
            assert_eq!(answer(&app, &failed, "enter_username", json!({"value": "someone"})).await.json()["passed"], false);
        }
        // A caller fails a factor once and hangs up; another is never identified.
        caller(&app, "alice", "+14155550101", "E-1042").await;
        service(&app, helpdesk()).await;
        let key = app.api_key("orchestrator").await;
        let call = open(&app, &key, json!({"service": "helpdesk", "caller_id": "+14155550101"})).await;
        step(&app, &key, &call, "identify", json!({"answers": {"employee_id": "E-1042"}})).await;
        let wrong = step(&app, &key, &call, "answers/soft_pin", pin("135790", "text")).await;
        assert_eq!(wrong.json()["passed"], false, "{}", wrong.text);
        let stranger = open(&app, &key, json!({"service": "helpdesk", "caller_id": "+14155550199"})).await;
        let nobody = step(&app, &key, &stranger, "identify", json!({"answers": {"employee_id": "E-9"}})).await;
        assert_eq!(nobody.json()["identified"], false, "{}", nobody.text);

        // Two days on, everything has ended; the audit is kept one day.
        app.clock.advance(Duration::from_secs(2 * 24 * 3600));
        app.set_property("audit.retention_days", json!(1)).await;
        let before = app.admin_get("/api/v1/reports/summary").await;
        assert_eq!(before.status, StatusCode::OK);
        let report = before.json();
        assert_eq!(report["requests"], json!({"started": 4, "succeeded": 1, "failed": 3}));
        assert_eq!(report["failed_verifications"], json!([{"key": "enter_username", "count": 3}]));
        assert_eq!(report["users_blocked"], 1);
        assert_eq!(report["voice"], json!({
            "sessions": [
                {"service": "helpdesk", "outcome": "abandoned", "count": 2},
            ],
            "failures_by_factor": [{"key": "soft_pin", "count": 1}],
        }));

        let purged = purge_expired(&app.state).await.unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!((purged.resets, purged.voice_sessions), (4, 2));
        assert!(purged.audit > 0 && purged.codes == 0, "{purged:?}");
        assert_eq!(app.audit("action=reset.blocked").await.len(), 0, "the audit of that day is gone");
        let gone = challenge(&app, &done, "enter_username").await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND, "{}", gone.text);

        let after = app.admin_get("/api/v1/reports/summary").await.json();
        assert_eq!(after, report);
        // A second purge finds nothing more to count.
        let again = purge_expired(&app.state).await.unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!((again.resets, again.voice_sessions), (0, 0));
        assert_eq!(app.admin_get("/api/v1/reports/summary").await.json(), report);
        // Periods still choose: the day the purged records began lies outside this one.
        let later = app.admin_get("/api/v1/reports/summary?since=2026-01-02T00:00:00Z").await.json();
        assert_eq!(later["requests"], json!({"started": 0, "succeeded": 0, "failed": 0}));
    }

    async fn codes_and_sent_messages_are_purged_a_day_after_they_end(backend) {
        let app = TestApp::spawn_configured(backend, |settings| {
            settings.email = sesame_server::config::EmailSettings::Log { from: "Sesame <sesame@example.com>".into() };
        })
        .await;
        app.create_user_with_password("ada").await;
        let token = app.session_token("ada").await;
        let sent = app
            .post("/api/v1/me/enrollments/email/code", Some(&token), json!({"address": "ada@example.com"}))
            .await;
        assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.text);
        let mut delivered = false;
        for _ in 0..200 {
            if app.admin_get("/api/v1/outbox?state=sent").await.json()["total"] == 1 {
                delivered = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(delivered, "the message was not delivered");
        let kept = purge_expired(&app.state).await.unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!((kept.codes, kept.messages), (0, 0));
        app.clock.advance(Duration::from_secs(25 * 3600));
        let purged = purge_expired(&app.state).await.unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!((purged.codes, purged.messages), (1, 1));
        assert_eq!(app.admin_get("/api/v1/outbox").await.json()["total"], 0);
        let record = app.audit("action=audit.purge").await;
        assert_eq!(record[0]["detail"]["codes"], 1, "{record:?}");
    }
}
