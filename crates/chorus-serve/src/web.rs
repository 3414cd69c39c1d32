//! The web app: story list, story page (the brief), search, entities. Rendered on the server
//! with maud, which escapes every interpolated value; the only unescaped HTML is tantivy's
//! snippet, which escapes the article text itself and adds `<b>` around matches.

use crate::api::ApiError;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chorus_store::{EntityRecord, SearchHit, StoryListItem, StoryPage, StoryQuery};
use chorus_synthesize::brief::{ArticleRef, Brief, OutletCoverage, Story};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Deserialize;

const CSS: &str = include_str!("../assets/app.css");
const JS: &str = include_str!("../assets/app.js");

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/stories/{id}", get(story_page))
        .route("/search", get(search_page))
        .route("/entities", get(entities_page))
        .route("/entities/{name}", get(entity_page))
        .route("/assets/app.css", get(css))
        .route("/assets/app.js", get(js))
        .fallback(not_found)
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        CSS,
    )
        .into_response()
}

async fn js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        JS,
    )
        .into_response()
}

/// An HTML error page with the status of `error`.
fn error_page(error: ApiError) -> Response {
    let status = error.status();
    let body = layout(
        &status.to_string(),
        "",
        html! {
            h1 { (status.canonical_reason().unwrap_or("Error")) }
            p { (error.message()) }
            p { a href="/" { "Back to the stories" } }
        },
    );
    (status, body).into_response()
}

async fn not_found() -> Response {
    error_page(ApiError::not_found("There is no page at this address."))
}

/// The page around every view: header with navigation and search, then `main`.
fn layout(title: &str, query: &str, main: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · Chorus" }
                    link rel="stylesheet" href="/assets/app.css";
                    script src="/assets/app.js" defer {}
                }
                body {
                    a.skip href="#main" { "Skip to content" }
                    header.site {
                        a.brand href="/" { "Chorus" }
                        nav aria-label="Main" {
                            a href="/" { "Stories" }
                            a href="/entities" { "People & organizations" }
                        }
                        form.search action="/search" method="get" role="search" {
                            label.visually-hidden for="q" { "Search articles" }
                            input #q type="search" name="q" value=(query)
                                placeholder="Search articles" maxlength="500";
                            button type="submit" { "Search" }
                        }
                    }
                    div #live.live role="status" aria-live="polite" hidden {}
                    main #main tabindex="-1" { (main) }
                }
            }
        }
        .into_string(),
    )
}

/// Web query parameters: the story list's filters, or a search.
#[derive(Debug, Default, Deserialize)]
struct PageParams {
    q: Option<String>,
    entity: Option<String>,
    outlet: Option<String>,
    cursor: Option<String>,
}

fn story_rows(page: &StoryPage, base: &str) -> Markup {
    html! {
        @if page.stories.is_empty() {
            p.empty { "No stories yet. Ingest articles with " code { "chorus ingest PATH" } "." }
        } @else {
            ol.stories {
                @for s in &page.stories { li { (story_card(s)) } }
            }
        }
        @if let Some(next) = &page.next {
            p.more { a href=(format!("{base}cursor={}", encode(next))) rel="next" { "Older stories →" } }
        }
    }
}

