//! Issue 15: a store whose ingest deferred its briefs is served at once. A story asked for
//! before the background writer reached it has its brief written then; the background writer
//! writes the rest; either way each brief is byte for byte the one an ingest that wrote its
//! briefs would have stored.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chorus_serve::{router, write_stale_briefs, AppState};
use chorus_store::Store;
use std::path::Path;
use tower::ServiceExt;

fn examples() -> Vec<chorus_core::Article> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let (articles, errors) = chorus::extract::extract_all(&examples, &Default::default());
    assert!(errors.is_empty());
    articles
}

/// The stories of a store and their briefs as JSON, in id order.
fn briefs(dir: &Path) -> Vec<(u64, String)> {
    let store = Store::open(dir).unwrap();
    let reader = store.reader().unwrap();
    let (_, stories, _) = reader.counts().unwrap();
    assert!(stories >= 2, "the examples make several stories");
    (0..stories + 8)
        .filter_map(|id| Some((id, reader.brief_json(id).unwrap()?)))
        .collect()
}

async fn get(app: &axum::Router, path: &str) -> (StatusCode, String) {
    let request = Request::builder().uri(path).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deferred_briefs_are_written_on_demand_and_in_the_background_as_an_ingest_writes_them() {
    let articles = examples();
    // What an ingest that writes its briefs stores.
    let written = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(written.path()).unwrap();
        store.ingest(&articles).unwrap();
        store.refresh_briefs(|_, _| {}).unwrap();
    }
    let expected = briefs(written.path());

    // The same articles, briefs deferred.
    let deferred = tempfile::tempdir().unwrap();
    let mut store = Store::open(deferred.path()).unwrap();
    store.ingest(&articles).unwrap();
    let stale = store.stale_stories().unwrap();
    let ids: Vec<u64> = expected.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        stale.len(),
        expected.len(),
        "every story waits for its brief: {stale:?} {ids:?}"
    );
    let state = AppState::new(store, None);
    let app = router(state.clone());

    // Asked for first: written at once, and only that one.
    let (first, first_brief) = &expected[expected.len() - 1];
    let (status, body) = get(&app, &format!("/api/stories/{first}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(&body, first_brief);
    let (status, page) = get(&app, &format!("/stories/{}", expected[0].0)).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    drop(app);
    drop(state);
    let store = Store::open(deferred.path()).unwrap();
    let left = store.stale_stories().unwrap();
    assert_eq!(left.len(), expected.len() - 2, "{left:?}");

    // The background writer writes the others.
    let state = AppState::new(store, None);
    write_stale_briefs(state.clone()).await;
    drop(state);
    assert!(Store::open(deferred.path())
        .unwrap()
        .stale_stories()
        .unwrap()
        .is_empty());
    assert_eq!(briefs(deferred.path()), expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_story_that_does_not_exist_is_still_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.ingest(&examples()).unwrap();
    let app = router(AppState::new(store, None));
    let (status, _) = get(&app, "/api/stories/9999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
