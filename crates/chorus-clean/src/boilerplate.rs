//! Boilerplate that outlets leave inside article text: "Also read:" and "Read more" link lines,
//! tag and keyword lines, lists of unrelated headlines after the article ("Most Popular"), photo
//! captions and credits, newsletter and share prompts, furniture labels ("Kontakt:", "Mehr zum
//! Thema"), in English and the other common languages of the web. At the text's edges only, where
//! furniture sits and the same words inside the article would be news: promotion and ad
//! disclosures, date-only lines, contact details and the site's own prompts.
//!
//! Written by hand: HTML extractors work on the DOM, and no crate cleans text that arrives
//! already flattened (plain text, feed content, the output of an extractor). Every rule looks at
//! the shape of a whole paragraph or sentence, never at the words of one article, and leans to
//! keeping: a paragraph is dropped only when a rule is sure, and a caption is cut out of a
//! paragraph only as a whole sentence.

use regex::Regex;
use std::sync::LazyLock;

/// A short paragraph that opens with a prompt or link label.
static PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:
            also\ read | read\ also | read\ more | read\ next | more\ on\ this | see\ also
            | related(?:\ (?:stories|articles|news|coverage|content|links|reading))?\s*:
            | (?:watch|listen|video|photos?|gallery|podcast|recommended|suggested)\s*:
            | click\ here | tap\ here | sign\ up | subscribe\ (?:to|now|for|here|today)
            | (?:follow|like|join)\ us | join\ our | share\ (?:this|on|via)
            | download\ (?:our|the)\ app | get\ (?:our|the)\ (?:newsletter|app)
            | (?:don['’]t|never)\ miss | story\ continues | continue\ reading
            | this\ story\ (?:has\ been|was)\ (?:shared|viewed)
        )",
    )
    .expect("valid regex")
});

/// Site promotion that outlets put before or after the article: subscription and membership
/// prompts, app and social-media plugs, copyright notices, advertising and affiliate-link
/// disclosures, in the languages of the web.
static PROMOTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)©|(?-u:\b)copyright\s*(?:©|\(c\)|\d{4}|by(?-u:\b)|[|:])|^\W*copyright(?-u:\b)|\|\s*copyright(?-u:\b)
            |all\ rights\ reserved|derechos\ reservados|alle\ rechte|tous\ droits
            |(?-u:\b)subscri(?:be|ber|bers|ption)(?-u:\b)|(?-u:\b)newsletter(?-u:\b)|(?-u:\b)suscr[ií]b|(?-u:\b)abonn(?:ez|ieren|ement)
            |follow\ (?:us|the\ \S+)\ on(?-u:\b)|download\ (?:the|our)(?-u:\b).{0,40}(?-u:\b)apps?(?-u:\b)|(?:whatsapp|telegram)[-\ ](?:channel|kanal|canal|group|gruppe|grupo)
            |(?:folgen?|follow|join|abonnier\w*|únete|s[ií]guenos|suscr[ií]bete)(?-u:\b).{0,40}(?:whatsapp|telegram)
            |(?-u:\b)log\ in(?-u:\b).{0,30}(?-u:\b)access|letter\ to\ the\ editor|hazte\ miembro|únete
            |written\ permission|cancela\ cuando
            |^\W*(?:werbung|anzeige|sponsored|publicidad|reklama)\s*(?:[:.,\])–—|-]|$)
            |affiliate[-\ ]links?|canal\ de\ youtube|youtube[-\ ]kanal|youtube\ channel",
    )
    .expect("valid regex")
});

/// A paragraph that is only a site-furniture label.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:advertisement|advertising|sponsored(?:\ content)?|ad|skip\ ad|share|tweet|email
            |print|comments?|share\ this\ (?:article|story)|loading|most\ (?:popular|read|viewed|shared)
            |trending(?:\ now)?|related|top\ stories|latest(?:\ news)?|the\ latest|you\ may\ also\ like
            |recommended(?:\ for\ you)?|more\ stories|editor['’]s\ picks?)\s*[.:]?$",
    )
    .expect("valid regex")
});

/// A heading, in German, French, Spanish, Portuguese or Polish, that opens a list of other
/// stories ("more on this topic", "you may also like", "most read", "read also").
static LIST_MARKER_INTL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:
            (?:weitere|mehr)\ (?:themen|artikel|beiträge|nachrichten|news)(?:\ aus\ der\ \S+)?
            | mehr\ zum\ thema | auch\ interessant | schon\ gelesen
            | lesen\ sie\ auch(?:\ die\ folgenden\ beiträge)?
            | (?:das|dies)\ (?:thema\ )?könnte\ (?:dich|sie|euch)\ auch\ interessieren
            | diese[rs]?\ (?:artikel|beiträge?)\ könnten?\ (?:dich|sie|euch)\ (?:auch|ebenfalls)\ interessieren
            | (?:empfohlene|neueste|ähnliche|verwandte)\ (?:artikel|beiträge|nachrichten|themen)
            | meist(?:-|\ )?(?:gelesen|diskutiert|kommentiert|geteilt)(?:e\ artikel)?
            | à\ lire\ (?:aussi|également) | lire\ aussi | voir\ aussi
            | lea\ también | le\ puede\ interesar | también\ te\ puede\ interesar | leia\ também
            | czytaj\ (?:też|także|również) | zobacz\ (?:też|także)
        )\s*[.:!?]?$",
    )
    .expect("valid regex")
});

/// A paragraph that is only some other site-furniture label in German: "more information",
/// "further reading", "comments", "share", "contact", "sources", "advertisement", "loading",
/// an orphaned "by:".
static LABEL_INTL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:
            (?:weitere|mehr)\ (?:informationen|infos)(?:\ zum\ thema)? | zum\ weiterlesen
            | kommentare?(?:\ schreiben)? | kommentar\ (?:schreiben|verfassen) | keine\ kommentare
            | \d+\ kommentare? | kommentieren
            | (?:jetzt\ |artikel\ |beitrag\ )?teilen(?:\ mit)? | teile\ (?:mich|diesen\ beitrag)
            | (?:wird|werden)\ geladen | externer\ inhalt | anzeige | werbung | kontakt
            | quellen(?:angaben)? | zusatzinformationen | von | veröffentlichung | veröffentlicht
        )\s*[.:!?]?$",
    )
    .expect("valid regex")
});

/// A tag or keyword line.
static TAGS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:tags|keywords|topics|filed\ under|categories|category)\s*:")
        .expect("valid regex")
});