fn story_card(s: &StoryListItem) -> Markup {
    let title = if s.title.is_empty() {
        "Untitled story"
    } else {
        &s.title
    };
    html! {
        article.card data-story=(s.id) {
            h2 { a href=(format!("/stories/{}", s.id)) { (title) } }
            p.meta {
                span { (s.articles) " article" (plural(s.articles)) }
                " · "
                span.independent title="A syndication group (wire copy reprinted) counts once" {
                    (s.independent_sources) " independent source" (plural(s.independent_sources))
                }
                " · "
                span { "updated " time datetime=(s.updated) { (short_time(&s.updated)) } }
            }
            @if s.outlets.is_empty() {
                p.outlets { "Outlets unknown" }
            } @else {
                p.outlets { (s.outlets.join(", ")) }
            }
        }
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `2026-11-25T03:50:00.123Z` as `2026-11-25 03:50 UTC`.
fn short_time(t: &str) -> String {
    match (t.get(..10), t.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => t.to_owned(),
    }
}

/// Percent-encodes a query parameter value.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn home(
    State(state): State<AppState>,
    params: Result<Query<PageParams>, QueryRejection>,
) -> Response {
    let params = match params {
        Ok(Query(p)) => p,
        Err(e) => return error_page(e.into()),
    };
    let mut base = String::from("/?");
    for (name, value) in [
        ("q", &params.q),
        ("entity", &params.entity),
        ("outlet", &params.outlet),
    ] {
        if let Some(v) = value {
            base.push_str(&format!("{name}={}&", encode(v)));
        }
    }
    let query = StoryQuery {
        q: params.q.clone(),
        entity: params.entity.clone(),
        outlet: params.outlet.clone(),
        cursor: params.cursor.clone(),
        limit: Some(30),
        ..Default::default()
    };
    let page = match state.read(move |r| Ok(r.stories(&query)?)).await {
        Ok(page) => page,
        Err(e) => return error_page(e),
    };
    let filter = [
        params.entity.as_deref().map(|e| format!("naming {e}")),
        params.outlet.as_deref().map(|o| format!("covered by {o}")),
        params.q.as_deref().map(|q| format!("matching “{q}”")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    layout(
        "Stories",
        params.q.as_deref().unwrap_or_default(),
        html! {
            h1 { "Stories" @if !filter.is_empty() { " " span.filter { (filter) } } }
            p.lede { "Newest first. Each story is one event as many outlets reported it; wire copy reprinted by several outlets counts as one independent source." }
            div data-live="list" { (story_rows(&page, &base)) }
        },
    )
    .into_response()
}

async fn story_page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let number = match chorus_store::parse_story_id(&id) {
        Ok(n) => n,
        Err(e) => return error_page(e.into()),
    };
    let unwritten = state.read(move |r| Ok(r.unwritten_brief(number)?)).await;
    match unwritten {
        Ok(Some(current)) => {
            if let Err(e) = crate::write_brief_now(&state, current).await {
                return error_page(e);
            }
        }
        Ok(None) => {}
        Err(e) => return error_page(e),
    }
    let brief = state.read(move |r| Ok(r.brief(number)?)).await;
    match brief {
        Ok(Some(brief)) => match brief.stories.first() {
            Some(story) => layout(&story.title, "", render_story(story, &brief)).into_response(),
            None => error_page(ApiError::not_found(
                "This story's brief is being written; reload in a moment.",
            )),
        },
        Ok(None) => error_page(ApiError::not_found(format!("There is no story {id}."))),
        Err(e) => error_page(e),
    }
}

/// Citation numbers: articles in the brief's order, from 1.
struct Citations<'a> {
    articles: &'a [ArticleRef],
    /// Each article's position, so that a citation costs one look-up, not a scan.
    positions: std::collections::HashMap<&'a str, usize>,
}

impl<'a> Citations<'a> {
    fn new(articles: &'a [ArticleRef]) -> Citations<'a> {
        let mut positions = std::collections::HashMap::with_capacity(articles.len());
        for (i, a) in articles.iter().enumerate() {
            positions.entry(a.id.as_str()).or_insert(i);
        }
        Citations {
            articles,
            positions,
        }
    }

    fn number(&self, id: &str) -> Option<usize> {
        self.positions.get(id).map(|i| i + 1)
    }

    fn label(&self, id: &str) -> String {
        self.positions
            .get(id)
            .map(|&i| &self.articles[i])
            .map(|a| {
                let outlet = a.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET);
                match &a.title {
                    Some(t) => format!("{outlet}: {t}"),
                    None => outlet.to_owned(),
                }
            })
            .unwrap_or_else(|| id.to_owned())
    }

    fn cite(&self, sources: &[String]) -> Markup {
        html! {
            span.cites {
                @for id in sources {
                    @if let Some(n) = self.number(id) {
                        a.cite href=(format!("#source-{n}")) title=(self.label(id)) { "[" (n) "]" }
                    }
                }
            }
        }
    }
}

/// Who said a group of quotes, as the story page heads it.
#[derive(PartialEq, Eq)]
enum Speaker<'a> {
    /// A named speaker, with an entity page.
    Named(&'a str),
    /// An unnamed speaker as the sources describe it.
    Described(&'a str),
    /// No source says who spoke.
    Unattributed,
}

fn render_story(story: &Story, brief: &Brief) -> Markup {
    let cites = Citations::new(&brief.articles);
    // Named speakers link to their entity page; an unnamed one is shown as described.
    let mut speakers: Vec<(Speaker, Vec<&chorus_synthesize::brief::StoryQuote>)> = Vec::new();
    for q in &story.quotes {
        let speaker = match (&q.speaker, &q.described_as) {
            (Some(name), _) => Speaker::Named(name),
            (None, Some(d)) => Speaker::Described(d),
            (None, None) => Speaker::Unattributed,
        };
        match speakers.iter_mut().find(|(s, _)| *s == speaker) {
            Some((_, list)) => list.push(q),
            None => speakers.push((speaker, vec![q])),
        }
    }
    html! {
        article.brief {
            h1 { (story.title) }
            p.meta {
                @if let Some(date) = &story.date { time datetime=(date) { (date) } " · " }
                @if let Some(place) = &story.place { (place) " · " }
                (story.articles.len()) " article" (plural(story.articles.len() as u32)) " · "
                (story.coverage.independent_sources) " independent source"
                (plural(story.coverage.independent_sources as u32))
            }
            section aria-labelledby="summary" {
                h2 #summary { "What happened" }
                @for s in &story.summary { p { (s.text) " " (cites.cite(&s.sources)) } }
            }
            @if !story.facts.is_empty() {
                section aria-labelledby="facts" {
                    h2 #facts { "Facts and who confirms them" }
                    ul.facts {
                        @for f in &story.facts {
                            li {
                                span class=(if f.independent_sources > 1 { "badge confirmed" } else { "badge single" })
                                    title="Independent sources: a syndication group counts once" {
                                    @if f.independent_sources > 1 { (f.independent_sources) " sources" } @else { "1 source" }
                                }
                                " " (f.text) " " (cites.cite(&f.sources))
                            }
                        }
                    }
                }
            }
            @if !speakers.is_empty() {
                section aria-labelledby="quotes" {
                    h2 #quotes { "Who said what" }
                    @for (speaker, quotes) in &speakers {
                        div.speaker {
                            h3 {
                                @match speaker {
                                    Speaker::Named(name) => { a href=(format!("/entities/{}", encode(name))) { (name) } }
                                    Speaker::Described(d) => { "Unnamed: " (d) }
                                    Speaker::Unattributed => { "Unattributed" }
                                }
                                @if let Some(role) = quotes.iter().find_map(|q| q.role.as_deref()) { span.role { ", " (role) } }
                            }
                            @for q in quotes { blockquote { "“" (q.text) "” " (cites.cite(&q.sources)) } }
                        }
                    }
                    @if story.more_quotes > 0 { p.meta { "…and " (story.more_quotes) " more quotes." } }
                }
            }
            @if !story.timeline.is_empty() {
                section aria-labelledby="timeline" {
                    h2 #timeline { "Timeline" }
                    ol.timeline {
                        @for t in &story.timeline {
                            li {
                                time datetime=(t.date) { (t.date) }
                                p { (t.text) " " (cites.cite(&t.sources))
                                    @if !t.corroborated_by.is_empty() { span.also { " also reported by " (cites.cite(&t.corroborated_by)) } }
                                }
                            }
                        }
                    }
                }
            }
            @if !story.divergences.is_empty() {
                section aria-labelledby="divergences" {
                    h2 #divergences { "Where outlets disagree" }
                    @for d in &story.divergences {
                        div.divergence {
                            h3 { (d.about) }
                            div.variants {
                                @for v in &d.variants { blockquote { (v.text) " " (cites.cite(&v.sources)) } }
                            }
                        }
                    }
                }
            }
            @if !story.entities.is_empty() {
                section aria-labelledby="entities" {
                    h2 #entities { "Who was involved" }
                    ul.entities {
                        @for e in story.entities.iter().filter(|e| e.kind != "place").take(24) {
                            li {
                                a href=(format!("/entities/{}", encode(&e.name))) { (e.name) }
                                @if !e.roles.is_empty() { span.role { " — " (e.roles.join(", ")) } }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="coverage" {
                h2 #coverage { "Coverage" }
                @if let Some(first) = &story.coverage.first_reported {
                    p { "First reported by " (cites.label(first)) " " (cites.cite(std::slice::from_ref(first))) "." }
                }
                (coverage_chart(story, brief, &cites))
                @for g in &story.syndication {
                    p.syndication {
                        "Syndicated: " (g.articles.len()) " articles share passages"
                        @if !g.identical.is_empty() {
                            " (" (g.identical.iter().map(Vec::len).sum::<usize>()) " of them identical copies)"
                        }
                        @if let Some(origin) = &g.origin { ", likely from " (cites.label(origin)) }
                        " " (cites.cite(&g.articles)) " — counted as one source."
                    }
                }
                @for a in &story.coverage.agencies { p { "Agency credited: " (a.text) " " (cites.cite(&a.sources)) } }
                @for u in &story.coverage.upstream { p { "Cites: " (u.text) " " (cites.cite(&u.sources)) } }
            }
            section aria-labelledby="sources" {
                h2 #sources { "Sources" }
                ol.sources {
                    @for (i, a) in brief.articles.iter().enumerate() {
                        li #(format!("source-{}", i + 1)) {
                            strong { (a.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET)) }
                            " — "
                            @match (&a.url, &a.title) {
                                (Some(url), title) if url.starts_with("http://") || url.starts_with("https://") => {
                                    a href=(url) rel="noopener noreferrer nofollow" { (title.as_deref().unwrap_or(url)) }
                                }
                                (_, title) => { (title.as_deref().unwrap_or(&a.id)) }
                            }
                            @if let Some(p) = &a.published { " · " time datetime=(p) { (p) } }
                            @if let Some(b) = &a.byline { " · " (b) }
                        }
                    }
                }
            }
        }
    }
}

/// How an article whose outlet is not known is shown (never by its id or file name).
const UNKNOWN_OUTLET: &str = "Unknown outlet";

/// Seconds since the epoch of a date or date-time, if it parses.
fn epoch(t: &str) -> Option<i64> {
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(t) {
        return Some(d.timestamp());
    }
    chrono::NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp())
}

/// Who reported when, and who copied whom: a row per outlet, a dot per article placed by its
/// publication time (by arrival order when times are missing), a dashed line from each copy to
/// the origin of its syndication group.
fn coverage_chart(story: &Story, brief: &Brief, cites: &Citations) -> Markup {
    let unknown = OutletCoverage {
        outlet: UNKNOWN_OUTLET.to_owned(),
        articles: story.coverage.unknown_outlet.clone(),
    };
    let outlets: Vec<&OutletCoverage> = story
        .coverage
        .outlets
        .iter()
        .chain((!unknown.articles.is_empty()).then_some(&unknown))
        .collect();
    if outlets.is_empty() {
        return html! {};
    }
    let (left, width, row) = (150.0, 640.0, 28.0);
    let height = row * outlets.len() as f64 + 36.0;
    let times: Vec<Option<i64>> = story
        .articles
        .iter()
        .map(|id| {
            brief
                .articles
                .iter()
                .find(|a| &a.id == id)
                .and_then(|a| a.published.as_deref())
                .and_then(epoch)
        })
        .collect();
    let dated = times.iter().all(Option::is_some);
    let (lo, hi) = if dated {
        let ts = times.iter().flatten();
        (
            ts.clone().min().copied().unwrap_or(0),
            ts.max().copied().unwrap_or(0),
        )
    } else {
        (0, story.articles.len().saturating_sub(1) as i64)
    };
    let span = (hi - lo).max(1) as f64;
    let position = |i: usize| -> (f64, f64) {
        let id = &story.articles[i];
        let value = if dated {
            times[i].unwrap_or(lo)
        } else {
            i as i64
        };
        let x = left + 10.0 + (value - lo) as f64 / span * (width - left - 30.0);
        let r = outlets
            .iter()
            .position(|o| o.articles.contains(id))
            .unwrap_or(0);
        (x, 18.0 + row * r as f64 + row / 2.0)
    };
    let mut positions = std::collections::HashMap::with_capacity(story.articles.len());
    for (i, a) in story.articles.iter().enumerate() {
        positions.entry(a.as_str()).or_insert(i);
    }
    let index_of = |id: &str| positions.get(id).copied();
    html! {
        figure.chart {
            svg viewBox=(format!("0 0 {width} {height}")) role="img"
                aria-label=(format!("Coverage by {} known outlets: who reported when, and who copied whom", story.coverage.outlets.len())) {
                @for (r, o) in outlets.iter().enumerate() {
                    @let y = 18.0 + row * r as f64 + row / 2.0;
                    text x="4" y=(y + 4.0) class="label" { (truncate(&o.outlet, 22)) }
                    line x1=(left) x2=(width - 10.0) y1=(y) y2=(y) class="lane" {}
                }
                @for g in &story.syndication {
                    @if let Some(origin) = g.origin.as_deref().and_then(index_of) {
                        @for copy in g.articles.iter().filter_map(|a| index_of(a)).filter(|&c| c != origin) {
                            @let (x1, y1) = position(origin);
                            @let (x2, y2) = position(copy);
                            line x1=(x1) y1=(y1) x2=(x2) y2=(y2) class="copy" {}
                        }
                    }
                }
                @for i in 0..story.articles.len() {
                    @let (x, y) = position(i);
                    a href=(cites.number(&story.articles[i]).map(|n| format!("#source-{n}")).unwrap_or_default()) {
                        circle cx=(x) cy=(y) r="6" class="dot" {
                            title { (cites.label(&story.articles[i])) }
                        }
                    }
                }
                text x=(left) y=(height - 4.0) class="axis" {
                    @if dated { "earliest →  latest publication time" } @else { "arrival order" }
                }
            }
            figcaption { "Each dot is an article, in its outlet's row; a dashed line joins a copy to the origin of its syndication group." }
        }
    }
}

fn truncate(s: &str, chars: usize) -> String {
    if s.chars().count() <= chars {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(chars - 1).collect();
        t.push('…');
        t
    }
}

async fn search_page(
    State(state): State<AppState>,
    params: Result<Query<PageParams>, QueryRejection>,
) -> Response {
    let q = match params {
        Ok(Query(p)) => p.q.unwrap_or_default(),
        Err(e) => return error_page(e.into()),
    };
    if q.trim().is_empty() {
        return layout(
            "Search",
            "",
            html! { h1 { "Search" } p { "Type words, or a \"quoted phrase\", in the search box." } },
        )
        .into_response();
    }
    let lookup = q.clone();
    let hits = state.read(move |r| Ok(r.search(&lookup, 50)?)).await;
    let (status, body) = match hits {
        Ok(hits) => (StatusCode::OK, render_hits(&q, &hits)),
        Err(e) if e.status() == StatusCode::BAD_REQUEST => (
            StatusCode::BAD_REQUEST,
            html! { h1 { "Search" } p.error { (e.message()) } },
        ),
        Err(e) => return error_page(e),
    };
    (status, layout(&format!("Search: {q}"), &q, body)).into_response()
}

fn render_hits(q: &str, hits: &[SearchHit]) -> Markup {
    html! {
        h1 { "Articles matching “" (q) "”" }
        @if hits.is_empty() { p.empty { "No article matches." } }
        ol.hits {
            @for h in hits {
                li {
                    h2 { a href=(format!("/stories/{}", h.story)) { (if h.title.is_empty() { &h.id } else { &h.title }) } }
                    p.meta {
                        (h.outlet.as_deref().unwrap_or("Unknown outlet"))
                        @if let Some(p) = &h.published { " · " (p) }
                    }
                    // Tantivy escapes the text and marks matches with <b>.
                    p.snippet { (PreEscaped(&h.snippet)) }
                }
            }
        }
    }
}

async fn entities_page(
    State(state): State<AppState>,
    params: Result<Query<PageParams>, QueryRejection>,
) -> Response {
    let q = match params {
        Ok(Query(p)) => p.q,
        Err(e) => return error_page(e.into()),
    };
    let lookup = q.clone();
    let found = match state
        .read(move |r| Ok(r.entities(lookup.as_deref(), 200)?))
        .await
    {
        Ok(found) => found,
        Err(e) => return error_page(e),
    };
    layout(
        "People & organizations",
        "",
        html! {
            h1 { "People & organizations" }
            ul.entity-list {
                @for e in found.iter().filter(|e| e.kind != "place") {
                    li {
                        a href=(format!("/entities/{}", encode(&e.name))) { (e.name) }
                        " " span.meta { (e.stories) " stor" (if e.stories == 1 { "y" } else { "ies" }) }
                    }
                }
            }
        },
    )
    .into_response()
}

async fn entity_page(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    let lookup = name.clone();
    match state.read(move |r| Ok(r.entity(&lookup)?)).await {
        Ok(Some(record)) => layout(&record.name, "", render_entity(&record)).into_response(),
        Ok(None) => error_page(ApiError::not_found(format!("No story names {name}."))),
        Err(e) => error_page(e),
    }
}

fn render_entity(e: &EntityRecord) -> Markup {
    html! {
        h1 { (e.name) }
        p.meta { (e.kind) @if !e.roles.is_empty() { " · " (e.roles.join(", ")) } }
        @if !e.quotes.is_empty() {
            section aria-labelledby="said" {
                h2 #said { "What " (e.name) " said" }
                @for q in &e.quotes {
                    blockquote { "“" (q.text) "” " a href=(format!("/stories/{}", q.story)) { "(story)" } }
                }
            }
        }
        section aria-labelledby="in-stories" {
            h2 #in-stories { "Stories" }
            ol.stories { @for s in &e.stories { li { (story_card(s)) } } }
        }
    }
}
