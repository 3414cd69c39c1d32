//! Small hand-written closed-class word lists: general English news vocabulary, no names of
//! particular people.

/// Last words that make a capitalized phrase an organization ("Foreign Ministry",
/// "Goldman Sachs Group", "Apple Inc.").
pub(crate) const ORG_SUFFIXES: &[&str] = &[
    "Ministry", "Department", "Agency", "Council", "Party", "Inc", "Inc.", "Corp", "Corp.",
    "Corporation", "Co.", "Ltd", "Ltd.", "LLC", "PLC", "plc", "AG", "SA", "University", "College",
    "Court", "Bank", "Fund", "News", "Committee", "Commission", "Association", "Union", "Institute",
    "Company", "Group", "Police", "Army", "Navy", "Force", "Forces", "Guard", "Times", "Post",
    "Journal", "Herald", "Tribune", "Gazette", "Press", "Network", "Foundation", "Office",
    "Bureau", "Board", "Authority", "Administration", "Service", "Services", "Organization",
    "Organisation", "Federation", "League", "Coalition", "Alliance", "Parliament", "Assembly",
    "Senate", "Congress", "Cabinet", "Church", "Hospital", "School", "Academy", "Society",
    "Center", "Centre", "Observatory", "Agency", "Airlines", "Airways", "Motors", "Holdings",
    "Partners", "Industries", "Technologies", "Systems", "Reuters", "Media", "Magazine", "Radio",
    "Television", "TV", "Channel", "Club", "Team", "FC", "Brigade", "Battalion", "Regiment",
    "Corps", "Fleet", "Command", "Chamber", "Commission", "Secretariat", "Directorate",
    "Tribunal", "Prosecutor's", "Trust", "Exchange", "Reserve", "Labs", "Laboratory", "Studios",
    "Pictures", "Records", "Works",
    "Unit", "Division", "Project", "Movement", "Front", "Mission", "Store", "Shop", "Bancorp",
    "Insurance", "Energy", "Petroleum", "Oil", "Gas", "Airport", "Initiative", "Program",
    "Programme", "Images", "Watch", "Survey", "Wing",
];

/// First words that make a capitalized phrase an organization ("Ministry of Defence",
/// "University of Chicago").
pub(crate) const ORG_HEADS: &[&str] = &[
    "Ministry", "Department", "University", "Bank", "Council", "Court", "Institute", "Office",
    "Bureau", "Board", "Committee", "Commission", "Association", "Federation", "League",
    "Organization", "Organisation", "Church", "Museum", "Academy", "Society", "Center", "Centre",
    "College", "School", "Agency", "Union", "Fund", "Party", "House", "Chamber", "Order",
    "Coalition", "Alliance", "Friends", "Army", "Republic",
];

/// Institutions named by a bare word or phrase, often after "the".
pub(crate) const INSTITUTIONS: &[&str] = &[
    "Kremlin", "White House", "Pentagon", "Congress", "Senate", "Parliament", "Knesset",
    "Duma", "State Duma", "Bundestag", "Vatican", "Politburo", "Interpol", "Europol",
    "United Nations", "European Union", "Supreme Court", "Capitol Hill", "Downing Street",
    "Elysee", "Élysée", "Quai d'Orsay", "Foggy Bottom", "Whitehall", "Treasury", "Reuters",
    "Associated Press", "Facebook", "Twitter", "Google", "Apple", "Microsoft", "Amazon",
    "YouTube", "Instagram", "Hamas", "Hezbollah", "Taliban", "al-Qaeda", "al-Qaida",
    "Al Qaeda", "Islamic State", "Red Cross", "Red Crescent", "Politico", "Bloomberg",
    "Al Jazeera", "Xinhua", "Tass", "TASS", "Interfax", "Yonhap", "Kyodo", "AFP",
];

/// Places that are not in the gazetteer because their words are ordinary ones.
pub(crate) const PLACE_WORDS: &[&str] = &[
    "West", "East", "Middle East", "Far East", "South", "North", "Gulf", "Arctic", "Antarctica",
    "Balkans", "Caucasus", "Sahel", "Crimea", "Donbas", "Donbass", "Gaza", "West Bank",
    "Gaza Strip", "Golan Heights", "Korean Peninsula", "Europe", "Asia", "Africa",
    "North America", "South America", "Latin America", "Scandinavia", "Persian Gulf",
    "Red Sea", "Black Sea", "Mediterranean", "Atlantic", "Pacific",
];

/// Last words of place names ("Hudson River", "Main Street", "Cook County").
pub(crate) const PLACE_SUFFIXES: &[&str] = &[
    "River", "Street", "St.", "Avenue", "Ave.", "Road", "Rd.", "Boulevard", "Blvd.", "Square",
    "County", "Province", "Region", "District", "Island", "Islands", "Mountains", "Mountain",
    "Valley", "Sea", "Ocean", "Lake", "Bay", "Peninsula", "Strait", "Canal", "Bridge", "Park",
    "Base", "Heights", "Plaza", "Highway", "Desert", "Coast", "Beach", "Harbor", "Harbour",
    "Station", "Tower", "Towers", "Square", "Prefecture", "Oblast", "Territory", "Territories",
    "Hills", "Falls", "Basin", "Forest", "Canyon", "Township", "Parish", "Zone", "Corridor",
    "Plant", "Reactor", "City", "Village", "Town", "Pass",
];