/// A heading that opens a list of other stories.
static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:most\ (?:popular|read|viewed|shared)|related\ (?:stories|articles|news|posts)
            |more\ (?:stories|news|from\ \S.*)|you\ (?:may|might)\ also\ like|read\ next|top\ stories
            |trending(?:\ now)?|recommended(?:\ for\ you)?|latest\ news|the\ latest|editor['’]s\ picks?)\s*:?$",
    )
    .expect("valid regex")
});

/// A paragraph that is a photo caption or credit line, or a numbered figure caption.
static CAPTION_PARAGRAPH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:(?:photo|image|picture|photograph|file\ photo|pictured|caption)\s*(?::|/|\||by(?-u:\b))
            |\((?:photo|image|file)(?-u:\b)[^)]*\)$
            |(?:photo|image)\ (?:credit|courtesy)(?-u:\b)
            |(?:abbildung|abb\.|figure|fig\.)\s*\d+\s*[:.])",
    )
    .expect("valid regex")
});

/// A short paragraph that credits a picture or names a source, in the languages of the web:
/// "Foto: …", "Bildquelle: …", "Quelle: …", "Crédits photos : …", "© Agency | Name",
/// "(Credit: …)", "Fot. …".
static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:
            (?:fotos?|fot\.|bild(?:er|quelle|nachweis)?|titelbild|beitragsbild|quelle|source
                |credits?|crédits?(?:\ photos?)?|image\ illustrative)\s*:
            | fot\.\s | © | \(\s*credits?\s*:
        )",
    )
    .expect("valid regex")
});

/// A credit line has at most this many words.
const CREDIT_LINE_MAX_WORDS: usize = 15;

/// The site's own interface speaking, in English or German: a consent button for embedded
/// content, a log-in-to-comment notice, a call to comment or a comment count, a pointer to
/// "more information at" another address, a link to the next or previous article.
static SITE_PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
            ^(?:klicken\ sie\ auf\ den\ (?:unteren\ )?button|click\ (?:on\ )?the\ button\ (?:below\ )?to\ load)
            | müssen\ sie\ (?:eingeloggt|angemeldet)\ sein | you\ must\ be\ logged\ in
            | (?:verraten|schreiben|sagen)\ sie\ (?:uns\ )?(?:gerne\ )?in\ den\ kommentaren
            | schreibt?\ (?:uns\ |es\ )?(?:gerne\ )?in\ die\ kommentare | let\ us\ know\ in\ the\ comments
            | ^kommentare\ insgesamt | ^keine\ kommentare\s*(?:\(|$)
            | ^(?:weitere|mehr)\ (?:infos?|informationen)(?:\ finden\ sie)?\ (?:unter|auf)\ 
            | ^mehr\ zum\ thema\ (?:auf|unter|bei)\ 
            | ^vorschau\ auf\ den\ nächsten\ artikel | ^(?:zum\ )?(?:nächste|vorherige)[rn]?\ artikel",
    )
    .expect("valid regex")
});

/// A site prompt has at most this many words.
const SITE_PROMPT_MAX_WORDS: usize = 30;

/// A line of contact details: phone, fax, mail or postal address after its label.
static CONTACT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:tel(?:efon)?\.?|fax|e-?mail|phone|mobil|handy|adresse|anschrift|address)\s*[.:]",
    )
    .expect("valid regex")
});

/// A contact line has at most this many words.
const CONTACT_LINE_MAX_WORDS: usize = 15;

/// A date or a time of day as pages stamp them: numeric dates ("23.10.2018", "2021-10-16",
/// "01/23/2020"), dates with an English or German month name ("24. März 2004",
/// "January 22, 2014"), clock times ("19:49", "3:59 PM", "15:00 Uhr").
static DATE_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
            (?-u:\b)\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?-u:\b)
            | (?-u:\b)\d{1,2}\.?\s+(?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)\p{L}*\.?,?\s+\d{4}(?-u:\b)
            | (?-u:\b)(?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)\p{L}*\.?\s+\d{1,2},?\s+\d{4}(?-u:\b)
            | (?-u:\b)\d{1,2}:\d{2}(?:\s*(?:uhr|am|pm|h)(?-u:\b))?",
    )
    .expect("valid regex")
});

/// A photo credit closing a caption sentence: an agency or photographer in parentheses, or an
/// agency/photographer slash credit.
static CAPTION_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &r"(?x)(?:\(\s*(?:Reuters|REUTERS|AP|AFP|EPA|Getty\ Images|Bloomberg|Xinhua|ANI|PTI|IANS|dpa|UPI|Anadolu|SPA|WAM|TASS|Sputnik|File|Associated\ Press
                |(?i:photo|image|picture)s?\s*(?::|by(?-u:\b))[^)]{0,60}|Photo[^)]{0,60}|[^()]{0,60}/(?:Getty\ Images|AP|Reuters|REUTERS|AFP|EPA|Bloomberg)[^()]{0,30}
                |\p{Lu}[^()/\s]*\s[^()/]{1,40}/\s?\p{Lu}[^()]{0,60}|[^()]{0,40}Getty\ Images[^()]{0,30}|via\ \p{Lu}[^()]{0,40})\s*\)
            |(?:REUTERS|AP\ Photo|AFP|EPA)/[LATIN.\-\ ]{2,40}
            |(?:\p{Lu}[LATIN'’\-]*\ ){1,3}?\p{Lu}[LATIN'’\-]*\ ?/\ ?(?:Reuters|REUTERS|AP|AFP|EPA|Getty\ Images|Bloomberg))\s*$"
            .replace("LATIN", chorus_text::LATIN_LETTERS),
    )
    .expect("valid regex")
});

/// A full calendar date as captions state them ("February 18, 2025", "18 February 2025").
static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}
            |\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}",
    )
    .expect("valid regex")
});

/// Media-player, embed and gallery furniture that a flattener leaves as a paragraph of its own
/// (with the player's or the picture's own caption glued to it): a player's close and share
/// buttons, "Media playback is unsupported", "Image caption" and "Image copyright" labels,
/// "Enlarge this image", "toggle caption", playlists ("Replay More Videos"), embedded posts ("A
/// post shared by … on Jun 2, 2024"), gallery counters ("3 of 12."), video blurbs that end with
/// their running time ("(2:31)"), gallery labels ("Photos:"), and script or template leftovers.
static EMBED_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
            ^CLOSE\s | ^JUST\ WATCHED(?-u:\b) | ^MUST\ WATCH(?-u:\b) | (?i:replay\ more\ videos)
            | (?i:skip\ in\ skip|embed\ x\ share)
            | (?i:^media\ playback\ is\ (?:unsupported|not\ supported))
            | (?i:^(?:image|media|video|photo)\ (?:caption|copyright)(?-u:\b))
            | (?i:^(?:enlarge|expand)\ this\ (?:image|photo)|^view\ (?:larger\ )?(?:image|photo|gallery)|^(?:toggle|hide)\ caption)
            | (?i:a\ post\ shared\ by\ .{1,80}\ on\ [a-z]{3,9}\.?\ \d{1,2},\ \d{4})
            | ^\d{1,3}\ of\ \d{1,3}\.\s
            | \(\d{1,2}:\d{2}\)\s*$
            | (?i:^(?:photos?|gallery|slideshow)\s*:)
            | function\s*\(\s*\)\s*\{ | \}\s*\)\s*;\s*\}?\s*\)\s*; | \{\*[^}]{0,80}\*\} | ^//\s | </?div>
        ",
    )
    .expect("valid regex")
});

