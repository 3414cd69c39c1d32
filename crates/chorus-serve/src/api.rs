//! The JSON API under `/api`, `/healthz` and `/openapi.json`.

use crate::{AppState, StoryEvent, MAX_BODY_BYTES};
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chorus_core::Article;
use chorus_ingest::posted::PostedError;
use chorus_store::{IngestStatus, Ingested, QueryError, Store, StoryQuery};
use serde::Deserialize;
use serde_json::json;
use std::convert::Infallible;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

/// The OpenAPI document describing this API.
pub(crate) const OPENAPI: &str = include_str!("../assets/openapi.json");

/// An error answered as `{"error": {"status", "message"}}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    /// An error with a status and a message saying what is wrong.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    pub(crate) fn internal(message: impl Into<String>) -> ApiError {
        let message = message.into();
        tracing::error!(%message, "internal error");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"status": self.status.as_u16(), "message": self.message}});
        (self.status, Json(body)).into_response()
    }
}

impl From<QueryError> for ApiError {
    fn from(e: QueryError) -> Self {
        match e {
            QueryError::Invalid { .. } => ApiError::bad_request(e.to_string()),
            QueryError::Store(e) => ApiError::internal(e.to_string()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        ApiError::bad_request(e.body_text())
    }
}

pub(crate) fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health))
        .route("/openapi.json", get(openapi))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route(
            "/api/articles",
            axum::routing::post(post_articles)
                .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
                .layer(axum::middleware::from_fn_with_state(state, require_token)),
        )
        .route("/api/articles/{id}", get(article))
        .route("/api/search", get(search))
        .route("/api/entities", get(entities))
        .route("/api/entities/{name}", get(entity))
        .route("/api/events", get(events))
        .route("/api/{*rest}", get(unknown).post(unknown))
}

/// Answers from a reader of its own, never waiting for the writer nor for other reads.
async fn health(State(state): State<AppState>) -> Result<Response, ApiError> {
    let (articles, stories, feeds) = state.read_now(|r| Ok(r.counts()?)).await?;
    Ok(
        Json(json!({"status": "ok", "articles": articles, "stories": stories, "feeds": feeds}))
            .into_response(),
    )
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn unknown() -> ApiError {
    ApiError::not_found("no such API endpoint; see /openapi.json")
}

/// Query parameters of `GET /api/stories`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoriesParams {
    since: Option<String>,
    until: Option<String>,
    entity: Option<String>,
    outlet: Option<String>,
    q: Option<String>,
    limit: Option<usize>,
    cursor: Option<String>,
}

impl From<StoriesParams> for StoryQuery {
    fn from(p: StoriesParams) -> Self {
        StoryQuery {
            since: p.since,
            until: p.until,
            entity: p.entity,
            outlet: p.outlet,
            q: p.q,
            limit: p.limit,
            cursor: p.cursor,
        }
    }
}

async fn stories(
    State(state): State<AppState>,
    params: Result<Query<StoriesParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let query: StoryQuery = params?.0.into();
    let page = state.read(move |r| Ok(r.stories(&query)?)).await?;
    Ok(Json(page).into_response())
}

fn story_id(id: &str) -> Result<u64, ApiError> {
    Ok(chorus_store::parse_story_id(id)?)
}

async fn story(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let number = story_id(&id)?;
    if let Some(current) = state.read(move |r| Ok(r.unwritten_brief(number)?)).await? {
        crate::write_brief_now(&state, current).await?;
    }
    let brief = state.read(move |r| Ok(r.brief_json(number)?)).await?;
    match brief {
        Some(json) => Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response()),
        None => Err(ApiError::not_found(format!("no story {id:?}"))),
    }
}

async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let lookup = id.clone();
    match state.read(move |r| Ok(r.article(&lookup)?)).await? {
        Some(record) => Ok(Json(record).into_response()),
        None => Err(ApiError::not_found(format!("no article {id:?}"))),
    }
}

/// Query parameters of `GET /api/search`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchParams {
    q: Option<String>,
    limit: Option<usize>,
}

async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = params?.0;
    let q = params
        .q
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request("missing search query: add ?q=words"))?;
    let limit = params.limit.unwrap_or(20);
    let hits = state.read(move |r| Ok(r.search(&q, limit)?)).await?;
    Ok(Json(json!({ "hits": hits })).into_response())
}