/// First words of place names ("Lake Geneva", "Mount Everest", "Gulf of Aden").
pub(crate) const PLACE_HEADS: &[&str] = &[
    "Lake", "Mount", "Mt.", "Gulf", "Sea", "Bay", "Cape", "Isle", "Strait", "Port", "Fort",
    "Ft.", "Camp", "San", "Santa", "Saint", "St.", "Los", "Las", "New", "North", "South", "East",
    "West", "Upper", "Lower", "Greater",
];

/// Titles and honorifics that, right before a capitalized word, make it a person's name; not
/// part of the name.
pub(crate) const PERSON_TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame", "Lord", "Lady", "Rev", "Fr",
    "Sen", "Rep", "Gov", "Lt", "Col", "Gen", "Maj", "Capt", "Cmdr", "Adm", "Sgt", "Cpl", "Pvt",
    "Det", "Insp", "Supt", "Atty", "Hon", "President", "Vice", "Premier", "Chancellor",
    "Minister", "Secretary", "Senator", "Representative", "Congressman", "Congresswoman",
    "Governor", "Mayor", "Judge", "Justice", "General", "Admiral", "Colonel", "Captain",
    "Lieutenant", "Sergeant", "Major", "Commander", "Officer", "Detective", "Deputy", "Sheriff",
    "Chief", "Director", "Ambassador", "Envoy", "King", "Queen", "Prince", "Princess", "Pope",
    "Emperor", "Sheikh", "Sheik", "Emir", "Ayatollah", "Imam", "Rabbi", "Cardinal", "Bishop",
    "Archbishop", "Pastor", "Father", "Sister", "Brother", "Professor", "Doctor", "Chairman",
    "Chairwoman", "Chair", "Speaker", "Leader", "Spokesman", "Spokeswoman", "Spokesperson",
    "Commissioner", "Prosecutor", "Attorney", "Delegate", "Councilman", "Councilwoman",
    "Councillor", "Assemblyman", "Assemblywoman", "Trooper", "Sgt", "Coach", "Agent",
    "Superintendent", "Inspector", "Constable", "Marshal", "Magistrate", "Adviser", "Advisor",
    "Aide", "Negotiator", "Lawmaker", "Rep", "MP", "CEO", "Founder", "Executive", "Head",
    "Candidate", "Nominee", "Czar", "Tsar", "Sultan", "Crown",
];

/// Words that may come before a title inside a capitalized role ("Foreign Minister",
/// "Deputy Prime Minister", "Former President", "Interior Secretary").
pub(crate) const TITLE_MODIFIERS: &[&str] = &[
    "Foreign", "Prime", "Deputy", "Vice", "Former", "Acting", "Interim", "Chief", "Senior",
    "Assistant", "Associate", "Attorney", "Interior", "Defense", "Defence", "Finance", "Health",
    "Justice", "Energy", "Trade", "Economy", "Education", "Labor", "Labour", "Homeland",
    "Security", "National", "Press", "Home", "State", "Treasury", "Transport", "Transportation",
    "Agriculture", "Commerce", "Executive", "Managing", "General", "Supreme", "Grand", "Lt.",
    "Lieutenant", "Rear", "Navy", "Army", "Air", "Police", "Fire", "Special", "District",
    "County", "Federal", "High", "First", "Top", "Then", "Ex", "Secretary", "Majority",
    "Minority", "House", "Senate", "Speaker", "Presidential", "Cabinet", "Regional", "Provincial",
    "Municipal", "Opposition", "Party", "Environment", "Culture", "Sports", "Development",
    "Intelligence", "Communications", "Information", "Public", "Affairs", "Social", "Economic",
    "U.S.", "US", "UN", "U.N.", "EU", "White", "Crown", "Mr.", "Ms.", "Mrs.",
];

/// Lowercase words that close a capitalized name before them when followed by a name — not
/// themselves entities.
pub(crate) const NAME_PARTICLES: &[&str] = &[
    "de", "da", "van", "von", "der", "den", "du", "del", "della", "di", "bin", "ibn", "al",
    "el", "dos", "das", "le", "la", "ter", "y",
];