/// The site's interface speaking inside the text, wherever it stands: JavaScript and cookie
/// notices, sign-in and registration prompts, "follow this topic" buttons, and template
/// placeholders ("[website]").
static INTERFACE_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
            (?:enable|turn\ on|requires?|activate)\ javascript | javascript\ (?:is\ )?(?:disabled|required|is\ not\ enabled)
            | (?:we|this\ (?:site|website))\ uses?\ cookies | (?:accept|allow)\ (?:all\ )?cookies
            | cookie\ (?:policy|settings|preferences|consent)
            | ^(?:please\ )?(?:(?:sign|log)\ ?in|log\ ?on)(?-u:\b) | ^welcome\ back(?-u:\b).{0,30}(?-u:\b)sign\ in
            | already\ have\ an\ account | thank\ you\ for\ (?:registering|signing\ up)
            | (?:agree|consent)\ to\ (?:our|the)\ (?:terms|privacy) | confirmation\ e-?mail
            | click\ here\ to\ (?:return|continue|log\ in|sign\ in)
            | add\ (?:\S+\ ){0,4}as\ an\ interest | \[(?:website|site|name|email)\]
        ",
    )
    .expect("valid regex")
});

/// An interface notice or a piece of embed furniture has at most this many words (a longer
/// paragraph has real text in it).
const FURNITURE_MAX_WORDS: usize = 80;

/// A label a flattener glued to the front of real text: cut the label, keep the text ("Story
/// highlights …", "Continue reading the main story …", "Advertisement …").
static GLUED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:story\ highlights|continue\ reading\ the\ main\ story|story\ continues\ below(?:\ (?:advertisement|this\ ad))?|advertisement|skip\ advertisement)\s+",
    )
    .expect("valid regex")
});

/// A picture credit a flattener glued to the front of real text: a person's name, a comma and a
/// news outlet or picture agency, then the text ("Jane Roe, Reuters The council voted …").
/// Only outlets that credit pictures are listed: after an unknown name the text's start cannot be
/// told from the rest of the name.
static GLUED_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\p{Lu}[\p{Ll}.'’\-]+(?:\s+\p{Lu}[\p{L}.'’\-]+){1,2},\s+(?:Getty\ Images|AP(?:\ Photo)?|Associated\ Press|Reuters|AFP|EPA|Bloomberg|Shutterstock|Business\ Insider|Insider|CNN|BBC|NPR|NBC\ News|CBS\ News|ABC\ News|Fox\ News|Sky\ News|Al\ Jazeera|(?:The\ )?New\ York\ Times|(?:The\ )?Washington\ Post|(?:The\ )?Wall\ Street\ Journal|(?:The\ )?Guardian|USA\ TODAY|USA\ Today|Los\ Angeles\ Times|Chicago\ Tribune|Newsweek|Politico|HuffPost|(?:The\ )?Huffington\ Post|Wired|The\ Verge|TechCrunch|Mashable|Daily\ Mail|(?:The\ )?Telegraph|(?:The\ )?Independent|Flickr|Wikimedia\ Commons)\s+",
    )
    .expect("valid regex")
});

/// Words that go on a credit's name as a title ("Jane Roe, Reuters Bureau Chief, said …"): after
/// them the credit is no picture credit but an apposition.
const CREDIT_TITLE_WORDS: &[&str] = &[
    "Bureau",
    "Chief",
    "Correspondent",
    "Editor",
    "Reporter",
    "Staff",
    "Writer",
    "Photographer",
    "Contributor",
    "Columnist",
    "Producer",
    "Senior",
    "Managing",
    "Deputy",
    "Executive",
    "Anchor",
    "Analyst",
    "Host",
    "Contributing",
    "White",
    "Washington",
    "Business",
    "Technology",
    "National",
    "Foreign",
    "Political",
    "Chief's",
    "Staffer",
];

/// A paragraph that opens with a picture credit: a name, a slash and a photo agency or desk
/// ("Jane Roe/Getty Images …", "John Doe / For The Ledger …"); the paragraph is a caption.
static LEADING_PHOTO_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\p{Lu}[\p{L}.'’\-]*(?:\s+\p{Lu}[\p{L}.'’\-]*){1,3}\s?/\s?(?:Getty\ Images|AP(?:\ Photo)?|AFP|Reuters|REUTERS|EPA|Bloomberg|Shutterstock|Contributor|Staff|For\ [Tt]he\ \p{Lu}|The\ \p{Lu}[\p{L}]*\ (?:Times|News|Post|Press|Journal|Herald|Tribune))(?-u:\b)",
    )
    .expect("valid regex")
});

/// A caption has at most this many words.
const CAPTION_MAX_WORDS: usize = 60;

/// A line that is only a picture credit: names joined by slashes ("Jane Roe/The Ledger",
/// "Getty Images / Jane Roe / Contributor"), or "… via Getty Images".
static CREDIT_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    let name = r"\p{Lu}[\p{L}.'’&\-]*(?:\s+(?:\p{Lu}[\p{L}.'’&\-]*|of|the|for|via))*";
    Regex::new(&format!(
        r"^(?:{name}\s?/\s?{name}(?:\s?/\s?(?:{name})?)*|{name}\s+via\s+(?:Getty\ Images|AP|Reuters|AFP|EPA))\s*$"
    ))
    .expect("valid regex")
});

/// A credit line has at most this many words.
const CREDIT_ONLY_MAX_WORDS: usize = 12;

/// A link line that opens with a short label and a bar ("RELATED | …", "Watch the report | …").
static BAR_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}'’]*(?:\s+\p{L}[\p{L}'’]*){0,3}\s+\|\s").expect("valid regex")
});

/// A link line has at most this many words.
const BAR_LABEL_MAX_WORDS: usize = 40;