/// Query parameters of `GET /api/entities`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntitiesParams {
    q: Option<String>,
    limit: Option<usize>,
}

async fn entities(
    State(state): State<AppState>,
    params: Result<Query<EntitiesParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = params?.0;
    let limit = params.limit.unwrap_or(50);
    let found = state
        .read(move |r| Ok(r.entities(params.q.as_deref(), limit)?))
        .await?;
    Ok(Json(json!({ "entities": found })).into_response())
}

async fn entity(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let lookup = name.clone();
    match state.read(move |r| Ok(r.entity(&lookup)?)).await? {
        Some(record) => Ok(Json(record).into_response()),
        None => Err(ApiError::not_found(format!("no story names {name:?}"))),
    }
}

async fn events(
    State(state): State<AppState>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(state.subscribe()).filter_map(|event| {
        // A subscriber that fell behind skips what it missed.
        let event = event.ok()?;
        let data = serde_json::to_string(&event).ok()?;
        Some(Ok(Event::default().event("story").data(data)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The articles of a `POST /api/articles` body ([`chorus_ingest::posted`]); a malformed body
/// answers 400, too many articles 413.
pub fn parse_articles(body: &[u8]) -> Result<Vec<Article>, ApiError> {
    chorus_ingest::posted::parse_posted_articles(body).map_err(|e| match e {
        PostedError::TooMany => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, e.to_string()),
        PostedError::Invalid(message) => ApiError::bad_request(message),
    })
}

/// Answers 401 from the request's headers alone, before a byte of its body is read.
async fn require_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if state.authorized(request.headers().get(header::AUTHORIZATION)) {
        next.run(request).await
    } else {
        let mut response = ApiError::new(
            StatusCode::UNAUTHORIZED,
            "writing needs the server's token: send Authorization: Bearer <token>",
        )
        .into_response();
        // The unread body is not drained: the connection closes.
        response.headers_mut().insert(
            header::CONNECTION,
            header::HeaderValue::from_static("close"),
        );
        response
    }
}

async fn post_articles(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    // The token was checked (`require_token`); a few bodies at a time, each within a deadline.
    let turn = state.upload_turn().await?;
    let deadline = state.body_timeout();
    let body = tokio::time::timeout(deadline, Bytes::from_request(request, &()))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                format!("the body did not arrive within {} ms", deadline.as_millis()),
            )
        })?
        .map_err(|rejection| ApiError::new(rejection.status(), rejection.body_text()))?;
    drop(turn);
    let articles = parse_articles(&body)?;
    let done = state
        .write(move |store| ingest_and_announce(store, &articles))
        .await?;
    Ok((StatusCode::OK, Json(json!({ "articles": done }))).into_response())
}

/// Ingests articles, rewrites the briefs they touched and describes the stories that changed.
pub(crate) fn ingest_and_announce(
    store: &mut Store,
    articles: &[Article],
) -> Result<(Vec<Ingested>, Vec<StoryEvent>), ApiError> {
    let internal = |e: chorus_store::StoreError| ApiError::internal(e.to_string());
    // A full disk is the server's condition, not a fault: 507 with the store's message.
    let write_failed = |e: chorus_store::StoreError| match e {
        chorus_store::StoreError::DiskFull(_) | chorus_store::StoreError::ReadOnly(_) => {
            ApiError::new(StatusCode::INSUFFICIENT_STORAGE, e.to_string())
        }
        e => internal(e),
    };
    let done = store.ingest(articles).map_err(write_failed)?;
    // Only the stories these articles went to: other stale briefs (left by a deferred ingest)
    // are the background writer's, so that a small upload never waits for a backlog.
    let touched: Vec<u64> = done.iter().map(|d| d.story).collect();
    let refreshed = store.refresh_briefs_of(&touched).map_err(write_failed)?;
    let reader = store.reader().map_err(internal)?;
    let mut events = Vec::new();
    for story in refreshed {
        let created = done
            .iter()
            .any(|d| d.story == story && d.status == IngestStatus::New)
            && reader
                .story(story)
                .ok()
                .flatten()
                .is_some_and(|s| s.first_seen == s.updated);
        if let Some(item) = reader.story(story)? {
            events.push(StoryEvent {
                kind: if created { "created" } else { "updated" },
                story: item.id,
                title: item.title,
                articles: item.articles,
            });
        }
    }
    Ok((done, events))
}