/// Demonyms and group nouns that are capitalized but name no entity; derived demonyms
/// ("Russian", "Israeli") come from the country list.
pub(crate) const GROUP_WORDS: &[&str] = &[
    "American", "Polish", "French", "British", "English", "Greek", "German", "Turkish", "Dutch",
    "Swiss", "Spanish", "Danish", "Swedish", "Finnish", "Irish", "Scottish", "Welsh", "Thai",
    "Filipino", "Afghan", "Saudi", "Emirati", "Arab", "Arabic", "Kurdish", "Kurd", "Palestinian",
    "European", "African", "Asian", "Latin", "Western", "Eastern", "Soviet", "Jewish", "Jew",
    "Muslim", "Christian", "Catholic", "Protestant", "Orthodox", "Islamic", "Islamist", "Sunni",
    "Shiite", "Shia", "Alawite", "Republican", "Democrat", "Democratic", "Conservative",
    "Labourite", "Nazi", "Communist", "Socialist", "Liberal", "Hispanic", "Latino", "Latina",
    "Caucasian", "Slavic", "Baltic", "Nordic", "Celtic", "Persian", "Hindu", "Buddhist", "Sikh",
    "Yazidi", "Briton", "Scot", "Brit", "Pakistani", "Israeli", "Iraqi", "Kuwaiti", "Qatari",
    "Yemeni", "Omani", "Bahraini", "Bangladeshi", "Nepali", "Somali", "Chinese", "Japanese",
    "Vietnamese", "Lebanese", "Portuguese", "Sudanese", "Congolese", "Senegalese", "Maltese",
    "Burmese", "Taiwanese", "Nepalese", "Ukrainian", "Iranian", "Korean", "Russian", "Syrian",
    "Egyptian", "Indian", "Canadian", "Mexican", "Brazilian", "Italian", "Australian",
    "Belarusian", "Georgian", "Armenian", "Azerbaijani", "Turkmen", "Uzbek", "Kazakh", "Tajik",
    "Kyrgyz", "Mongolian", "Libyan", "Tunisian", "Algerian", "Moroccan", "Nigerian", "Kenyan",
    "Ethiopian", "Norwegian", "Icelandic", "Hungarian", "Czech", "Slovak", "Romanian",
    "Bulgarian", "Serbian", "Croatian", "Bosnian", "Albanian", "Macedonian", "Cypriot",
    "Jordanian", "Argentine", "Argentinian", "Chilean", "Peruvian", "Colombian", "Venezuelan",
    "Cuban", "Haitian", "Jamaican", "Zimbabwean", "Lithuanian", "Latvian", "Estonian",
    "Slovenian", "Montenegrin", "Moldovan", "Austrian", "Belgian", "Luxembourgish",
];

/// Kinship words: not roles.
pub(crate) const KINSHIP: &[&str] = &[
    "brother", "sister", "husband", "wife", "son", "daughter", "father", "mother", "uncle",
    "aunt", "cousin", "nephew", "niece", "grandson", "granddaughter", "grandfather",
    "grandmother", "stepson", "stepdaughter", "stepfather", "stepmother", "fiance", "fiancee",
    "fiancé", "fiancée", "boyfriend", "girlfriend", "partner", "widow", "widower", "mom", "dad",
    "friend", "baby", "child", "parents", "family", "brother-in-law", "sister-in-law",
];

/// Lowercase words that may stand inside a role before its head ("foreign policy adviser",
/// "sovereign wealth fund"), beyond the title vocabulary.
pub(crate) const ROLE_WORDS: &[&str] = &[
    "foreign", "policy", "former", "acting", "interim", "deputy", "vice", "top", "senior",
    "chief", "prime", "defense", "defence", "interior", "press", "finance", "economic",
    "national", "security", "presidential", "then", "longtime", "veteran", "lead", "assistant",
    "associate", "executive", "managing", "general", "state", "federal", "district", "county",
    "city", "regional", "local", "opposition", "party", "military", "intelligence", "trade",
    "health", "justice", "energy", "labor", "education", "ruling", "new", "incoming", "outgoing",
    "retired", "special", "white", "house", "chief's", "communications", "affairs", "public",
    "campaign", "union", "police", "fire", "team", "club", "company", "bank", "fund", "wealth",
    "sovereign", "investment", "free", "agent", "star", "basketball", "football", "baseball",
    "soccer", "bespoke", "shoe", "fashion", "rights", "human", "peace", "chief", "co",
];

/// Words between a name and a role after it that mean the apposition is not a role.
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that",
    "these", "those", "and", "or", "but", "to", "with", "by", "for", "from", "in", "on", "at",
    "as", "said", "says", "told", "is", "was", "were", "are", "be", "been", "has", "have",
    "had", "who", "whom", "which", "when", "where", "while", "after", "before", "if", "not",
    "he", "she", "it", "they", "we", "i", "you", "also", "will", "would", "could", "should",
    "did", "does", "do", "than", "about", "into", "over", "under", "between", "against",
    "during", "met", "meet", "meets", "added", "according", "including", "like", "both",
];

/// Days, months and holidays: capitalized, never entities.
pub(crate) const CALENDAR: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan.", "Feb.", "Mar.", "Apr.", "Aug.", "Sept.", "Sep.", "Oct.",
    "Nov.", "Dec.", "Christmas", "Easter", "Ramadan", "Eid", "Thanksgiving", "Halloween",
    "Hanukkah", "Passover", "Diwali", "New Year", "Mon.", "Tue.", "Wed.", "Thu.", "Fri.",
    "Sat.", "Sun.", "Tues.", "Thurs.", "AM", "PM", "GMT", "EST", "EDT", "PST", "UTC", "BST",
    "CET", "CEST",
];