/// A link line that opens with a label in capitals and a colon ("STORY: …", "MAP: …",
/// "WATCH: …"); a line that ends as a sentence does ("UPDATE: Police said ….") is news and stays.
static CAPS_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[{}]{{2,12}}:\s+\S",
        chorus_text::LATIN_CAPITALS
    ))
    .expect("valid regex")
});

/// A capitals-label link line has at most this many words.
const CAPS_LABEL_MAX_WORDS: usize = 20;

/// A teaser list glued to its heading ("Editor's Picks Headline one … Headline two …",
/// "Related Topic: Headline …").
static GLUED_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?i:editor['’]s\ picks?|you\ (?:may|might)\ also\ like|most\ (?:popular|read|viewed|shared)|more\ from\ (?-i:\S+))\s+\p{Lu}
            | ^(?i:related)\s+[^.:!?]{1,40}:\s",
    )
    .expect("valid regex")
});

/// A sentence that points at embedded media ("You can watch the briefing below:", "Check out
/// the posts below.").
static EMBED_POINTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:you\ can\ )?(?:check\ out|see|watch|listen\ to|view|read)|here\ (?:is|are)|here['’]s)(?-u:\b)(?-i:[^.!?]){0,80}(?-u:\b)(?:below|above)\s*[:.!]?$",
    )
    .expect("valid regex")
});

/// A sentence that describes the embedded media itself, not the news ("This footage is an
/// excerpt from …", "This video is no longer available.", "Video courtesy of …"): the media is
/// not in the text, so the sentence tells the reader nothing. What the media shows ("The video
/// shows the officer …") is news and stays.
static MEDIA_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:this|the\ (?:above|below|following))\ (?:video|footage|clip|audio|recording|livestream)(?:\ clip)?\ (?:is|was|has\ been|contains|may\ contain)\ (?:an\ excerpt|excerpted|an\ edited|edited|no\ longer|not\ available|unavailable|courtesy|provided|taken\ from|part\ of|embedded|graphic|shortened)|(?:video|footage|audio)\ (?:courtesy\ of|provided\ by|credit|by\ courtesy))",
    )
    .expect("valid regex")
});

/// A media note has at most this many words.
const MEDIA_NOTE_MAX_WORDS: usize = 40;

/// An embed pointer has at most this many words.
const EMBED_POINTER_MAX_WORDS: usize = 20;

/// At the text's edges: the reporter's contact line, a bare handle or site name, a prompt to
/// send the newsroom pictures, a sign-off that the story is developing, a share link.
static EDGE_SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
            ^(?:call|contact|e-?mail|reach|write\ to)\s.{0,120}(?:\d{3}[-.\s]\d{3}[-.\s]\d{4}|@|twitter)
            | follow\ (?:him|her|them|me|us)\ (?:on|at)\ twitter | follow\ @\w
            | ^(?:(?:twitter|instagram)\s*:\s*)?@\w+\.?$ | ^(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,6}$
            | ^send\ us\ your\ (?:photos|images|pictures|videos?|stories|story)
            | ^are\ you\ (?:there|in\ the\ (?:area|region))\?
            | this\ (?:story\ is|is\ a)\ developing(?:\ story)? | check\ back\ (?:later\ )?for\ updates
            | ^(?:want|need)\ more\? | read\ or\ share\ this\ story | ^contributing\s*:
        ",
    )
    .expect("valid regex")
});

/// A contributors line at the end ("With Jane Roe, John Doe and Ann Poe").
static WITH_CONTRIBUTORS: LazyLock<Regex> = LazyLock::new(|| {
    // Latin classes: the name is repeated (see `chorus_text::LATIN_LETTERS`).
    let (cap, letter) = (chorus_text::LATIN_CAPITALS, chorus_text::LATIN_LETTERS);
    let name = format!(r"[{cap}][{letter}'’.\-]*(?:\s+[{cap}][{letter}'’.\-]*){{1,3}}");
    Regex::new(&format!(
        r"^With\s+{name}(?:,\s+{name})*(?:,?\s+and\s+{name})?\.?$"
    ))
    .expect("valid regex")
});

/// Two teasers run together by a flattener: sentence end or lowercase word glued to a
/// capitalized word ("…trade effectsUK Backs…", "…cooperation.Garuda to…").
static GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\p{Ll}{2}[.!?]\p{Lu}|\p{Ll}{3}\p{Lu}").expect("valid regex"));

/// Removes boilerplate paragraphs and caption sentences; returns the article's own paragraphs.
pub fn strip(paragraphs: Vec<String>) -> Vec<String> {
    let paragraphs = cut_trailing_lists(paragraphs);
    let n = paragraphs.len();
    paragraphs
        .into_iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let p = cut_glued_credit(cut_glued_label(&p));
            let drop = is_boilerplate_paragraph(p) || at_edge(i, n) && is_edge_furniture(n, p);
            (!drop).then(|| cut_furniture_sentences(p))?
        })
        .collect()
}

/// Whether boilerplate removal leaves a line exactly as it is when it stands alone: no label,
/// caption, credit, notice or furniture in it. A headline must pass this test.
pub fn is_clean_line(line: &str) -> bool {
    strip(vec![line.to_owned()]).first().map(String::as_str) == Some(line.trim())
        && !line.trim().is_empty()
}

/// The paragraph without a label glued to its front ([`GLUED_LABEL`]), when text follows it.
fn cut_glued_label(p: &str) -> &str {
    match GLUED_LABEL.find(p) {
        Some(m) if m.end() < p.len() => p[m.end()..].trim_start(),
        _ => p,
    }
}

/// The paragraph without a picture credit glued to its front ([`GLUED_CREDIT`]), when a
/// sentence follows it: a capitalized word that is no title ("Reuters Bureau Chief" is an
/// apposition) and a word in lower case among the next four (a verb before any comma).
fn cut_glued_credit(p: &str) -> &str {
    let Some(m) = GLUED_CREDIT.find(p) else {
        return p;
    };
    let rest = &p[m.end()..];
    let mut words = rest.split_whitespace();
    let Some(first) = words.next() else {
        return p;
    };
    let starts_sentence = first.chars().next().is_some_and(char::is_uppercase)
        && !CREDIT_TITLE_WORDS.contains(&first.trim_end_matches(','))
        && !first.ends_with(',')
        && std::iter::once(first)
            .chain(words)
            .take(4)
            .take_while(|w| !w.ends_with(','))
            .any(|w| w.chars().next().is_some_and(char::is_lowercase));
    if starts_sentence {
        rest
    } else {
        p
    }
}

/// Cuts the sentences of furniture out of the end of a paragraph: a photo caption with its
/// credit, a pointer to embedded media. `None` when nothing of the paragraph is left.
fn cut_furniture_sentences(p: &str) -> Option<String> {
    let p = remove_caption_sentence(p)?;
    let p = remove_media_notes(p)?;
    // Only a paragraph that ends with "below" or "above" is segmented to look for a pointer.
    let end = p.trim_end().trim_end_matches([':', '.', '!']).trim_end();
    let tail = end.get(end.len().saturating_sub(5)..).unwrap_or("");
    if !(tail.eq_ignore_ascii_case("below") || tail.eq_ignore_ascii_case("above")) {
        return Some(p);
    }
    let start = last_sentence_start(&p);
    let last = p[start..].trim();
    if last.split_whitespace().count() <= EMBED_POINTER_MAX_WORDS && EMBED_POINTER.is_match(last) {
        let kept = p[..start].trim_end();
        return (!kept.is_empty()).then(|| kept.to_owned());
    }
    Some(p)
}

/// Leaves the sentences that describe embedded media ([`MEDIA_NOTE`]) out of a paragraph. `None`
/// when nothing of it is left. Only a paragraph that names a video, footage, a clip or audio is
/// segmented.
fn remove_media_notes(p: String) -> Option<String> {
    let lower = p.to_lowercase();
    if ![
        "video",
        "footage",
        "clip",
        "audio",
        "recording",
        "livestream",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        return Some(p);
    }
    let sentences = chorus_text::sentences::segment(&p);
    let is_note = |text: &str| {
        text.split_whitespace().count() <= MEDIA_NOTE_MAX_WORDS && MEDIA_NOTE.is_match(text)
    };
    if !sentences.iter().any(|s| is_note(s.span.of(&p).trim())) {
        return Some(p);
    }
    let kept: Vec<&str> = sentences
        .iter()
        .map(|s| s.span.of(&p).trim())
        .filter(|text| !is_note(text))
        .collect();
    (!kept.is_empty()).then(|| kept.join(" "))
}

/// Whether a paragraph is at the start or the end of the text (the first two, the last four),
/// where site furniture sits: there a sign-off ([`EDGE_SIGN_OFF`], [`WITH_CONTRIBUTORS`]) is
/// furniture.
fn at_edge(index: usize, count: usize) -> bool {
    index < 2 || index + 4 >= count
}

/// Whether a short paragraph promotes the site rather than telling the story; only checked at
/// the edges ([`at_edge`]): inside the article the same words ("subscribers", "copyright") are
/// news and stay.
fn is_promotion(count: usize, p: &str) -> bool {
    count > 2 && p.split_whitespace().count() <= 50 && PROMOTION.is_match(p)
}

/// Whether a paragraph at the edges ([`at_edge`]) is furniture that the same words would not
/// make inside the article: promotion, a date stamp, contact details, a site prompt.
fn is_edge_furniture(count: usize, p: &str) -> bool {
    let words = p.split_whitespace().count();
    is_promotion(count, p)
        || is_date_stamp(p)
        || is_contact(p)
        || words <= SITE_PROMPT_MAX_WORDS && SITE_PROMPT.is_match(p)
        || words <= SITE_PROMPT_MAX_WORDS && EDGE_SIGN_OFF.is_match(p)
        || WITH_CONTRIBUTORS.is_match(p)
}

/// Whether a short paragraph is a line of contact details (a press contact's phone or mail);
/// only checked at the edges ([`at_edge`]).
fn is_contact(p: &str) -> bool {
    p.split_whitespace().count() <= CONTACT_LINE_MAX_WORDS && CONTACT_LINE.is_match(p)
}

/// Whether a paragraph is nothing but a date or a time stamp (with its separators), a line that
/// belongs in the metadata; only checked at the edges ([`at_edge`]), where pages put it.
fn is_date_stamp(p: &str) -> bool {
    DATE_STAMP.is_match(p)
        && DATE_STAMP
            .replace_all(p, " ")
            .chars()
            .all(|c| !c.is_alphanumeric())
}

/// Whether a whole paragraph is boilerplate: a label, a link, prompt or tag line, a caption or
/// credit, player or embed furniture, an interface notice, a glued list of teasers, or a rule
/// line without a letter or digit.
fn is_boilerplate_paragraph(p: &str) -> bool {
    let words = p.split_whitespace().count();
    LABEL.is_match(p)
        || LIST_MARKER_INTL.is_match(p)
        || LABEL_INTL.is_match(p)
        || CREDIT_LINE.is_match(p) && words <= CREDIT_LINE_MAX_WORDS
        || TAGS.is_match(p) && words <= 40
        || PROMPT.is_match(p) && words <= 40
        || CAPTION_PARAGRAPH.is_match(p) && words <= 60
        || words <= FURNITURE_MAX_WORDS
            && (EMBED_FURNITURE.is_match(p) || INTERFACE_NOTICE.is_match(p))
        || words <= CAPTION_MAX_WORDS && LEADING_PHOTO_CREDIT.is_match(p)
        || words <= CREDIT_ONLY_MAX_WORDS && CREDIT_ONLY.is_match(p)
        || words <= BAR_LABEL_MAX_WORDS && BAR_LABEL.is_match(p)
        || GLUED_LIST.is_match(p)
        || words <= CAPS_LABEL_MAX_WORDS && CAPS_LABEL.is_match(p) && !ends_as_sentence(p)
        || !p.chars().any(char::is_alphanumeric)
}

/// Drops a list of other stories at the end of the article: from a list marker (or a tag line)
/// in the second half of the text, every following paragraph that reads as a teaser, up to the
/// first that does not.
fn cut_trailing_lists(mut paragraphs: Vec<String>) -> Vec<String> {
    let half = paragraphs.len() / 2;
    let Some(start) = (half..paragraphs.len()).find(|&i| {
        let p = &paragraphs[i];
        LIST_MARKER.is_match(p)
            || LIST_MARKER_INTL.is_match(p)
            || TAGS.is_match(p) && p.split_whitespace().count() <= 40
    }) else {
        return paragraphs;
    };
    let mut end = start + 1;
    while end < paragraphs.len() && is_teaser(&paragraphs[end]) {
        end += 1;
    }
    paragraphs.drain(start..end);
    paragraphs
}

/// Whether a paragraph ends as a sentence does.
fn ends_as_sentence(p: &str) -> bool {
    p.trim_end().ends_with(['.', '!', '?', '"', '”', '…'])
}

/// Whether a paragraph reads as a headline or teaser rather than article prose.
fn is_teaser(p: &str) -> bool {
    let words = p.split_whitespace().count();
    let headline = words <= 20 && !p.trim_end().ends_with(['.', '!', '?', '"', '”']);
    headline || GLUED.is_match(p) || LIST_MARKER.is_match(p) || LIST_MARKER_INTL.is_match(p)
}

/// Cuts a photo caption out of the end of a paragraph: the last sentence, when it closes with a
/// picture credit (a slash, "Photo:", "Getty Images", "via …": only pictures are credited so) or
/// with an agency credit and either states a full date or has the credit glued to it (caption
/// text that a flattener ran into the paragraph, or cut short with "…"). `None` when nothing of
/// the paragraph is left.
fn remove_caption_sentence(p: &str) -> Option<String> {
    if !may_end_with_credit(p) {
        return Some(p.to_owned());
    }
    let Some(credit) = CAPTION_CREDIT.find(p) else {
        return Some(p.to_owned());
    };
    let start = last_sentence_start(&p[..credit.start()]);
    let sentence = &p[start..];
    let before = &p[..credit.start()];
    let glued = before.ends_with(['.', ','])
        || before.trim_end().ends_with(['…', ','])
        || before.trim_end().ends_with("...");
    if !(is_picture_credit(credit.as_str()) || glued || FULL_DATE.is_match(sentence)) {
        return Some(p.to_owned());
    }
    let kept = p[..start].trim_end();
    (!kept.is_empty()).then(|| kept.to_owned())
}

/// Whether a credit can only credit a picture: it has a slash between names, a photo or image
/// label, "Getty Images" or "via …".
fn is_picture_credit(credit: &str) -> bool {
    let lower = credit.to_lowercase();
    credit.contains('/')
        || lower.contains("photo")
        || lower.contains("image")
        || lower.contains("picture")
        || lower.starts_with("(via ")
}

/// A cheap test that [`CAPTION_CREDIT`] can match: its credits end the paragraph with a closing
/// parenthesis, or with an agency slash and at most 40 characters of name after it. Saves
/// running the regex over every paragraph.
fn may_end_with_credit(p: &str) -> bool {
    let end = p.trim_end();
    end.ends_with(')') || end.chars().rev().take(41).any(|c| c == '/')
}

/// Byte offset where the last sentence of `text` starts.
fn last_sentence_start(text: &str) -> usize {
    chorus_text::sentences::segment(text)
        .last()
        .map_or(0, |s| s.span.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip_strs(ps: &[&str]) -> Vec<String> {
        strip(ps.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn link_lines_prompts_and_labels_go() {
        let out = strip_strs(&[
            "The mayor opened the new library on Saturday.",
            "Also read: Ten things to know about the budget",
            "READ MORE: Council delays vote",
            "Advertisement",
            "Sign up for our morning newsletter to get the day's news.",
            "Visitors queued from early morning.",
        ]);
        assert_eq!(
            out,
            [
                "The mayor opened the new library on Saturday.",
                "Visitors queued from early morning."
            ]
        );
    }

    #[test]
    fn notes_on_embedded_media_go_but_what_it_shows_stays() {
        let out = strip_strs(&[
            "This video is an excerpt from a longer interview. The mayor spoke for an hour.",
            "Video courtesy of the county sheriff.",
            "The video shows the officer running toward the car.",
        ]);
        assert_eq!(
            out,
            [
                "The mayor spoke for an hour.",
                "The video shows the officer running toward the car.",
            ]
        );
    }

    #[test]
    fn a_picture_credit_glued_to_the_lead_is_cut() {
        let out = strip_strs(&[
            "Jane Roe, Reuters The council voted on Tuesday to close the bridge.",
            "John Doe, Reuters Bureau Chief, said the vote was close.",
            "Mary Major, AP, was there too.",
            "Richard Miles, Getty Images The crowd gathered early.",
        ]);
        assert_eq!(
            out,
            [
                "The council voted on Tuesday to close the bridge.",
                "John Doe, Reuters Bureau Chief, said the vote was close.",
                "Mary Major, AP, was there too.",
                "The crowd gathered early.",
            ]
        );
    }

    #[test]
    fn a_sentence_that_merely_starts_like_a_prompt_stays() {
        let out = strip_strs(&[
            "Related reports said the dam had held.",
            "Subscribers were told the price would rise.",
        ]);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn trailing_headline_lists_go_after_a_tag_line() {
        let out = strip_strs(&[
            "The harbour reopened after the storm.",
            "Fishing boats returned by evening.",
            "Officials said repairs would take a week.",
            "Tags: Keywords:Weather",
            "Rain Returns to the Valley This Weekend",
            "Forecasters expect showers across the region through Sunday.Farmers Welcome Early Harvest",
            "Most Popular",
        ]);
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn prose_after_a_marker_is_kept() {
        let out = strip_strs(&[
            "First paragraph of the story.",
            "Second paragraph of the story.",
            "Most Read",
            "The minister, speaking later in the evening, said the plan had broad support among the regions.",
        ]);
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn caption_sentence_is_cut_out_of_a_paragraph() {
        let out = strip_strs(&[
            "Leaders met in Oslo. Notably, no journalists attended. U.S. Envoy Jane Roe greets Gen. Tom Poe at the palace, in Oslo, Norway, May 2, 2024.(Reuters)",
        ]);
        assert_eq!(
            out,
            ["Leaders met in Oslo. Notably, no journalists attended."]
        );
    }

    #[test]
    fn credit_prefilter_lets_every_credit_through() {
        for p in [
            "Crowds gather in the square, May 2, 2024. (Reuters)",
            "Crowds gather in the square, May 2, 2024. REUTERS/Jane Roe ",
            "Crowds gather (Photo: Jane Roe/Getty Images)",
        ] {
            assert!(may_end_with_credit(p), "{p}");
            assert!(CAPTION_CREDIT.is_match(p), "{p}");
        }
        assert!(!may_end_with_credit("The talks ended without agreement."));
        assert!(!may_end_with_credit(
            "Prices rose 3/4 of a point on Monday, analysts said today."
        ));
    }

    #[test]
    fn credit_without_caption_shape_stays() {
        let out = strip_strs(&["The talks ended without agreement, officials said (AP)"]);
        assert_eq!(out.len(), 1);
        let out = strip_strs(&["Photo: Jane Roe/Getty Images"]);
        assert!(out.is_empty());
    }

    #[test]
    fn promotion_goes_only_at_the_edges() {
        let out = strip_strs(&[
            "Sign in to read: subscribers get unlimited access.",
            "The council approved the budget on Monday.",
            "The newspaper said its subscribers had doubled since the strike began.",
            "Opposition members promised to raise the issue again.",
            "Reporters were told the vote would be repeated.",
            "The mayor thanked the staff.",
            "Download the Ledger app for breaking news.",
            "© 2025 The Ledger. All rights reserved.",
        ]);
        assert_eq!(out.len(), 5, "{out:?}");
        assert!(out.iter().any(|p| p.contains("subscribers had doubled")));
    }

    #[test]
    fn furniture_labels_in_other_languages_go() {
        let out = strip_strs(&[
            "Der Stadtrat hat den Haushalt am Montag beschlossen.",
            "Weitere Informationen:",
            "Kontakt:",
            "Das könnte Sie auch interessieren:",
            "Die Opposition kündigte an, das Thema erneut vorzubringen.",
            "Kommentare schreiben",
            "Czytaj też:",
            "À lire aussi",
        ]);
        assert_eq!(
            out,
            [
                "Der Stadtrat hat den Haushalt am Montag beschlossen.",
                "Die Opposition kündigte an, das Thema erneut vorzubringen."
            ]
        );
    }

    #[test]
    fn trailing_headline_lists_go_after_a_german_marker() {
        let out = strip_strs(&[
            "Der Hafen wurde nach dem Sturm wieder geöffnet.",
            "Die Fischerboote kehrten am Abend zurück.",
            "Die Reparaturen dauern nach Angaben der Behörden eine Woche.",
            "Das könnte Sie auch interessieren:",
            "Regen kehrt am Wochenende ins Tal zurück",
            "Bauern freuen sich über frühe Ernte",
        ]);
        assert_eq!(out.len(), 3, "{out:?}");
    }

    #[test]
    fn labels_that_open_article_content_stay() {
        let out = strip_strs(&[
            "Für den Mürbeteig:",
            "Zutaten:",
            "Weitere Informationen zum Verfahren gibt das Amt am Montag bekannt.",
            "Kontakt zur Polizei bestand laut Zeugen nicht.",
        ]);
        assert_eq!(out.len(), 4, "{out:?}");
    }

    #[test]
    fn credit_lines_go_but_sentences_about_sources_stay() {
        let out = strip_strs(&[
            "Foto: MDR/Bernd Cramer",
            "Die Quelle des Flusses liegt im Schwarzwald.",
            "Quelle: Deutscher Jagdverband (DJV), 02. Februar 2022, Berlin",
            "© dpa | Kay Nietfeld",
            "Crédits photos : Bestimage",
            "(Credit: Clayton Aldern / Grist)",
            "Quelle: eine sehr lange Zeile, die viel mehr als nur eine Quelle nennt und deshalb als \
             Text des Artikels gelesen wird, weil sie so lang ist.",
        ]);
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[0], "Die Quelle des Flusses liegt im Schwarzwald.");
    }

    #[test]
    fn ad_disclosures_and_figure_captions_go() {
        let out = strip_strs(&[
            "*Werbung. Dieser Beitrag enthält Werbung für eine Modemarke.",
            "Werbung nervt, sagt der Autor, und deshalb blockiert er sie.",
            "Die Kampagne lief im Fernsehen und im Radio.",
            "Abbildung 4: klassische Schwachschicht.",
            "Fot. Jan Kowalski / Agencja Gazeta",
            "Die Händler zeigten sich zufrieden.",
            "Die Stadt plant eine zweite Runde.",
            "Anzeige, enthält Affiliate Links",
        ]);
        assert_eq!(out.len(), 4, "{out:?}");
        assert!(out.iter().any(|p| p.starts_with("Werbung nervt")));
    }

    #[test]
    fn site_prompts_go_at_the_edges() {
        let out = strip_strs(&[
            "Klicken Sie auf den unteren Button, um den Inhalt von www.example.org zu laden.",
            "Der Stadtrat hat den Haushalt am Montag beschlossen.",
            "Die Opposition kündigte an, das Thema erneut vorzubringen.",
            "Keine Kommentare sind bisher eingegangen, sagte der Sprecher am Abend.",
            "Weitere Informationen zum Verfahren gibt das Amt am Montag bekannt.",
            "Verraten Sie gerne in den Kommentaren: Was halten Sie davon?",
            "Weitere Infos unter www.example.org.",
            "Kommentare insgesamt: 0",
        ]);
        assert_eq!(out.len(), 4, "{out:?}");
        assert!(out
            .iter()
            .any(|p| p.starts_with("Weitere Informationen zum Verfahren")));
    }

    #[test]
    fn messenger_news_stays_but_messenger_plugs_go() {
        let out = strip_strs(&[
            "Der Messengerdienst Telegram entwickelt sich zunehmend zu einem Medium der Radikalisierung.",
            "Das BKA hat eine Taskforce eingerichtet.",
            "Sie soll Tatverdächtige identifizieren.",
            "Folgen Sie uns auf Telegram und Instagram!",
            "Síguenos en WhatsApp",
        ]);
        assert_eq!(out.len(), 3, "{out:?}");
        assert!(out[0].contains("Telegram"));
    }

    #[test]
    fn copyright_as_a_topic_stays_but_notices_go() {
        let out = strip_strs(&[
            "The author speaks about Erdogan's copyright on the story and the power of mint.",
            "Creative Commons provides free copyright licenses.",
            "The council approved the budget.",
            "Copyright 2023 Example Television. All rights reserved.",
            "Excerpted from the book. Copyright © 2018 by Jane Roe.",
        ]);
        assert_eq!(out.len(), 3, "{out:?}");
    }

    #[test]
    fn contact_lines_go_at_the_edges_only() {
        let out = strip_strs(&[
            "Telefon: 089 628179 36",
            "The council approved the budget on Monday.",
            "Phone: the mayor said she had not been called.",
            "Opposition members promised to raise the issue again.",
            "Reporters were told the vote would be repeated.",
            "The mayor thanked the staff.",
            "Residents can comment until Friday.",
            "E-Mail: presse@example.org",
        ]);
        assert_eq!(out.len(), 6, "{out:?}");
        assert!(out[1].starts_with("Phone:"));
    }

    #[test]
    fn date_stamps_go_at_the_edges_only() {
        let out = strip_strs(&[
            "24. März 2004, 19:49",
            "The council approved the budget on Monday.",
            "Opposition members promised to raise the issue again.",
            "18:30",
            "Reporters were told the vote would be repeated on 23.10.2018.",
            "The mayor thanked the staff.",
            "Residents can comment until Friday.",
            "Officials expect a decision in spring.",
            "January 22, 2014",
        ]);
        assert_eq!(out.len(), 7, "{out:?}");
        assert!(out.contains(&"18:30".to_owned()));
        assert!(is_date_stamp("3:59 PM"));
        assert!(is_date_stamp("2021-10-16 |"));
        assert!(!is_date_stamp("Veröffentlicht am 16.08.2019"));
    }

    #[test]
    fn player_and_embed_furniture_goes() {
        let out = strip_strs(&[
            "CLOSE Skip in Skip x Embed x Share The mayor talks about the storm damage.",
            "Media playback is unsupported on your device Media caption The mayor at the pier",
            "The council met on Monday to approve the repair budget.",
            "JUST WATCHED Storm hits the coast Replay More Videos ... MUST WATCH Storm hits the coast 02:10",
            "Image copyright Example Agency Image caption Waves broke over the sea wall",
            "Enlarge this image toggle caption Jane Roe/Example Photos Jane Roe/Example Photos",
            "3 of 9. Crews clear debris from the harbour road on Tuesday.",
            "The harbour master describes the damage to the pier. (2:31)",
            "Lovely sunset tonight A post shared by Jane Roe (@janeroe) on Mar 3, 2024 at 6:10pm PST",
            "Photos: Storm damage Photos: Storm damage Waves crash over the harbour wall on Tuesday as crews watch.",
            "// Player.create('player-1', 'abc'); });",
            "Repairs are expected to take a week, the council said.",
        ]);
        assert_eq!(
            out,
            [
                "The council met on Monday to approve the repair budget.",
                "Repairs are expected to take a week, the council said."
            ]
        );
    }

    #[test]
    fn interface_notices_go() {
        let out = strip_strs(&[
            "Please enable JavaScript to watch this video",
            "The council met on Monday to approve the repair budget.",
            "Sign in using your Example profile",
            "Thank you for registering!",
            "We use cookies to improve your experience on our site.",
            "Interested in Storms? Add Storms as an interest to stay up to date. Add Interest",
            "Repairs are expected to take a week, the council said.",
            "Turnout at the sign-in desk for volunteers was high, organizers said.",
        ]);
        assert_eq!(
            out,
            [
                "The council met on Monday to approve the repair budget.",
                "Repairs are expected to take a week, the council said.",
                "Turnout at the sign-in desk for volunteers was high, organizers said."
            ]
        );
    }

    #[test]
    fn captions_and_credits_go_but_sentences_about_photos_stay() {
        let out = strip_strs(&[
            "Jane Roe/Getty Images The mayor visits the pier on Tuesday.",
            "The council met on Monday to approve the repair budget.",
            "The mayor and her deputy at the pier (Photo: Provided)",
            "The harbour wall, seen in this 2019 file photo. (John Doe/The Example Ledger)",
            "Getty Images / Jane Roe / Contributor",
            "John Doe/The Example Ledger",
            "A fisherman posted a photo of the flooded pier, which was shared thousands of times.",
            "Police released photos of a man they want to question.",
            "Repairs are expected to take a week, the council said. Crews at work on the pier. Jane Roe/Reuters",
        ]);
        assert_eq!(
            out,
            [
                "The council met on Monday to approve the repair budget.",
                "A fisherman posted a photo of the flooded pier, which was shared thousands of times.",
                "Police released photos of a man they want to question.",
                "Repairs are expected to take a week, the council said."
            ]
        );
    }

    #[test]
    fn glued_labels_are_cut_and_the_text_kept() {
        let out = strip_strs(&[
            "Story highlights The bridge will stay shut until Friday",
            "Continue reading the main story Crews worked through the night to clear the road.",
            "Advertisement The council met on Monday.",
        ]);
        assert_eq!(
            out,
            [
                "The bridge will stay shut until Friday",
                "Crews worked through the night to clear the road.",
                "The council met on Monday."
            ]
        );
    }

    #[test]
    fn link_lines_lists_and_pointers_go() {
        let out = strip_strs(&[
            "The council met on Monday to approve the repair budget.",
            "RELATED | Why the sea wall failed",
            "STORY: Timeline of the storm",
            "UPDATE: The bridge reopened on Friday.",
            "Editor's Picks Storm shuts harbour Crews race to clear roads",
            "Related Storms: Five things to know about the season",
            "The mayor spoke to reporters. You can watch the briefing below:",
            "___",
            "Repairs are expected to take a week, the council said.",
            "Officials said a full report would follow.",
        ]);
        assert_eq!(
            out,
            [
                "The council met on Monday to approve the repair budget.",
                "UPDATE: The bridge reopened on Friday.",
                "The mayor spoke to reporters.",
                "Repairs are expected to take a week, the council said.",
                "Officials said a full report would follow."
            ]
        );
    }

    #[test]
    fn sign_offs_go_at_the_edges_only() {
        let out = strip_strs(&[
            "Are you there? Send us your photos.",
            "The council met on Monday to approve the repair budget.",
            "Harbour",
            "Residents were asked to email us at the council office, the mayor joked.",
            "Repairs are expected to take a week, the council said.",
            "Contact Jane Roe at 555-123-4567. Follow her on Twitter @janeroe.",
            "With Jane Roe, John Doe and Ann Poe",
            "example-ledger.com",
            "This story is developing",
        ]);
        assert_eq!(
            out,
            [
                "The council met on Monday to approve the repair budget.",
                "Harbour",
                "Residents were asked to email us at the council office, the mayor joked.",
                "Repairs are expected to take a week, the council said."
            ]
        );
        assert!(strip_strs(&["The council met.", "Twitter: @janeroe"]).len() == 1);
        // A contact address or a link the article gives stays.
        let out = strip_strs(&[
            "The council met on Monday to approve the repair budget.",
            "Questions go to the petition's organizers:",
            "repairs.petition@example.org",
            "https://www.example.org/petition/repairs",
        ]);
        assert_eq!(out.len(), 4, "{out:?}");
    }

    #[test]
    fn a_clean_line_is_one_removal_leaves_whole() {
        assert!(is_clean_line("Gale shuts harbour bridge for a week"));
        assert!(!is_clean_line(
            "Please enable JavaScript to watch this video"
        ));
        assert!(!is_clean_line("Story highlights Gale shuts harbour bridge"));
        assert!(!is_clean_line("The mayor at the pier (Photo: Provided)"));
        assert!(!is_clean_line(""));
    }

    proptest::proptest! {
        #[test]
        fn strip_never_panics_and_never_invents_text(ps in proptest::collection::vec("\\PC{0,120}", 0..8)) {
            let out = strip(ps.clone());
            for p in &out {
                proptest::prop_assert!(ps.iter().any(|q| q.contains(p.as_str())));
            }
        }
    }
}
